"""Due times in business hours: working windows, weekends, Brazilian holidays.

Every expected value below was computed by hand from the calendar of
November/December 2026 (25/12 is a Friday, a national holiday; 28/12 a Monday).
"""

from __future__ import annotations

from datetime import datetime, time

import pytest

from copilot.errors import InvalidKnowledge
from copilot.kb.catalog import Catalog
from copilot.suggest.business_time import BusinessCalendar
from copilot.suggest.sla import SlaCalculator
from copilot.ticket import Ticket

WEEKDAYS_8_18 = {d: ((time(8), time(18)),) for d in range(5)}
CAL = BusinessCalendar("America/Sao_Paulo", WEEKDAYS_8_18)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(("start", "hours", "due"), [
    ("2026-11-24T10:00:00-03:00", 1, "2026-11-24T11:00:00-03:00"),   # inside the window
    ("2026-11-24T17:30:00-03:00", 1, "2026-11-25T08:30:00-03:00"),   # crosses the night
    ("2026-11-24T20:00:00-03:00", 2, "2026-11-25T10:00:00-03:00"),   # after hours: starts at the next opening
    ("2026-11-27T17:00:00-03:00", 3, "2026-11-30T10:00:00-03:00"),   # Friday → Monday over the weekend
    ("2026-11-28T11:00:00-03:00", 1, "2026-11-30T09:00:00-03:00"),   # opened on a Saturday
    ("2026-12-24T17:00:00-03:00", 3, "2026-12-28T10:00:00-03:00"),   # Christmas Friday and the weekend skipped
    ("2026-11-24T10:00:00-03:00", 24, "2026-11-26T14:00:00-03:00"),  # 24 business hours = 2 days and 4 hours
])
def test_business_hours_are_added_inside_working_windows(start, hours, due):
    assert CAL.add_hours(at(start), hours) == at(due)


def test_business_days_skip_weekends_and_holidays_keeping_the_clock_time():
    assert CAL.add_days(at("2026-12-23T10:00:00-03:00"), 2) == at("2026-12-28T10:00:00-03:00")  # 24, (25 holiday), 28
    assert CAL.add_days(at("2026-11-27T20:00:00-03:00"), 1) == at("2026-12-01T08:00:00-03:00")  # opening Mon 30 + 1


def test_hours_between_counts_only_business_time_and_is_negative_when_late():
    assert CAL.hours_between(at("2026-11-27T17:00:00-03:00"), at("2026-11-30T09:00:00-03:00")) == pytest.approx(2.0)
    assert CAL.hours_between(at("2026-11-25T09:00:00-03:00"), at("2026-11-24T17:00:00-03:00")) == pytest.approx(-2.0)


def test_the_calendar_knows_brazilian_national_holidays():
    assert CAL.is_holiday(at("2026-12-25T00:00:00-03:00").date())
    assert CAL.is_holiday(at("2026-11-20T00:00:00-03:00").date())  # Consciência Negra, national since 2024
    assert not CAL.is_business_day(at("2026-11-21T00:00:00-03:00").date())  # Saturday
    assert "seg–sex 08:00–18:00" in CAL.describe()


@pytest.fixture(scope="module")
def sla():
    from tests.suggest.conftest import KB

    return SlaCalculator(Catalog(KB))


def test_r3izzy_critical_bug_by_its_type(sla):
    ticket = Ticket(space="r3izzy", subject="App travando", type="Suporte do Sistema – Erro / Bug crítico",
                    created_at="2026-12-24T17:00:00-03:00")
    due = sla.due(ticket, at("2026-12-24T17:10:00-03:00"))
    assert due.first_response_due == at("2026-12-24T18:00:00-03:00")
    assert due.resolution_due == at("2026-12-28T10:00:00-03:00")
    assert due.first_response_hours_left == pytest.approx(0.83, abs=0.01)
    assert due.source.doc_id == "r3izzy-tabela-sla" and "assumido" in due.note


def test_r3izzy_type_from_a_field_under_any_spelling_and_from_the_text(sla):
    by_field = Ticket(space="r3izzy", subject="x", fields={"Tipo de Solicitação": "Dúvida Fiscal – Regime, dedução, categoria"},
                      created_at="2026-11-24T10:00:00-03:00")
    assert sla.due(by_field, at("2026-11-24T10:00:00-03:00")).resolution_due == at("2026-11-26T10:00:00-03:00")
    by_text = Ticket(space="r3izzy", subject="Quero emitir nota em cidade nova", description="credenciamento em Maricá",
                     created_at="2026-11-24T10:00:00-03:00")
    assert sla.due(by_text, at("2026-11-24T10:00:00-03:00")).policy_id == "r3izzy-contabil-nova-prefeitura"


def test_r3izzy_unknown_type_falls_back_to_the_first_response_of_the_responsibilities_table(sla):
    due = sla.due(Ticket(space="r3izzy", subject="oi", created_at="2026-11-24T17:30:00-03:00"), at("2026-11-24T17:30:00-03:00"))
    assert due.first_response_due == at("2026-11-25T09:30:00-03:00") and due.resolution_due is None


def test_totvs_says_sla_by_criticality_and_computes_nothing(sla):
    due = sla.due(Ticket(space="totvs", subject="erro"), at("2026-11-24T10:00:00-03:00"))
    assert due.first_response_due is None and due.resolution_due is None
    assert "criticidade" in due.note and due.source.section == "Qual prazo de finalização?"


def test_info_field_desk_window_and_boleto_compensation(sla):
    field_desk = sla.due(Ticket(space="info", subject="que horas o técnico chega?", created_at="2026-11-24T10:00:00-03:00"),
                         at("2026-11-24T10:00:00-03:00"))
    assert field_desk.resolution_earliest == at("2026-11-24T14:00:00-03:00")
    assert field_desk.resolution_due == at("2026-11-26T14:00:00-03:00")
    boleto = sla.due(Ticket(space="info", subject="paguei o boleto ontem", created_at="2026-12-23T10:00:00-03:00"),
                     at("2026-12-23T10:00:00-03:00"))
    assert boleto.resolution_due == at("2026-12-31T10:00:00-03:00")  # 24, 28, 29, 30, 31


def test_spaces_without_times_give_a_note_only(sla):
    due = sla.due(Ticket(space="enotas", subject="x"), at("2026-11-24T10:00:00-03:00"))
    assert due.first_response_due is None and "não definem" in due.note


def test_a_policy_with_times_but_no_working_hours_is_refused(tmp_path):
    space = tmp_path / "kb" / "acme"
    space.mkdir(parents=True)
    (space / "space.yaml").write_text("id: acme\n", encoding="utf-8")
    (space / "sla.yaml").write_text(
        "policies:\n  - id: p\n    request_type: T\n    first_response: {amount: 1, unit: business_hours}\n"
        "    source: {doc_id: d}\n", encoding="utf-8")
    with pytest.raises(InvalidKnowledge) as error:
        SlaCalculator(Catalog(tmp_path / "kb")).due(Ticket(space="acme", subject="x"))
    assert "sla.yaml" in error.value.message
