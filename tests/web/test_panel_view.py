"""What the panel shows, as plain functions: highlights, browser offsets, time left, the query ticket, the memo."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copilot.errors import InvalidInput
from web.routes import panel_view as view
from web.routes.panel_memo import SingleFlightMemo, ticket_key


def finding(start, end, severity="error"):
    return SimpleNamespace(start=start, end=end, severity=severity)


def test_highlight_marks_each_finding_and_keeps_the_text_around_it():
    draft = "Olá! Vou estar verificando e retorno até amanhã."
    deadline = draft.index("até amanhã")
    segments = view.highlight(draft, [finding(deadline, deadline + 10, "warning"), finding(5, 26)])
    assert [(s.text, s.finding, s.severity) for s in segments] == [
        ("Olá! ", None, ""), ("Vou estar verificando", 1, "error"), (" e retorno ", None, ""),
        ("até amanhã", 0, "warning"), (".", None, "")]


def test_an_overlapping_finding_is_listed_but_not_drawn_twice():
    segments = view.highlight("vou estar verificando", [finding(0, 21), finding(4, 21, "warning")])
    assert [s.finding for s in segments] == [0]


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=6))
def test_highlight_never_loses_or_repeats_a_character(draft, spans):
    segments = view.highlight(draft, [finding(a, b) for a, b in spans])
    assert "".join(s.text for s in segments) == draft


def test_offsets_are_converted_for_javascript_strings():
    draft = "Oi 😀! Vou estar verificando"
    start = draft.index("Vou")
    assert view.utf16_index(draft, start) == start + 1  # the emoji is two UTF-16 units
    assert view.utf16_index("sem emoji", 4) == 4


@pytest.mark.parametrize("hours, label", [
    (2.5, "faltam 2 h 30 min úteis"), (1.0, "falta 1 h útil"), (0.75, "faltam 45 min úteis"),
    (-1.25, "vencido há 1 h 15 min úteis"), (0.0, "faltam 0 min úteis"), (None, "")])
def test_time_left_reads_like_an_analyst_says_it(hours, label):
    assert view.hours_left_label(hours) == label


def test_due_times_read_in_the_policy_time_zone():
    assert view.due_label("2026-11-24T15:30:00-03:00") == "ter 24/11 às 15:30"
    assert view.due_label(None) == ""


def test_a_fix_keeps_the_capital_letter_of_the_sentence():
    assert view.match_case("Vou estar verificando", "vou verificar") == "Vou verificar"
    assert view.match_case("vou estar verificando", "vou verificar") == "vou verificar"


def test_the_query_names_the_ticket_like_its_fields():
    ticket, space = view.ticket_from_query({"space": "enotas", "subject": " Nota rejeitada ", "priority": "alta",
                                            "token": "nunca-vira-campo"})
    assert (space, ticket.subject, ticket.priority) == ("enotas", "Nota rejeitada", "alta")
    assert "token" not in ticket.model_dump()
    assert view.ticket_from_query({"space": "enotas"}) == (None, "enotas")  # waits for the host's postMessage
    with pytest.raises(InvalidInput, match="espaço"):
        view.ticket_from_query({"subject": "Nota rejeitada"})


def test_a_bad_ticket_is_explained_in_portuguese():
    with pytest.raises(InvalidInput, match="precisa de 'subject' ou 'description'"):
        view.parse_ticket('{"space": "enotas"}')
    with pytest.raises(InvalidInput, match="256 KB"):
        view.parse_ticket('{"space": "enotas", "subject": "' + "x" * 300_000 + '"}')


def test_the_memo_computes_once_for_parts_asking_together():
    memo, calls, gate = SingleFlightMemo(), [], threading.Event()

    def slow():
        calls.append(1)
        gate.wait(5)
        return "sugestão"

    results = []
    threads = [threading.Thread(target=lambda: results.append(memo.get("k", slow))) for _ in range(5)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(5)
    assert results == ["sugestão"] * 5 and calls == [1]


def test_the_memo_forgets_failures_and_old_answers():
    now = [0.0]
    memo = SingleFlightMemo(ttl_seconds=60, clock=lambda: now[0])
    with pytest.raises(RuntimeError):
        memo.get("k", lambda: (_ for _ in ()).throw(RuntimeError("falhou")))
    assert memo.get("k", lambda: 1) == 1
    assert memo.get("k", lambda: 2) == 1
    now[0] = 61
    assert memo.get("k", lambda: 3) == 3
    assert ticket_key("a", "{}") != ticket_key("b", "{}")
