"""The suite fails when hybrid retrieval falls below the bar in evals/thresholds.yaml.

Runs the real model and the real index (built by `make test` → `copilot index`)."""

from __future__ import annotations

import pytest
import yaml

from copilot.evals.retrieval import format_retrieval_report, load_cases, run_retrieval_eval
from copilot.runtime import Components
from copilot.settings import Settings

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def result():
    settings = Settings()
    parts = Components(settings)
    cases = load_cases(settings.evals_dir / "retrieval")
    outcome = run_retrieval_eval(parts.catalog, parts.retriever, None, cases)
    print(format_retrieval_report(outcome))
    return outcome


def bar() -> float:
    return yaml.safe_load((Settings().evals_dir / "thresholds.yaml").read_text(encoding="utf-8"))["retrieval"]["hybrid_recall_at_5"]


def test_hybrid_recall_at_5_meets_the_bar_overall_and_per_space(result):
    rows = [r for r in result["table"] if r["method"] == "hybrid"]
    assert {r["space"] for r in rows} >= {"enotas", "r3izzy", "totvs", "info", "voalle", "todos"}
    low = {r["space"]: round(r["recall@5"], 3) for r in rows if r["recall@5"] < bar()}
    assert not low, f"híbrido abaixo de {bar()} em R@5: {low}"


def test_hybrid_beats_each_side_alone(result):
    overall = {r["method"]: r for r in result["table"] if r["space"] == "todos"}
    assert overall["hybrid"]["mrr"] >= max(overall["dense"]["mrr"], overall["lexical"]["mrr"])


def test_every_gold_quote_is_findable_in_the_index(result):
    assert all(r["unfindable"] == 0 for r in result["table"]), "uma citação de referência não está em nenhum trecho"
