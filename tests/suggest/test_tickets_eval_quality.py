"""The suite fails when ticket suggestions fall below the bar on the labeled set.

Runs the real model and the real index (built by `make test` → `copilot index`);
the bars are those of evals/thresholds.yaml (``tickets``), per space and metric."""

from __future__ import annotations

import pytest
import yaml

from copilot.evals.tickets import format_tickets_report, run_tickets_eval
from copilot.runtime import Components
from copilot.settings import Settings
from copilot.suggest import Suggester

pytestmark = pytest.mark.model


def bars() -> dict[str, float]:
    return yaml.safe_load((Settings().evals_dir / "thresholds.yaml").read_text(encoding="utf-8"))["tickets"]


@pytest.fixture(scope="module")
def result():
    settings = Settings()
    parts = Components(settings)
    suggester = Suggester(parts.catalog, parts.retriever, parts.embedder(), settings)
    outcome = run_tickets_eval(suggester, settings.evals_dir / "tickets")
    print(format_tickets_report(outcome))
    return outcome


def test_every_space_meets_the_bar_on_every_gated_metric(result):
    assert set(result["spaces"]) == {"enotas", "r3izzy", "totvs", "info", "voalle"}
    low = {(space, metric): summary[metric] for space, summary in result["spaces"].items()
           for metric, bar in bars().items() if summary[metric] is not None and summary[metric] < bar}
    assert not low, f"abaixo da barra: {low}"


def test_no_case_crashes_the_engine(result):
    errors = [f for s in result["spaces"].values() for f in s["failures"] if "error" in f]
    assert errors == []
