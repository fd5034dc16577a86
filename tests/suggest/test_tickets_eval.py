"""The ticket eval scores each metric per space, records failures and never aborts."""

from __future__ import annotations

from pathlib import Path

import yaml

from copilot.evals.tickets import format_tickets_report, run_tickets_eval
from copilot.kb.macros import SourceRef
from copilot.suggest.results import Article, ChecklistSuggestion, NextStep, SuggestResult, TemplateSuggestion

SRC = SourceRef(doc_id="d", section="Bloco 1 - Análise inicial")


class Scripted:
    """Answers each ticket by its subject, as the cases below expect (or not)."""

    def suggest(self, ticket, now=None):
        if ticket.subject == "quebra":
            raise RuntimeError("falha do motor")
        if ticket.subject == "spam":
            return SuggestResult(space=ticket.space, timings_ms={"total": 3.0})
        article = Article(doc_id="d", title="POP", section="s", excerpt="Nome da empresa", score=1.0)
        article._chunk_text = "1. Nome da empresa ou e-mail da conta. Se NÃO, solicitar ao cliente."
        return SuggestResult(
            space=ticket.space,
            checklist=ChecklistSuggestion(id="c", title="Falha no sistema", body="", score=0.9, source=SRC),
            reply_template=TemplateSuggestion(id="t", title="t", body="Olá [nome cliente], eu sou o analista", filled_body="",
                                              score=0.9, source=SRC),
            next_step=NextStep(text="Nome da empresa ou e-mail da conta. Se NÃO, solicitar ao  CLIENTE.", procedure="p",
                               step="1", score=0.9, source=SRC),
            articles=[article], timings_ms={"total": 10.0})


def case(case_id: str, subject: str, expected: dict, nothing_fits: bool = False) -> dict:
    return {"id": case_id, "now": "2026-11-24T10:00:00-03:00", "ticket": {"space": "enotas", "subject": subject},
            "expected": expected, "nothing_fits": nothing_fits}


RIGHT = {"checklist": "Falha no sistema", "template": "eu sou o analista",
         "next_step": {"contains": ["solicitar ao cliente"], "section": "Bloco 1"},
         "articles": ["Nome da empresa ou e-mail da conta. Se NÃO, solicitar ao cliente."]}
NOTHING = {"checklist": None, "template": None, "next_step": None, "articles": []}


def write(tmp_path: Path) -> Path:
    cases = [case("e-1", "ok", RIGHT), case("e-2", "ok", {**RIGHT, "checklist": None, "template": "outro texto"}),
             case("e-3", "spam", NOTHING, True), case("e-4", "spam", RIGHT), case("e-5", "quebra", RIGHT)]
    (tmp_path / "enotas.yaml").write_text(yaml.safe_dump({"space": "enotas", "cases": cases}, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_metrics_per_space_with_failures_recorded(tmp_path):
    result = run_tickets_eval(Scripted(), write(tmp_path))
    space = result["spaces"]["enotas"]
    assert space["cases"] == 5
    assert space["checklist_accuracy"] == 0.4  # e-1, e-3
    assert space["template_accuracy"] == 0.4  # e-1, e-3
    assert space["next_step_accuracy"] == 0.6  # e-1, e-2 (case, accents, spaces ignored), e-3
    assert space["article_hit_at_5"] == 0.5  # e-1, e-2 of the four with gold quotes
    assert space["nothing_fits_precision"] == 0.5 and space["nothing_fits_recall"] == 1.0  # e-3 right, e-4 wrong
    failed = {f["id"]: f for f in space["failures"]}
    assert set(failed) == {"e-2", "e-4", "e-5"} and "falha do motor" in failed["e-5"]["error"]
    assert result["latency_ms"] == {"p50": 6.5, "p95": 10.0}  # 10, 10, 3, 3 ms; the broken case has none


def test_the_report_is_a_pt_br_table_that_marks_metrics_below_the_threshold(tmp_path):
    report = format_tickets_report(run_tickets_eval(Scripted(), write(tmp_path)))
    assert "espaço | casos | checklist" in report and "0.40 ✗" in report and "e-5" in report
