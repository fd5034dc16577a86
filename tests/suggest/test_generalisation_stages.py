"""Facts written in ways the team's tickets never used, and the scope gate's two tiers.

Each spec is a capability the held-out batch showed missing: a workflow stage
read from the helpdesk status, an Odoo kanban state, an organisation link or a
customer journey spelled differently, an empty ticket field, a delivery-date
question; a bare plea for help is not "off-topic"; a procedure chosen by
meaning alone needs the ticket to be clearly about the space; several
retrieval rankings fuse by reciprocal rank.
"""

from __future__ import annotations

import numpy as np
import pytest

from copilot.kb.documents import Chunk
from copilot.retrieval.base import Hit
from copilot.suggest.articles import fuse_hits
from copilot.suggest.fact_reader import FactReader
from copilot.suggest.meaning import is_topicless
from copilot.suggest.suggester import Suggester
from copilot.suggest.ticket_view import TicketView
from copilot.ticket import Ticket

from tests.suggest.conftest import NOW


def r3izzy(**extra) -> dict:
    ticket = {"space": "r3izzy", "id": "HD-9001", "subject": "Relatório de faturamento não abre",
              "description": "O relatório de faturamento dá erro quando exporto para Excel.", "status": "Agendado",
              "priority": "Alta", "type": "Cliente", "requester": {"name": "Marta Lins", "email": "marta@lins.com.br"},
              "assignee": {"name": "Camila Reis"}, "created_at": "2026-11-24T08:12:00-03:00"}
    ticket.update(extra)
    return ticket


def test_a_scheduled_ticket_without_a_final_date_must_formalise_it(decide):
    assert "formalizar a Data final" in decide(r3izzy()).step.text
    dated = decide(r3izzy(fields={"Data final": "2026-11-30"}))
    assert dated is None or "formalizar a Data final" not in dated.step.text


@pytest.mark.parametrize("status, fields", [
    ("Em aberto", {"Estágio": "Concluído"}),
    ("Concluído", {"kanban_state": "⚪ em aberto"}),
    ("Concluído", {"Kanban State": "normal"}),
])
def test_a_done_stage_with_the_status_still_open_asks_to_conclude_the_status(decide, status, fields):
    assert "concluir o status (⚪)" in decide(r3izzy(status=status, fields=fields)).step.text


def test_a_bare_plea_for_help_gets_the_triage_classification(decide):
    step = decide(r3izzy(subject="ajuda", description="preciso de ajuda", status="Novo", priority=None, type=None,
                         assignee=None))
    assert step.step.id == "classificacao"


def enotas(fields: dict, comments: list | None = None, **requester) -> dict:
    return {"space": "enotas", "id": "80101", "status": "Novo", "subject": "Nota rejeitada pela prefeitura",
            "description": "A nota 1520 voltou rejeitada, código E45. Podem ver?",
            "requester": {"name": "Júlia Barros", "email": "julia@barrosvidros.com.br", **requester},
            "fields": {"Empresa": "Barros Vidros Ltda", **fields}, "comments": comments or [],
            "created_at": "2026-11-24T09:00:00-03:00"}


def test_an_abbreviated_org_link_field_saying_no_organisation_asks_to_update_the_registration(decide):
    step = decide(enotas({"Vínculo org. Movidesk": "solicitante sem organização"}))
    assert "atualizar o cadastro" in step.step.text
    assert any("Vínculo org" in f.evidence for f in step.matched)


def test_a_customer_journey_in_implantation_merges_with_the_onboarding_ticket(decide):
    step = decide(enotas({"Jornada do cliente": "Implantação (onboarding)"}, organization="Barros Vidros"))
    assert "Pendente Onboarding" in step.step.text


def totvs(fields: dict, comments: list | None = None, subject: str = "Correção do cálculo de ICMS ST") -> dict:
    return {"space": "totvs", "id": "22100001", "subject": subject, "status": "Aberto",
            "description": "Abrimos esse chamado sobre o cálculo do ICMS ST na MATA461.",
            "requester": {"name": "Sandra Queiroz", "organization": "Queiroz Alimentos (T55120)"},
            "assignee": {"name": "Tomás Vieira"}, "fields": fields, "comments": comments or [],
            "created_at": "2026-10-20T09:00:00-03:00"}


def test_asking_the_fix_date_points_to_the_priorisation_and_delivery_fields(decide):
    asked = [{"author": "agent", "public": True, "body": "Encaminhado ao desenvolvimento.", "created_at": "2026-11-10T10:00:00-03:00"},
             {"author": "customer", "public": True, "body": "Bom dia, qual a data da correção? Precisamos fechar o mês.",
              "created_at": "2026-11-24T09:00:00-03:00"}]
    step = decide(totvs({"Release": "12.1.2310", "Data Acordo Entrega": "2026-12-15"}, asked))
    assert "Data Acordo Entrega" in step.step.text


@pytest.mark.parametrize("fields", [
    {"Formulário": "Comercial", "Release": "", "Catálogo": "não informado"},  # the filled one listed first
    {"Catálogo": "Faturamento", "Release": ""},
    {"Release": "12.1.2310", "Catálogo": "não informado"},
])
def test_an_empty_release_or_catalogue_asks_to_review_the_fields_with_the_review_checklist(decide, fields):
    step = decide(totvs(fields, subject="ajuda"))
    assert "Revise o preenchimento dos seguintes campos" in step.step.text
    assert step.step.checklist == "totvs-checklist-revisao-dados-tickets"


def test_a_filled_ticket_is_not_sent_to_the_field_review(decide):
    step = decide(totvs({"Release": "12.1.2310", "Catálogo": "Fiscal > ICMS", "Causa": "Erro de produto"}))
    assert step is None or "Revise o preenchimento" not in step.step.text


@pytest.mark.parametrize("question", [
    "Qual o prazo para o técnico vir aqui na empresa? A impressora fiscal parou.",
    "Vocês abriram a visita técnica pra nossa loja. Qual o prazo da visita?",
    "Em quanto tempo o técnico vem?",
])
def test_a_question_about_the_technician_visit_deadline_gets_the_field_desk_standard(decide, question):
    ticket = {"space": "info", "id": "501", "subject": "Técnico", "description": question, "status": "Novo",
              "requester": {"name": "Rogério Alves"}}
    assert "4h a 24h comerciais" in decide(ticket).step.text


@pytest.mark.parametrize("text, expected", [
    ("ajuda", True), ("Socorro!! preciso de ajuda urgente", True), ("Bom dia, help please", True),
    ("wifi", False), ("Unsubscribe", False), ("nota rejeitada, ajuda", False), ("", False),
])
def test_only_a_plea_without_a_subject_is_topicless(text, expected):
    assert is_topicless(text) is expected


def test_a_procedure_chosen_by_meaning_needs_the_ticket_clearly_about_the_space(knowledge, embedder):
    space = knowledge("voalle")
    ticket = Ticket(space="voalle", subject="Cancelar assinatura Netflix",
                    description="Quero cancelar a assinatura, cobram no cartão todo mês.")
    vector = np.asarray(embedder.embed_query(ticket.text), dtype=np.float32)
    reader = FactReader(space.book.facts, TicketView.of(ticket), NOW, space.judge(vector))
    decision = Suggester._decide(space, vector, reader, in_scope=True, by_meaning=False)
    assert decision is None or decision.procedure.applies in ("always", "otherwise")


def _hit(name: str) -> Hit:
    return Hit(Chunk(space="x", doc_id=name, title=name, kind="pop", section=name, text=name, ordinal=0), 1.0, "hybrid")


def test_fused_rankings_put_first_what_both_queries_rank_well():
    a, b, c, d = (_hit(n) for n in "abcd")
    fused = fuse_hits([[a, b, c], [b, d, a]], limit=3)
    assert [h.chunk.doc_id for h in fused] == ["b", "a", "d"]
    assert len({h.chunk.id for h in fuse_hits([[a, b], [a, b]], limit=5)}) == 2
