"""The drafts eval: scoring by rule and overlapping span, failures recorded, and the
team's labelled set held to the issue's bar (gerund F1 ≥ 0.95, deadline F1 ≥ 0.90,
≤ 2 % false positives on clean drafts)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from copilot.check import DraftChecker
from copilot.evals.drafts import format_drafts_report, run_drafts_eval
from copilot.suggest.sla import SlaCalculator
from tests.check.conftest import REPO

CASES = {"cases": [
    {"id": "g1", "space": "info", "draft": "Vou estar verificando e estarei passando para o financeiro.",
     "ticket": None, "now": "2026-11-24T10:00:00-03:00",
     "expected": [{"rule": "gerund", "text": "Vou estar verificando", "severity": "error"},
                  {"rule": "gerund", "text": "estarei passando", "severity": "error"}]},
    {"id": "clean1", "space": "totvs", "draft": "Segundo o manual, quando a nota for rejeitada, reenvie o XML.",
     "ticket": None, "now": None, "expected": []},
    {"id": "clean2-com-achado", "space": "totvs", "draft": "Estamos analisando o seu caso.", "ticket": None,
     "now": None, "expected": []},
    {"id": "d1", "space": "enotas", "draft": "Retorno até sexta com a correção. Depois, amanhã, confirmo.",
     "ticket": None, "now": "2026-11-24T10:00:00-03:00",
     "expected": [{"rule": "unverified-deadline", "text": "até sexta"}]},
    {"id": "rotulo-quebrado", "space": "enotas", "draft": "Retorno até sexta.", "ticket": None, "now": None,
     "expected": [{"rule": "unverified-deadline", "text": "sexta", "occurrence": 2}]},
]}


@pytest.fixture
def cases_dir(tmp_path) -> Path:
    (tmp_path / "mistos.yaml").write_text(yaml.safe_dump(CASES, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_scores_per_rule_and_false_positives_on_clean_drafts(checker, cases_dir):
    result = run_drafts_eval(checker, cases_dir)
    assert result["cases"] == 5 and result["clean_cases"] == 2
    assert result["clean_false_positive_rate"] == 0.5
    gerund = result["rules"]["gerund"]
    assert (gerund["tp"], gerund["fp"], gerund["fn"]) == (2, 1, 0)
    assert gerund["precision"] == pytest.approx(2 / 3, abs=1e-3) and gerund["recall"] == 1.0
    assert result["rules"]["unverified-deadline"]["tp"] == 1 and result["rules"]["unverified-deadline"]["fp"] == 1


def test_a_failing_case_is_recorded_and_the_run_goes_on(checker, cases_dir):
    result = run_drafts_eval(checker, cases_dir)
    failures = {f["id"]: f for f in result["failures"]}
    assert "não está no rascunho" in failures["rotulo-quebrado"]["error"]  # "sexta" occurs once only
    assert failures["d1"]["unexpected"] == [{"rule": "unverified-deadline", "text": "amanhã"}]
    assert failures["clean2-com-achado"]["unexpected"] == [{"rule": "gerund", "text": "analisando"}]
    report = format_drafts_report(result)
    assert "gerund" in report and "falsos positivos em limpos: 50.0%" in report
    assert "clean2-com-achado: sobrou gerund 'analisando'" in report


def test_the_labelled_set_meets_the_issues_bar(catalog):
    checker = DraftChecker(catalog, SlaCalculator(catalog))
    result = run_drafts_eval(checker, REPO / "evals" / "drafts")
    assert result["cases"] >= 250, "the labelled set is missing"
    report = format_drafts_report(result)
    assert result["rules"]["gerund"]["f1"] >= 0.95, report
    assert result["rules"]["unverified-deadline"]["f1"] >= 0.90, report
    assert result["clean_false_positive_rate"] <= 0.02, report
    assert not [f for f in result["failures"] if "error" in f], report
