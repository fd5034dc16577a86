"""The drafts eval: labelled drafts (evals/drafts/*.yaml) against the checker.

A finding matches an expected item when the rule is the same and the spans
overlap (the expected span is the ``occurrence``-th occurrence of ``text`` in
the draft). Scores per rule: precision, recall, F1; and the false-positive
rate on clean drafts (cases that expect nothing: the fraction with any
finding). A case that cannot run (bad YAML entry, unknown space, a text not
in the draft) is recorded as a failure with its reason; the run goes on.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from copilot.check import DraftChecker
from copilot.errors import CopilotError
from copilot.ticket import Ticket


def _expected_span(draft: str, text: str, occurrence: int) -> tuple[int, int] | None:
    start = -1
    for _ in range(max(1, occurrence)):
        start = draft.find(text, start + 1)
        if start < 0:
            return None
    return start, start + len(text)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def load_cases(cases_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(Path(cases_dir).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for case in data.get("cases") or []:
            cases.append((path.name, case))
    return cases


def _run_case(checker: DraftChecker, case: dict[str, Any]) -> tuple[list[dict], list[tuple[str, tuple[int, int], str | None]]]:
    draft = case["draft"]
    ticket = Ticket.model_validate(case["ticket"]) if case.get("ticket") else None
    now = datetime.fromisoformat(case["now"]) if case.get("now") else None
    result = checker.check(draft, case["space"], ticket=ticket, now=now)
    got = [f.model_dump() for f in result.findings]
    expected = []
    for item in case.get("expected") or []:
        span = _expected_span(draft, item["text"], int(item.get("occurrence", 1)))
        if span is None:
            raise ValueError(f"o texto esperado {item['text']!r} não está no rascunho")
        expected.append((item["rule"], span, item.get("severity")))
    return got, expected


def run_drafts_eval(checker: DraftChecker, cases_dir: Path) -> dict:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    failures: list[dict] = []
    clean_total = clean_flagged = severity_mismatches = total = 0
    for file_name, case in load_cases(cases_dir):
        total += 1
        case_id = str(case.get("id", f"{file_name}#{total}"))
        try:
            got, expected = _run_case(checker, case)
        except (CopilotError, ValueError, KeyError, TypeError) as exc:
            failures.append({"id": case_id, "file": file_name, "error": str(exc), "expected": case.get("expected"),
                             "got": []})
            continue
        matched_got: set[int] = set()
        missing = []
        for rule, span, severity in expected:
            hit = next((i for i, f in enumerate(got) if f["rule"] == rule and _overlaps(span, (f["start"], f["end"]))
                        and i not in matched_got), None)
            if hit is None:
                counts[rule]["fn"] += 1
                missing.append({"rule": rule, "text": case["draft"][span[0]:span[1]]})
            else:
                matched_got.add(hit)
                counts[rule]["tp"] += 1
                severity_mismatches += bool(severity and got[hit]["severity"] != severity)
        extra = [f for i, f in enumerate(got) if i not in matched_got]
        for finding in extra:
            counts[finding["rule"]]["fp"] += 1
        if not expected:
            clean_total += 1
            clean_flagged += bool(got)
        if missing or extra:
            failures.append({"id": case_id, "file": file_name, "missing": missing,
                             "unexpected": [{"rule": f["rule"], "text": f["text"]} for f in extra]})
    rules = {}
    for rule, c in sorted(counts.items()):
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rules[rule] = {**c, "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
    return {
        "cases": total,
        "rules": rules,
        "clean_cases": clean_total,
        "clean_false_positive_rate": round(clean_flagged / clean_total, 4) if clean_total else 0.0,
        "severity_mismatches": severity_mismatches,
        "failures": failures,
    }


def format_drafts_report(result: dict) -> str:
    """A plain-text table: one line per rule, then the clean-draft false-positive rate and the failures."""
    lines = [f"{'regra':24} {'VP':>4} {'FP':>4} {'FN':>4} {'precisão':>9} {'revocação':>10} {'F1':>6}"]
    for rule, r in result["rules"].items():
        lines.append(f"{rule:24} {r['tp']:>4} {r['fp']:>4} {r['fn']:>4} {r['precision']:>9.3f} "
                     f"{r['recall']:>10.3f} {r['f1']:>6.3f}")
    lines.append("")
    lines.append(f"casos: {result['cases']}  rascunhos limpos: {result['clean_cases']}  "
                 f"falsos positivos em limpos: {result['clean_false_positive_rate']:.1%}  "
                 f"severidades divergentes: {result['severity_mismatches']}")
    if result["failures"]:
        lines.append(f"casos com divergência: {len(result['failures'])}")
        for failure in result["failures"]:
            if "error" in failure:
                lines.append(f"  {failure['id']}: ERRO {failure['error']}")
                continue
            parts = [f"faltou {m['rule']} {m['text']!r}" for m in failure["missing"]]
            parts += [f"sobrou {u['rule']} {u['text']!r}" for u in failure["unexpected"]]
            lines.append(f"  {failure['id']}: " + "; ".join(parts))
    return "\n".join(lines)
