"""The second held-out batch (evals/heldout2/) is a specification written without looking at the engines.

It measures generalisation on drafts and tickets nobody tuned on, so it must
obey the same structural rules as the tuning sets: labels literal in their
draft (or their space's seed), ids unique, tickets valid contract Tickets of
their case's space, a reference time wherever dates matter. These tests say
nothing about whether the engines get the cases right.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import yaml

from copilot.ticket import Ticket

REPO = Path(__file__).resolve().parents[2]
HELDOUT2 = REPO / "evals" / "heldout2"
DRAFTS_FILE = HELDOUT2 / "drafts" / "drafts.yaml"
TICKETS_FILE = HELDOUT2 / "tickets" / "tickets.yaml"
SPACES = {"enotas", "r3izzy", "totvs", "info", "voalle"}
RULES = {"gerund", "unverified-deadline", "unfilled-placeholder", "redundant-request", "bare-transfer",
         "personal-data", "boleto-email"}
AGREED_DATE_FIELDS = ("data_acordo_entrega", "data_controle", "data_final")
ENOTAS_CHECKLISTS = {"Emissão de notas / Rejeição (correção)", "Falha no sistema", "Solicitação de serviço",
                     "Agendamento de videoconferência/ligação"}


def _cases(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]


DRAFTS = _cases(DRAFTS_FILE)
TICKETS = _cases(TICKETS_FILE)


def _span(draft: str, text: str, occurrence: int) -> tuple[int, int] | None:
    start = -1
    for _ in range(occurrence):
        start = draft.find(text, start + 1)
        if start < 0:
            return None
    return start, start + len(text)


def test_both_files_hold_the_sizes_the_brief_asks_for():
    assert len(DRAFTS) >= 100
    assert len(TICKETS) >= 40


@pytest.mark.parametrize("cases", [DRAFTS, TICKETS], ids=["drafts", "tickets"])
def test_ids_are_unique(cases):
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", DRAFTS, ids=lambda c: c["id"])
def test_every_expected_text_sits_in_its_draft_without_overlap(case):
    assert case["space"] in SPACES
    spans = []
    for item in case["expected"]:
        assert item["rule"] in RULES
        if item["rule"] == "gerund":
            assert item["severity"] in {"error", "warning"}
        if item["rule"] == "boleto-email":
            assert case["space"] == "info"
        span = _span(case["draft"], item["text"], int(item.get("occurrence", 1)))
        assert span is not None, f"{item['text']!r} não está no rascunho"
        assert all(span[1] <= s[0] or s[1] <= span[0] for s in spans), "rótulos sobrepostos"
        spans.append(span)


@pytest.mark.parametrize("case", [c for c in DRAFTS if c.get("ticket")], ids=lambda c: c["id"])
def test_draft_tickets_are_contract_tickets_of_the_case_space(case):
    ticket = Ticket.model_validate(case["ticket"])
    assert ticket.space == case["space"]
    dated = ticket.type or any(f in ticket.fields for f in AGREED_DATE_FIELDS)
    if dated:
        assert case.get("now"), "prazo respaldado precisa de 'now'"
        if ticket.created_at:
            assert datetime.fromisoformat(ticket.created_at) <= datetime.fromisoformat(case["now"])


def test_deadline_labels_always_come_with_a_reference_time():
    for case in DRAFTS:
        if any(i["rule"] == "unverified-deadline" for i in case["expected"]):
            assert case.get("now"), case["id"]


def test_the_draft_batch_keeps_its_spread():
    rules = {i["rule"] for c in DRAFTS for i in c["expected"]}
    assert rules == RULES
    assert sum(not c["expected"] for c in DRAFTS) >= 35
    severities = {i["severity"] for c in DRAFTS for i in c["expected"] if i["rule"] == "gerund"}
    assert severities == {"error", "warning"}


@pytest.mark.parametrize("case", TICKETS, ids=lambda c: c["id"])
def test_tickets_validate_and_label_sensibly(case):
    ticket = Ticket.model_validate(case["ticket"])
    assert ticket.space == case["space"] in SPACES
    now = datetime.fromisoformat(case["now"])
    for stamp in [ticket.created_at, *(c.created_at for c in ticket.comments)]:
        if stamp:
            assert datetime.fromisoformat(stamp) <= now
    expected = case["expected"]
    if case["space"] == "enotas":
        assert expected["checklist"] in ENOTAS_CHECKLISTS | {None}
    if case.get("nothing_fits"):
        assert expected == {"checklist": None, "template": None, "next_step": None, "articles": []}
    for quote in expected["articles"]:
        assert 30 <= len(quote) <= 90


def test_the_ticket_batch_covers_every_space_english_and_nothing_fits():
    assert {c["space"] for c in TICKETS} == SPACES
    assert sum(c["lang"] != "pt" for c in TICKETS) >= 3
    assert sum(bool(c.get("nothing_fits")) for c in TICKETS) >= 3
