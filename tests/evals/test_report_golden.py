"""The HTML report for a tiny fixed result, byte for byte, and what it must never contain.

A change to the report shows up as a diff of ``tests/evals/golden/report.html``.
To accept it: set UPDATE_GOLDEN = True, run this module once, read the diff, set it back.
"""

from __future__ import annotations

import re
from pathlib import Path

from copilot.evals._compare import compare
from copilot.evals._gate import check_gate
from copilot.evals.report import render_report, render_report_body, visible_results
from tests.evals.report_fixture import THRESHOLDS, result

UPDATE_GOLDEN = False
GOLDEN = Path(__file__).parent / "golden" / "report.html"


def report() -> str:
    base, now = result(), result()
    now["tickets"]["spaces"]["acme"]["checklist_accuracy"] = 0.5
    now["tickets"]["case_status"]["acme-t001"] = False
    return render_report(now, compare(base, now), check_gate(now, THRESHOLDS))


def test_the_report_matches_the_golden_file():
    html = report()
    if UPDATE_GOLDEN:
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(html, encoding="utf-8")
    assert html == GOLDEN.read_text(encoding="utf-8")


def test_the_report_is_self_contained_and_safe_under_a_strict_csp():
    html = report()
    assert "<script" not in html
    assert not re.search(r"(src|href)=\"https?://", html)  # no CDN, no remote font or image
    body = render_report_body(result())
    assert "style=" not in body and "<style" not in body  # the web page serves the CSS as a file
    assert "nota &lt;b&gt;rejeitada&lt;/b&gt;?" in html and "<b>rejeitada" not in html


def test_the_report_shows_each_chart_the_failures_and_what_changed():
    html = report()
    # recall@k (todos, acme), latency of retrieval, tickets and drafts, precision/recall per rule
    assert html.count("<svg") == 6
    for text in ("Curva recall@k", "Matriz de confusão dos checklists", "Precisão e revocação por regra",
                 "acme-r002", "conferir o código de serviço", "Solicitação de serviço", "Vou estar enviando",
                 "Passaram a errar (1)", "acme-t001", "barras de evals/thresholds.yaml não atingidas",
                 "F1 por regra em cada espaço"):
        assert text in html, text


def test_a_curator_of_other_spaces_sees_none_of_this_space():
    cut = visible_results(result(), {"outro"})
    html = render_report_body(cut)
    for text in ("acme-r002", "conferir o código de serviço", "Vou estar enviando", "Falha no sistema"):
        assert text not in html
