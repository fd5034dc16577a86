"""What got better or worse between two eval runs (``copilot eval --compare BASE.json``).

Metrics are flattened to (suite, scope, metric) → value; a delta is "better"
when it moves the right way for that metric (latency and false-positive
rates are better lower; a timing counts as changed only past 5 ms and 25 %).
Cases flip when they passed in one run and failed in the other; a case
present in only one run is listed as added or removed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

RETRIEVAL_METRICS = ("recall@1", "recall@5", "mrr", "ndcg@5", "p95_ms")
TICKET_METRICS = ("checklist_accuracy", "template_accuracy", "next_step_accuracy", "article_hit_at_5",
                  "nothing_fits_precision", "nothing_fits_recall")
RULE_METRICS = ("precision", "recall", "f1")
EPSILON = 1e-9
LATENCY_NOISE_MS, LATENCY_NOISE_SHARE = 5.0, 0.25  # timings on a shared machine wobble; quality numbers do not

Key = tuple[str, str, str]


def lower_is_better(metric: str) -> bool:
    return metric.endswith("_ms") or "false_positive" in metric


def changed(metric: str, before: float, after: float) -> bool:
    if metric.endswith("_ms"):
        return abs(after - before) >= max(LATENCY_NOISE_MS, LATENCY_NOISE_SHARE * abs(before))
    return abs(after - before) > EPSILON


def flatten_metrics(results: dict[str, Any]) -> dict[Key, float]:
    flat: dict[Key, float] = {}
    for row in (results.get("retrieval") or {}).get("table", []):
        for metric in RETRIEVAL_METRICS:
            if row.get(metric) is not None:
                flat[("retrieval", f"{row['space']} · {row['method']}", metric)] = float(row[metric])
    tickets = results.get("tickets") or {}
    scopes = [*(tickets.get("spaces") or {}).items(), ("total", tickets.get("overall") or {})]
    for scope, summary in scopes:
        for metric in TICKET_METRICS:
            if summary.get(metric) is not None:
                flat[("tickets", scope, metric)] = float(summary[metric])
    drafts = results.get("drafts") or {}
    for rule, row in (drafts.get("rules") or {}).items():
        for metric in RULE_METRICS:
            flat[("drafts", rule, metric)] = float(row[metric])
    if "clean_false_positive_rate" in drafts:
        flat[("drafts", "rascunhos limpos", "clean_false_positive_rate")] = float(drafts["clean_false_positive_rate"])
    return flat


def case_outcomes(results: dict[str, Any]) -> dict[tuple[str, str], bool]:
    """(suite, case id) → passed, from whatever per-case record each suite kept."""
    outcomes: dict[tuple[str, str], bool] = {}
    retrieval = results.get("retrieval") or {}
    k = int(retrieval.get("k", 5))
    for row in retrieval.get("per_case", []):
        if row.get("method") == "hybrid":
            outcomes[("retrieval", row["id"])] = row.get("rank") is not None and row["rank"] <= k
    for suite in ("tickets", "drafts"):
        for case_id, passed in ((results.get(suite) or {}).get("case_status") or {}).items():
            outcomes[(suite, case_id)] = bool(passed)
    return outcomes


@dataclass(frozen=True)
class Delta:
    suite: str
    scope: str
    metric: str
    base: float
    current: float

    @property
    def change(self) -> float:
        return self.current - self.base

    @property
    def better(self) -> bool:
        return (self.change < 0) if lower_is_better(self.metric) else (self.change > 0)


def compare(base: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    before, after = flatten_metrics(base), flatten_metrics(current)
    deltas = [Delta(*key, before[key], after[key]) for key in after
              if key in before and changed(key[2], before[key], after[key])]
    deltas.sort(key=lambda d: (d.suite, d.scope, d.metric))
    old, new = case_outcomes(base), case_outcomes(current)
    both = {suite for suite, _ in old} & {suite for suite, _ in new}  # a base without per-case records adds nothing
    old = {key: ok for key, ok in old.items() if key[0] in both}
    new = {key: ok for key, ok in new.items() if key[0] in both}
    shared = sorted(set(old) & set(new))
    return {
        "better": [asdict(d) | {"change": d.change} for d in deltas if d.better],
        "worse": [asdict(d) | {"change": d.change} for d in deltas if not d.better],
        "unchanged": sum(1 for key in after if key in before) - len(deltas),
        "fixed": [{"suite": s, "id": i} for s, i in shared if new[(s, i)] and not old[(s, i)]],
        "broken": [{"suite": s, "id": i} for s, i in shared if old[(s, i)] and not new[(s, i)]],
        "added": [{"suite": s, "id": i} for s, i in sorted(set(new) - set(old))],
        "removed": [{"suite": s, "id": i} for s, i in sorted(set(old) - set(new))],
        "base_created_at": (base.get("meta") or {}).get("created_at"),
    }


def format_comparison(diff: dict[str, Any]) -> str:
    lines = [f"Comparação com a execução de referência ({diff.get('base_created_at') or 'sem data'}):",
             f"  melhoraram {len(diff['better'])} métricas, pioraram {len(diff['worse'])}, "
             f"{diff['unchanged']} iguais; casos corrigidos {len(diff['fixed'])}, quebrados {len(diff['broken'])}"]
    for word, rows in (("piorou", diff["worse"]), ("melhorou", diff["better"])):
        for d in rows:
            lines.append(f"  {word}: {d['suite']} · {d['scope']} · {d['metric']}: "
                         f"{d['base']:.3f} → {d['current']:.3f} ({d['change']:+.3f})")
    for word, rows in (("quebrou", diff["broken"]), ("corrigido", diff["fixed"])):
        for case in rows:
            lines.append(f"  {word}: {case['suite']} · {case['id']}")
    return "\n".join(lines)
