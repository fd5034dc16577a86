"""How facts are read on tickets the procedures' authors never saw.

Each spec is a capability, not a case: a field's name carries the question its
yes/no value answers; the account e-mail or a named company identifies the
customer; another open ticket may be written in a field or a note; a routing
time may be written only in a note; a due date decides the seventh-day rule;
a space's cached knowledge can be dropped.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from copilot.suggest.fact_reader import FactReader
from copilot.suggest.facts import FactSpec
from copilot.suggest.ticket_view import TicketView
from copilot.ticket import Ticket

NOW = datetime.fromisoformat("2026-11-24T10:00:00-03:00")

ONBOARDING = FactSpec(description="em onboarding", fields=["onboarding", "implantação"],
                      true_values=["em onboarding", "onboarding", "em andamento", "pendente"],
                      false_values=["concluído", "finalizado", "ativo", "não"])


def enotas(**extra) -> dict:
    ticket = {"space": "enotas", "id": "70410", "status": "Novo", "subject": "Nota de serviço rejeitada",
              "description": "A nota 88 voltou rejeitada pela prefeitura, podem corrigir?",
              "requester": {"name": "Júlia Barros", "email": "julia@barrosvidros.com.br", "organization": "Barros Vidros"},
              "created_at": "2026-11-24T09:00:00-03:00"}
    ticket.update(extra)
    return ticket


def read(spec: FactSpec, **fields):
    ticket = Ticket(space="x", subject="assunto", fields=fields)
    return FactReader({"f": spec}, TicketView.of(ticket), NOW).read("f").value


# -- 1. a field's name states the fact its yes/no value answers ------------------------------
@pytest.mark.parametrize("name, value, expected", [
    ("Implantação finalizada?", "Sim", False), ("implantacao_finalizada", "não", True),
    ("onboarding_concluido", True, False), ("Onboarding concluído", 0, True),
    ("Onboarding pendente", "x", True), ("onboarding", "sim", True), ("Onboarding", "concluído", False),
])
def test_a_yes_or_no_answers_the_question_the_field_name_asks(name, value, expected):
    assert read(ONBOARDING, **{name: value}) is expected


def test_an_active_flag_means_not_blocked_and_a_delinquent_flag_means_non_payment(decide):
    step = decide(enotas(fields={"embed_ativo": "sim", "onboarding_finalizado": "x"}))
    assert "Bloco 2" in step.step.label  # nothing in Bloco 1 is due
    step = decide(enotas(fields={"Situação Embed": "suspensa", "Inadimplente?": "Sim"}))
    assert "Pendente Financeiro" in step.step.text
    step = decide(enotas(fields={"embed status": "blocked", "Block reason": "late payment"}))
    assert "Financeiro-Atendimento" in step.step.text


# -- 2. the customer is identified by the account e-mail or a company stated anywhere ---------------
def test_a_company_mailbox_identifies_the_customer_and_an_unlinked_user_is_then_registered(decide):
    ticket = enotas(requester={"name": "Júlia", "email": "julia@barrosvidros.com.br"},
                    comments=[{"author": "agent", "public": False, "body": "solicitante sem organização no helpdesk",
                               "created_at": "2026-11-24T09:20:00-03:00"}])
    assert "atualizar o cadastro" in decide(ticket).step.text


def test_a_company_named_in_the_text_identifies_the_customer(decide):
    ticket = enotas(requester={"name": "Júlia", "email": "julia.b@gmail.com"},
                    description="Empresa: Barros Vidros Ltda. A nota 88 voltou rejeitada pela prefeitura.",
                    fields={"Organização vinculada?": "Não"})
    assert "atualizar o cadastro" in decide(ticket).step.text


def test_a_personal_mailbox_alone_does_not_identify_the_customer(decide):
    ticket = enotas(requester={"name": "Júlia", "email": "julia.b@hotmail.com"})
    assert "solicitar ao cliente" in decide(ticket).step.text


# -- 3. another open ticket written as free text or only in a note ------------------------------------
def test_another_ticket_in_a_free_text_field_without_card_is_merged(decide):
    ticket = enotas(fields={"Chamados relacionados": "#70122 - mesma nota rejeitada, ainda em atendimento, sem card"})
    assert "Pendente Suporte" in decide(ticket).step.text


def test_an_older_ticket_with_a_card_named_only_in_a_note_is_merged(decide):
    note = "cliente tem outro chamado aberto #69980 sobre isso, com card no Jira"
    ticket = enotas(comments=[{"author": "agent", "public": False, "body": note, "created_at": "2026-11-24T09:30:00-03:00"}])
    assert "mesclar os tickets" in decide(ticket).step.text


def test_a_newer_ticket_with_a_card_takes_the_ticket_to_its_analyst(decide):
    note = "Existe outro chamado aberto, o 70533, com card DEV-88 vinculado."
    ticket = enotas(comments=[{"author": "agent", "public": False, "body": note, "created_at": "2026-11-24T09:30:00-03:00"}])
    assert "atribuir o chamado ao analista responsável" in decide(ticket).step.text


# -- 4. r3izzy: routing time written only in a note; cancellation without a reason -----------------
def r3izzy(**extra) -> dict:
    ticket = {"space": "r3izzy", "id": "5120", "status": "Novo", "subject": "Pró-labore de novembro",
              "description": "Preciso do recibo de pró-labore de novembro.", "created_at": "2026-11-24T07:00:00-03:00"}
    ticket.update(extra)
    return ticket


def test_a_routing_time_in_a_note_starts_the_two_hour_clock(decide):
    note = {"author": "agent", "public": False, "body": "roteado para o Caio às 07:30", "created_at": "2026-11-24T09:55:00-03:00"}
    step = decide(r3izzy(comments=[note]))  # NOW is 10:00: two and a half hours since 07:30
    assert "comunicar pessoalmente ao responsável" in step.step.text


def test_a_recent_routing_without_priority_is_not_sent_back_to_classification(decide):
    step = decide(r3izzy(fields={"encaminhado_em": "2026-11-24T09:30:00-03:00"}))
    assert "movê-lo para o estágio agendado" in step.step.text


def test_a_cancelled_ticket_without_a_reason_asks_for_the_internal_note(decide):
    assert "razões do cancelamento" in decide(r3izzy(status="Cancelado")).step.text
    noted = [{"author": "agent", "public": False, "body": "Cancelado porque o cliente desistiu do pedido.",
              "created_at": "2026-11-24T09:00:00-03:00"}]
    step = decide(r3izzy(status="Cancelado", comments=noted))
    assert step is None or "razões do cancelamento" not in step.step.text


# -- 5. info: the due date decides the seventh-day rule ---------------------------------------------
def info(description: str) -> dict:
    return {"space": "info", "id": "300", "subject": "aviso de bloqueio", "description": description,
            "created_at": "2026-11-24T08:00:00-03:00"}


@pytest.mark.parametrize("description, expected", [
    ("apareceu a tela de bloqueio, a mensalidade vence dia 21, vai bloquear?", "sétimo dia"),
    ("o sistema bloqueou agora cedo, mando print. vencimento foi dia 12", "desbloqueio é automático"),
])
def test_the_due_date_decides_whether_the_system_is_really_blocked(decide, description, expected):
    assert expected in decide(info(description)).step.text


# -- forget: a curator's change is read on the next request -------------------------------------------
def test_forget_drops_the_spaces_cached_knowledge(catalog, embedder):
    from copilot.suggest.sla import SlaCalculator
    from copilot.suggest.suggester import Suggester
    from copilot.settings import Settings

    suggester = Suggester(catalog, retriever=None, embedder=embedder, settings=Settings())
    first = suggester.knowledge("voalle")
    suggester.sla.policy("r3izzy")
    suggester.forget("voalle")
    suggester.forget("r3izzy")
    assert suggester.knowledge("voalle") is not first
    assert "r3izzy" not in suggester.sla._policies
    calculator = SlaCalculator(catalog)
    calculator.policy("r3izzy")
    calculator.forget("r3izzy")
    calculator.forget("never-loaded")  # forgetting what was never read is harmless
    assert "r3izzy" not in calculator._policies
