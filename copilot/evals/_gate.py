"""``copilot eval --gate``: the bars of evals/thresholds.yaml checked against a run.

Keys name what they measure: retrieval ``<method>_recall_at_<k>`` (also
``_mrr``, ``_ndcg_at_<k>``) per space and overall; tickets ``<metric>`` per
space; drafts ``<rule>_<precision|recall|f1>`` (underscores for the rule's
hyphens) or a number of the result such as ``clean_false_positive_rate``.
A key ending in ``_max`` is an upper bound; every other is a lower bound.
A bar whose number the run does not have fails, except a ticket metric a
space has no labelled cases for (``null`` in the result).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from copilot.errors import InvalidKnowledge

_RETRIEVAL_KEY = re.compile(r"^(dense|lexical|hybrid|naive)_(recall_at_\d+|ndcg_at_\d+|mrr)$")


@dataclass(frozen=True)
class Bar:
    suite: str
    scope: str
    metric: str
    value: float | None
    bar: float
    upper: bool  # True: value must be ≤ bar

    @property
    def passed(self) -> bool:
        if self.value is None:
            return False
        return self.value <= self.bar + 1e-9 if self.upper else self.value >= self.bar - 1e-9

    def describe(self) -> str:
        got = "sem valor" if self.value is None else f"{self.value:.3f}"
        sign = "≤" if self.upper else "≥"
        return f"{self.suite} · {self.scope} · {self.metric} = {got} (barra {sign} {self.bar:g})"


def load_thresholds(path: Path) -> dict[str, dict[str, float]]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidKnowledge(str(path), "YAML inválido", line=mark.line + 1 if mark else None) from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise InvalidKnowledge(str(path), "esperado um mapa suíte → {métrica: barra}")
    return data


def check_gate(results: dict[str, Any], thresholds: dict[str, dict[str, float]]) -> list[Bar]:
    """Every bar of the suites present in ``results``, passed or not."""
    bars: list[Bar] = []
    for suite, wanted in thresholds.items():
        if suite not in results:
            continue
        for key, bar in wanted.items():
            upper = key.endswith("_max")
            name = key[:-4] if upper else key
            bars += _bars(suite, results[suite], name, float(bar), upper)
    return bars


def _bars(suite: str, result: dict[str, Any], name: str, bar: float, upper: bool) -> list[Bar]:
    if suite == "retrieval":
        match = _RETRIEVAL_KEY.match(name)
        if not match:
            return [Bar(suite, "todos", name, None, bar, upper)]
        method, metric = match.group(1), re.sub(r"_at_(\d+)$", r"@\1", match.group(2))
        rows = [r for r in result.get("table", []) if r["method"] == method]
        return [Bar(suite, r["space"], f"{method} {metric}", r.get(metric), bar, upper) for r in rows] \
            or [Bar(suite, "todos", f"{method} {metric}", None, bar, upper)]
    if suite == "tickets":
        spaces = result.get("spaces") or {}
        if not any(name in summary for summary in spaces.values()):  # a misspelt bar never passes
            return [Bar(suite, "todos", name, None, bar, upper)]
        return [Bar(suite, space, name, summary[name], bar, upper)
                for space, summary in spaces.items() if summary.get(name) is not None]
    if isinstance(result.get(name), (int, float)):
        return [Bar(suite, "todos", name, float(result[name]), bar, upper)]
    rule, _, metric = name.rpartition("_")
    row = (result.get("rules") or {}).get(rule.replace("_", "-"))
    value = row.get(metric) if row and metric in ("precision", "recall", "f1") else None
    return [Bar(suite, rule.replace("_", "-") or name, metric or name, value, bar, upper)]
