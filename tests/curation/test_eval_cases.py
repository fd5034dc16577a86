"""A thumbs-down appended to evals/tickets/<space>.yaml keeps the file valid YAML, its
comments and every case it had; labelled cases have exactly the suite's keys."""

from __future__ import annotations

import threading
from datetime import datetime, timezone

import yaml

from copilot.curation import CaseLabels, append_ticket_case, case_from_feedback, template_phrase
from copilot.storage import FeedbackRecord

EXISTING = """# Tickets do espaço acme — escritos a partir do POP.
space: acme
cases:
  # ── Bloco 1 ──
  - id: acme-t001
    lang: pt
    branch: "Bloco 1 · passo 1"
    now: "2026-11-24T10:00:00-03:00"
    ticket: {space: acme, id: "1", subject: "nota nao sai"}
    expected: {checklist: null, template: null, next_step: null, articles: []}
    nothing_fits: false
"""


def record(feedback_id: int = 7, vote: str = "down") -> FeedbackRecord:
    ticket = {"space": "acme", "id": "71830", "subject": "Nota rejeitada",
              "description": "A prefeitura rejeitou a nota:\ncódigo de serviço inválido."}
    suggestion = {"space": "acme", "checklist": {"title": "Falha no sistema"}, "reply_template": None,
                  "next_step": None, "articles": []}
    return FeedbackRecord(id=feedback_id, space="acme", ticket_id="71830", target="checklist", item_id=None, vote=vote,
                          comment="Era rejeição.", ticket=ticket, suggestion=suggestion,
                          created_at=datetime(2026, 11, 24, 13, 0, tzinfo=timezone.utc))


def test_an_appended_case_keeps_the_comments_and_the_cases_already_there(tmp_path):
    path = tmp_path / "evals" / "tickets" / "acme.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(EXISTING, encoding="utf-8")
    labels = CaseLabels(checklist="Emissão de notas / Rejeição (correção)", next_step=["solicitar ao cliente"],
                        next_step_section="Bloco 1")
    case_id = append_ticket_case(tmp_path / "evals", "acme", case_from_feedback(record(), labels), tmp_path / "locks")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(EXISTING.rstrip("\n"))  # appended, not rewritten: comments stay
    cases = yaml.safe_load(text)["cases"]
    assert [c["id"] for c in cases] == ["acme-t001", case_id] and case_id == "acme-fb0007"
    assert set(cases[1]) == {"id", "lang", "branch", "now", "ticket", "expected", "nothing_fits"}
    assert cases[1]["expected"]["checklist"] == "Emissão de notas / Rejeição (correção)"
    assert cases[1]["ticket"]["description"] == "A prefeitura rejeitou a nota:\ncódigo de serviço inválido."


def test_the_same_feedback_twice_gets_two_distinct_ids(tmp_path):
    for _ in range(2):
        append_ticket_case(tmp_path / "evals", "acme", case_from_feedback(record()), tmp_path / "locks")
    cases = yaml.safe_load((tmp_path / "evals" / "tickets" / "acme.yaml").read_text(encoding="utf-8"))["cases"]
    assert [c["id"] for c in cases] == ["acme-fb0007", "acme-fb0007-2"]
    assert all(c["needs_label"] is True for c in cases)


def test_a_flow_style_list_is_rewritten_whole_and_stays_valid(tmp_path):
    path = tmp_path / "evals" / "tickets" / "acme.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("space: acme\ncases: []\n", encoding="utf-8")
    append_ticket_case(tmp_path / "evals", "acme", case_from_feedback(record()), tmp_path / "locks")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["space"] == "acme" and [c["id"] for c in data["cases"]] == ["acme-fb0007"]


def test_curators_saving_cases_at_once_lose_none(tmp_path):
    threads = [threading.Thread(target=append_ticket_case,
                                args=(tmp_path / "evals", "acme", case_from_feedback(record(n)), tmp_path / "locks"))
               for n in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    cases = yaml.safe_load((tmp_path / "evals" / "tickets" / "acme.yaml").read_text(encoding="utf-8"))["cases"]
    assert sorted(c["id"] for c in cases) == [f"acme-fb{n:04d}" for n in range(1, 9)]


def test_nothing_fits_clears_every_label_and_a_template_is_named_by_its_first_line():
    labels = CaseLabels(checklist="Falha no sistema", template="Olá", nothing_fits=True)
    assert labels.expected() == {"checklist": None, "template": None, "next_step": None, "articles": []}
    body = "Olá [nome cliente], tudo bem? Recebemos o seu chamado e já estamos analisando a rejeição da nota fiscal.\n\nAtt."
    assert template_phrase(body) == "Olá [nome cliente], tudo bem? Recebemos o seu chamado e já estamos analisando a rejeição"
