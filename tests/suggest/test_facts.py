"""Facts are read from fields, attributes, records, comments and notes — in that order."""

from __future__ import annotations

from datetime import datetime

import pytest

from copilot.suggest.conditions import Condition, evaluate
from copilot.suggest.fact_reader import FactReader
from copilot.suggest.facts import FactSpec
from copilot.suggest.ticket_view import TicketView
from copilot.ticket import Ticket

NOW = datetime.fromisoformat("2026-11-24T11:00:00-03:00")
SPECS = {
    "blocked": FactSpec(description="bloqueado", fields=["situação embed", "cliente bloqueado"],
                        true_values=["bloqueado"], false_values=["ativo"],
                        true_phrases=["conta bloqueada"], false_phrases=["cliente ativo"],
                        look_in=["internal_notes", "customer_text"]),
    "stage": FactSpec(description="estágio", kind="category", fields=["estágio", "stage"], attributes=["status"],
                      categories={"novo": {"values": ["novo", "new", "triagem"]}, "agendado": {"values": ["agendado"]}}),
    "routed_hours": FactSpec(description="horas", kind="number",
                             hours_since={"fields": ["roteado em"], "phrases": ["encaminhado para"]}),
    "replies": FactSpec(description="respostas", kind="number", count={"look_in": ["agent_replies"]}),
    "newer_card": FactSpec(description="card", from_list={"fields": ["outros tickets"], "item_fields": ["card"],
                                                          "newer_than_ticket": True}),
    "company": FactSpec(description="empresa", attributes=["requester.organization"], present_means="true", default=False),
}


def read(name: str, **ticket):
    parsed = Ticket(space="x", subject="assunto", **ticket)
    return FactReader(SPECS, TicketView.of(parsed), NOW).read(name)


@pytest.mark.parametrize("fields", [{"situacao_embed": "Bloqueado"}, {"Situação no Embed": "BLOQUEADO"},
                                    {"cliente_bloqueado": True}, {"embedSituacao": "bloqueado - inadimplente"}])
def test_a_field_under_any_spelling_gives_the_fact(fields):
    fact = read("blocked", fields=fields)
    assert fact.value is True and fact.origin == "field" and fact.stated


def test_a_fact_stated_only_in_an_internal_note_is_read_from_it():
    fact = read("blocked", comments=[{"author": "agent", "public": False, "body": "Conferi: conta bloqueada no Embed."}])
    assert fact.value is True and fact.origin == "internal_notes"


def test_the_newest_comment_wins():
    comments = [{"author": "agent", "public": False, "body": "Conta bloqueada.", "created_at": "2026-11-20T10:00:00-03:00"},
                {"author": "agent", "public": False, "body": "Cliente ativo de novo.", "created_at": "2026-11-23T10:00:00-03:00"}]
    assert read("blocked", comments=comments).value is False


def test_nothing_said_is_unknown_and_a_default_is_not_evidence():
    assert read("blocked").value is None
    company = read("company", requester={"name": "Ana"})
    assert company.value is False and not company.stated
    assert read("company", requester={"organization": "Padaria"}).value is True


def test_categories_come_from_fields_before_the_status():
    assert read("stage", status="Em aberto", fields={"Stage": "Triagem"}).value == "novo"
    assert read("stage", status="Agendado").value == "agendado"


def test_hours_since_an_event_from_a_field_or_from_the_note_that_records_it():
    assert read("routed_hours", fields={"roteado_em": "2026-11-24T08:30:00-03:00"}).value == pytest.approx(2.5)
    assert read("routed_hours", fields={"Roteado em": "24/11/2026 09:00"}).value == pytest.approx(2.0)
    note = {"author": "system", "public": False, "body": "Chamado encaminhado para Bruno.", "created_at": "2026-11-24T10:15:00-03:00"}
    assert read("routed_hours", comments=[note]).value == pytest.approx(0.75)


def test_counts_public_agent_replies_only():
    comments = [{"author": "agent", "public": True, "body": "a"}, {"author": "agent", "public": False, "body": "b"},
                {"author": "customer", "public": True, "body": "c"}, {"author": "agent", "public": True, "body": "d"}]
    assert read("replies", comments=comments).value == 2


def test_related_records_decide_only_when_their_dates_do():
    newer = {"outros_tickets": [{"id": "2", "card": "DEV-1", "created_at": "2026-11-22T10:00:00-03:00"}]}
    older = {"outros_tickets": [{"id": "2", "card": "DEV-1", "created_at": "2026-11-10T10:00:00-03:00"}]}
    undated = {"outros_tickets": [{"id": "2", "card": "DEV-1"}]}
    created = "2026-11-20T09:00:00-03:00"
    assert read("newer_card", fields=newer, created_at=created).value is True
    assert read("newer_card", fields=older, created_at=created).value is False
    assert read("newer_card", fields=undated, created_at=created).value is None


def test_conditions_have_three_answers():
    parsed = Ticket(space="x", subject="s", fields={"situacao_embed": "bloqueado"})
    reader = FactReader(SPECS, TicketView.of(parsed), NOW)
    assert evaluate(Condition.model_validate({"fact": "blocked", "is": True}), reader) is True
    assert evaluate(Condition.model_validate({"fact": "stage", "is": "novo"}), reader) is None
    assert evaluate(Condition.model_validate({"all": [{"fact": "blocked", "is": False}, {"fact": "stage", "is": "novo"}]}), reader) is False
    assert evaluate(Condition.model_validate({"any": [{"fact": "blocked", "is": True}, {"fact": "stage", "is": "novo"}]}), reader) is True
    assert evaluate(Condition.model_validate({"fact": "stage", "known": False}), reader) is True


def test_a_condition_without_a_test_is_refused():
    with pytest.raises(ValueError):
        Condition.model_validate({"fact": "blocked"})
