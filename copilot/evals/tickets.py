"""Ticket suggestion eval: labeled tickets (``evals/tickets/<space>.yaml``) → metrics per space.

Metrics: checklist accuracy (title equality; null == null is right), template
accuracy (the returned template body contains the labeled phrase), next-step
accuracy (every ``contains`` phrase in the step's text, case/accent-insensitive,
whitespace normalised), article hit@5 (a returned passage contains a gold
quote) and "nothing fits" precision/recall (all three suggestions null).
Every case is scored; a case that fails to run is recorded, never fatal.
"""

from __future__ import annotations

import traceback
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from copilot.evals.metrics import percentile
from copilot.suggest.text import fold
from copilot.ticket import Ticket

METRICS = ("checklist_accuracy", "template_accuracy", "next_step_accuracy", "article_hit_at_5",
           "nothing_fits_precision", "nothing_fits_recall")
THRESHOLD = 0.85


def _norm(text: str) -> str:
    return " ".join(fold(text).split())


def _contains(haystack: str, needle: str) -> bool:
    return _norm(needle) in _norm(haystack)


def load_ticket_cases(cases_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(Path(cases_dir).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for case in data.get("cases") or []:
            cases.append((str(data.get("space") or path.stem), case))
    return cases


def score_case(case: dict[str, Any], result: Any) -> dict[str, Any]:
    """Right/wrong per metric for one case, with what was expected and what came."""
    expected = case.get("expected") or {}
    got_checklist = result.checklist.title if result.checklist else None
    got_template = result.reply_template.body if result.reply_template else None
    got_step = result.next_step.text if result.next_step else None
    want_template, want_step = expected.get("template"), expected.get("next_step")
    row: dict[str, Any] = {
        "checklist": got_checklist == expected.get("checklist"),
        "template": (got_template is None) if want_template is None else (got_template is not None and _contains(got_template, want_template)),
        "next_step": (got_step is None) if want_step is None
        else (got_step is not None and all(_contains(got_step, p) for p in want_step.get("contains", []))),
        "predicted_nothing": got_checklist is None and got_template is None and got_step is None,
        "got": {"checklist": got_checklist, "template": result.reply_template.id if result.reply_template else None,
                "next_step": (got_step or "")[:160] or None,
                "next_step_section": result.next_step.source.section if result.next_step else None,
                "fallback": bool(result.next_step and result.next_step.fallback)},
    }
    gold = expected.get("articles") or []
    if gold:
        texts = [getattr(a, "_chunk_text", "") or a.excerpt for a in result.articles[:5]]
        row["article"] = any(_contains(t, q) for t in texts for q in gold)
    return row


def run_tickets_eval(suggester: Any, cases_dir: Path) -> dict[str, Any]:
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    latencies: list[float] = []
    for space, case in load_ticket_cases(cases_dir):
        case_id = str(case.get("id"))
        try:
            ticket = Ticket.model_validate(case["ticket"])
            now = datetime.fromisoformat(case["now"]) if case.get("now") else None
            result = suggester.suggest(ticket, now)
            row = score_case(case, result)
            latencies.append(float(result.timings_ms.get("total", 0.0)))
        except Exception as exc:  # a broken case or engine error is a recorded failure
            row = {"checklist": False, "template": False, "next_step": False, "article": False,
                   "predicted_nothing": False, "error": f"{type(exc).__name__}: {exc}",
                   "trace": traceback.format_exc(limit=3), "got": {}}
        row.update(id=case_id, nothing_fits=bool(case.get("nothing_fits")), expected=case.get("expected"))
        rows[space].append(row)
    spaces = {space: _summarise(space_rows) for space, space_rows in sorted(rows.items())}
    everything = [r for space_rows in rows.values() for r in space_rows]
    return {
        "spaces": spaces,
        "overall": _summarise(everything) if everything else {},
        "latency_ms": {"p50": round(percentile(latencies, 0.5), 2), "p95": round(percentile(latencies, 0.95), 2)},
        "threshold": THRESHOLD,
    }


def _rate(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    predicted = [r for r in rows if r["predicted_nothing"]]
    labeled = [r for r in rows if r["nothing_fits"]]
    summary: dict[str, Any] = {
        "cases": len(rows),
        "checklist_accuracy": _rate([r["checklist"] for r in rows]),
        "template_accuracy": _rate([r["template"] for r in rows]),
        "next_step_accuracy": _rate([r["next_step"] for r in rows]),
        "article_hit_at_5": _rate([r["article"] for r in rows if "article" in r]),
        # no "nothing fits" answer at all: no false one either
        "nothing_fits_precision": _rate([r["nothing_fits"] for r in predicted]) if predicted else 1.0,
        "nothing_fits_recall": _rate([r["predicted_nothing"] for r in labeled]) if labeled else 1.0,
    }
    summary["failures"] = [
        {"id": r["id"], "wrong": [m for m in ("checklist", "template", "next_step", "article") if r.get(m) is False],
         "expected": _brief_expected(r.get("expected") or {}), "got": r.get("got"), **({"error": r["error"]} if "error" in r else {})}
        for r in rows if any(r.get(m) is False for m in ("checklist", "template", "next_step", "article"))
        or r["predicted_nothing"] != r["nothing_fits"]
    ]
    return summary


def _brief_expected(expected: dict[str, Any]) -> dict[str, Any]:
    step = expected.get("next_step")
    return {"checklist": expected.get("checklist"), "template": expected.get("template"),
            "next_step": step.get("contains") if step else None}


def format_tickets_report(result: dict[str, Any]) -> str:
    """A pt-BR table of the metrics per space, then the failing cases."""
    head = ["espaço", "casos", "checklist", "modelo", "próximo passo", "artigos@5", "nada serve (prec.)", "nada serve (rev.)"]
    lines = ["Avaliação de sugestões (evals/tickets)", " | ".join(head)]

    def cell(metric: str, value: float | None) -> str:
        if value is None:
            return "—"
        gated = metric != "nothing_fits_recall"  # recall is reported, not gated
        return f"{value:.2f}" + (" ✗" if gated and value < THRESHOLD else "")

    for name, summary in [*result["spaces"].items(), ("total", result.get("overall") or {})]:
        if not summary:
            continue
        lines.append(" | ".join([name, str(summary["cases"]), *(cell(m, summary[m]) for m in METRICS)]))
    latency = result.get("latency_ms", {})
    lines.append(f"latência por ticket: p50 {latency.get('p50', 0):.1f} ms · p95 {latency.get('p95', 0):.1f} ms")
    failures = [(space, f) for space, s in result["spaces"].items() for f in s["failures"]]
    if failures:
        lines.append("")
        lines.append(f"Casos com erro ({len(failures)}):")
        for space, failure in failures:
            wrong = ", ".join(failure["wrong"]) or "nada serve"
            detail = failure.get("error") or f"esperado {failure['expected']} · veio {failure['got']}"
            lines.append(f"- {failure['id']} [{wrong}]: {detail}")
    return "\n".join(lines)
