"""The next step the POPs prescribe, for the branches the brief names.

Each branch is exercised with facts under different spellings and with facts
stated only in internal notes: the engine reads kb/<space>/procedures.yaml,
never a spelling in Python.
"""

from __future__ import annotations

from datetime import datetime

import pytest

ENOTAS = {"space": "enotas", "status": "Novo", "created_at": "2026-11-20T09:00:00-03:00",
          "requester": {"name": "Maria Souza", "organization": "Padaria Pão Quente"}}


def note(body: str, when: str = "2026-11-24T09:30:00-03:00", author: str = "agent") -> dict:
    return {"author": author, "public": False, "body": body, "created_at": when}


def enotas(**extra) -> dict:
    return {**ENOTAS, "subject": "Nota rejeitada pela prefeitura", "description": "A nota voltou rejeitada.", **extra}


def test_without_company_name_or_account_email_ask_the_customer(decide):
    step = decide({"space": "enotas", "subject": "nota nao sai", "description": "so da rejeicao, oq eu faço??",
                   "requester": {"name": "Carla", "email": "carla@gmail.com"}})
    assert "solicitar ao cliente" in step.step.text and step.step.section.endswith("Bloco 1 - Análise inicial")


def test_a_company_named_in_the_text_is_enough(decide):
    step = decide({"space": "enotas", "subject": "Importar vendas", "description": "Bom dia, sou da Ótica Visão (CNPJ 12.345.678/0001-90).",
                   "fields": {"Organização vinculada": "não"}})
    assert "atualizar o cadastro no sistema" in step.step.text


@pytest.mark.parametrize("extra", [
    {"fields": {"vinculo_usuario_organizacao": False}},
    {"comments": [note("Usuária não está vinculada à organização no Movidesk.")],
     "requester": {"name": "Renata", "organization": ""}, "description": "Aqui é a Renata do Studio Corpo Leve."},
])
def test_user_not_linked_to_the_organisation_update_the_registration(decide, extra):
    assert "atualizar o cadastro no sistema" in decide(enotas(**extra)).step.text


@pytest.mark.parametrize("extra", [
    {"fields": {"onboarding": "em andamento"}},
    {"fields": {"Fase do cliente": "Onboarding"}},
    {"comments": [note("Cliente ainda não saiu do onboarding.")]},
])
def test_still_in_onboarding_merge_with_the_onboarding_ticket(decide, extra):
    step = decide(enotas(**extra)).step
    assert "mesclar os atendimentos" in step.text and "Pendente Onboarding" in step.text


def test_finished_onboarding_is_not_onboarding(decide):
    assert "Onboarding" not in decide(enotas(fields={"Fase do cliente": "Pós-onboarding"})).step.text


@pytest.mark.parametrize("extra", [
    {"fields": {"embed_status": "bloqueado", "motivo_bloqueio": "inadimplência"}},
    {"fields": {"Situação no Embed": "Bloqueado - inadimplente"}},
    {"comments": [note("Consultei o Embed: conta bloqueada por falta de pagamento, tirei print.")]},
])
def test_blocked_for_non_payment_internal_note_and_pendente_financeiro(decide, extra):
    decision = decide(enotas(**extra))
    assert "Financeiro-Atendimento" in decision.step.text and "Pendente Financeiro" in decision.step.text
    assert decision.step.template == "enotas-resposta-bloqueio-financeiro"
    assert any(f.name == "blocked_reason_nonpayment" and f.evidence for f in decision.matched)


def test_blocked_for_an_unknown_reason_confirm_it_in_the_channel(decide):
    assert "#finan-suporte" in decide(enotas(fields={"situacao_embed": "bloqueado"})).step.text


def test_once_pendente_financeiro_the_customer_is_informed(decide):
    step = decide(enotas(status="Pendente Financeiro", fields={"embed_status": "bloqueado", "motivo_bloqueio": "inadimplência"})).step
    assert "informar ao cliente a respeito do bloqueio" in step.text


@pytest.mark.parametrize("extra", [
    {"fields": {"outros_tickets_abertos": [{"id": "71702", "subject": "Nota rejeitada pela prefeitura de novo",
                                            "created_at": "2026-11-21T14:10:00-03:00", "card": "DEV-4821"}]}},
    {"fields": {"Outros tickets do cliente": [{"ticket": "#71744", "assunto": "nota rejeitada prefeitura",
                                               "aberto_em": "2026-11-22T09:00:00-03:00", "Card Jira": "EMI-1290"}]}},
    {"comments": [note("Cliente tem também o ticket 71750 (aberto 23/11) sobre a mesma nota, e o card DEV-4907 está vinculado lá.")]},
])
def test_other_ticket_whose_card_is_in_a_newer_ticket_assign_to_its_analyst_keep_novo(decide, extra):
    step = decide(enotas(**extra)).step
    assert "atribuir o chamado ao analista responsável" in step.text and '"Novo"' in step.text


def test_other_ticket_older_or_without_card_merge_pendente_suporte(decide):
    older = {"outros_tickets_abertos": [{"id": "1", "subject": "Nota rejeitada pela prefeitura", "card": "DEV-1",
                                         "created_at": "2026-11-10T09:00:00-03:00"}]}
    assert "Pendente Suporte" in decide(enotas(fields=older)).step.text
    assert "Pendente Suporte" in decide(enotas(comments=[note("Há outro ticket aberto do mesmo cliente, sem card vinculado.")])).step.text


def test_another_open_ticket_on_another_subject_does_not_count(decide):
    other = {"outros_tickets_abertos": [{"id": "1", "subject": "Alteração de plano para o anual", "card": None,
                                         "created_at": "2026-11-22T10:00:00-03:00"}]}
    assert "anotação interna com a macro do checklist" in decide(enotas(fields=other)).step.text


def test_with_nothing_pending_the_checklist_note_is_next_and_then_nothing(decide):
    assert "anotação interna com a macro do checklist" in decide(enotas()).step.text
    assert decide(enotas(comments=[note("Checklist - Falha no sistema\nA falha refere-se a: (X) Apps")])) is None


R3IZZY = {"space": "r3izzy", "subject": "Emitir nota em Niterói", "description": "Quero emitir nota lá.",
          "status": "Novo", "priority": "Média", "type": "Cliente", "assignee": {"name": "Camila Reis"},
          "created_at": "2026-11-24T08:12:00-03:00"}


@pytest.mark.parametrize(("extra", "now"), [
    ({"fields": {"estagio": "Novo", "roteado_em": "2026-11-24T08:30:00-03:00"}}, "2026-11-24T11:00:00-03:00"),
    ({"fields": {"Encaminhado em": "23/11/2026 08:00"}}, "2026-11-24T09:30:00-03:00"),
    ({"comments": [note("Encaminhei para a Camila às 13h.", "2026-11-24T13:00:00-03:00")]}, "2026-11-24T15:30:00-03:00"),
])
def test_r3izzy_not_scheduled_two_hours_after_routing_n0_tells_the_responsible_in_person(decide, extra, now):
    step = decide({**R3IZZY, **extra}, datetime.fromisoformat(now)).step
    assert "comunicar pessoalmente ao responsável" in step.text


def test_r3izzy_within_two_hours_the_responsible_schedules(decide):
    step = decide({**R3IZZY, "fields": {"Stage": "New", "Routed at": "2026-11-24T09:30:00-03:00"}},
                  datetime.fromisoformat("2026-11-24T10:15:00-03:00")).step
    assert "movê-lo para o estágio agendado" in step.text


def test_r3izzy_scheduled_ticket_is_not_chased(decide):
    decision = decide({**R3IZZY, "status": "Agendado", "fields": {"roteado_em": "2026-11-24T08:30:00-03:00", "data_final": "2026-11-26"}},
                      datetime.fromisoformat("2026-11-24T15:00:00-03:00"))
    assert decision is None or "pessoalmente" not in decision.step.text


TOTVS = {"space": "totvs", "subject": "Relatório de comissões duplicado", "description": "O MATR540 duplica valores.",
         "status": "aberto", "assignee": {"name": "Rafael Monteiro"}, "created_at": "2026-11-17T08:30:00-03:00"}
THREE_REPLIES = [{"author": "agent", "public": True, "body": f"Pergunta {n}", "created_at": f"2026-11-1{n + 7}T10:00:00-03:00"}
                 for n in range(3)]


@pytest.mark.parametrize("extra", [{}, {"fields": {"contato_telefonico": "não"}}, {"fields": {"phone_contact": False}}])
def test_totvs_three_public_replies_without_a_call_call_the_customer(decide, extra):
    step = decide({**TOTVS, "comments": THREE_REPLIES, **extra}).step
    assert "não deve haver mais do que 3 interações públicas" in step.text


def test_totvs_a_call_recorded_in_a_note_lifts_the_rule(decide):
    comments = THREE_REPLIES + [note("Liguei para o cliente e confirmei os parâmetros.", "2026-11-21T10:00:00-03:00")]
    decision = decide({**TOTVS, "comments": comments})
    assert decision is None or "3 interações públicas" not in decision.step.text


def test_steps_carry_their_source_section(decide, knowledge):
    decision = decide({**TOTVS, "comments": THREE_REPLIES})
    source = decision.procedure.source(decision.step)
    assert source.doc_id == "totvs-processo-boas-praticas" and source.section.endswith("1. Introdução")
