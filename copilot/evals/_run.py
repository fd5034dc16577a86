"""Run the eval suites once, for the CLI and the curator's page alike.

The suites' own runners score the cases; this module times every call,
keeps what the copilot answered (so a failing ticket shows the passages it
retrieved and the checklist confusion matrix can be drawn) and records each
case's pass/fail for ``--compare``. Nothing here changes a score.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import Any

from copilot.settings import Settings

SUITES = ("retrieval", "tickets", "drafts")
NONE_LABEL = "(nenhum)"
ERROR_LABEL = "(erro)"

Progress = Callable[[str, int, int], None]


class _Recorder:
    """Stands in for a suggester or checker: same answers, each call timed and kept."""

    def __init__(self, inner: Any, method: str, label: str, total: int, progress: Progress | None) -> None:
        self._inner, self._method, self._label, self._total, self._progress = inner, method, label, total, progress
        self.calls: list[tuple[tuple, Any, float]] = []
        setattr(self, method, self._call)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def _call(self, *args, **kwargs):
        started = time.perf_counter()
        answer = getattr(self._inner, self._method)(*args, **kwargs)
        self.calls.append((args, answer, (time.perf_counter() - started) * 1000))
        if self._progress:
            self._progress(self._label, len(self.calls), self._total)
        return answer


def confusion(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """(expected, got) label pairs → labels (expected ones first, in order seen) and matrix[expected][got]."""
    labels: list[str] = []
    for expected, _ in pairs:
        if expected not in labels:
            labels.append(expected)
    for _, got in pairs:
        if got not in labels:
            labels.append(got)
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for expected, got in pairs:
        matrix[index[expected]][index[got]] += 1
    return {"labels": labels, "matrix": matrix}


def _tickets(runtime, settings: Settings, progress: Progress | None) -> dict[str, Any]:
    from copilot.evals.tickets import load_ticket_cases, run_tickets_eval
    from copilot.ticket import Ticket

    cases = load_ticket_cases(settings.evals_dir / "tickets")
    recorder = _Recorder(runtime.suggester, "suggest", "tickets", len(cases), progress)
    result = run_tickets_eval(recorder, settings.evals_dir / "tickets")
    calls, pointer = recorder.calls, 0
    pairs: dict[str, list[tuple[str, str]]] = {}
    answers: dict[str, tuple[Any, float]] = {}
    for space, case in cases:
        try:
            ticket = Ticket.model_validate(case["ticket"])
        except Exception:
            ticket = None
        answer = None
        if ticket is not None and pointer < len(calls) and calls[pointer][0][0] == ticket:
            answer, pointer = calls[pointer], pointer + 1
            answers[str(case.get("id"))] = (answer[1], answer[2])
        expected = (case.get("expected") or {}).get("checklist") or NONE_LABEL
        got = ERROR_LABEL if answer is None else (answer[1].checklist.title if answer[1].checklist else NONE_LABEL)
        pairs.setdefault(space, []).append((expected, got))
    failing = set()
    for summary in result["spaces"].values():
        for failure in summary["failures"]:
            failing.add(failure["id"])
            found = answers.get(failure["id"])
            if found is not None:
                failure["articles"] = [{"title": a.title, "section": a.section, "excerpt": a.excerpt[:240],
                                        "score": round(float(a.score), 4)} for a in found[0].articles[:5]]
    result["case_status"] = {str(case.get("id")): str(case.get("id")) not in failing for _, case in cases}
    result["case_spaces"] = {str(case.get("id")): space for space, case in cases}
    result["checklist_confusion"] = {space: confusion(p) for space, p in sorted(pairs.items())}
    result["latencies_ms"] = [round(ms, 3) for _, _, ms in calls]
    return result


def _drafts(runtime, settings: Settings, progress: Progress | None) -> dict[str, Any]:
    from copilot.evals.drafts import load_cases, run_drafts_eval

    cases = load_cases(settings.evals_dir / "drafts")
    recorder = _Recorder(runtime.checker, "check", "drafts", len(cases), progress)
    result = run_drafts_eval(recorder, settings.evals_dir / "drafts")
    by_id = {str(case.get("id")): case for _, case in cases}
    for failure in result["failures"]:
        case = by_id.get(str(failure["id"])) or {}
        failure.update(space=case.get("space"), draft=str(case.get("draft", ""))[:600])
    failing = {str(f["id"]) for f in result["failures"]}
    result["case_status"] = {case_id: case_id not in failing for case_id in by_id}
    result["case_spaces"] = {case_id: str(case.get("space")) for case_id, case in by_id.items()}
    result["latencies_ms"] = [round(ms, 3) for _, _, ms in recorder.calls]
    result["spaces"] = _drafts_per_space(runtime.checker, [case for _, case in cases])
    return result


def _drafts_per_space(checker, cases: list[dict[str, Any]]) -> dict[str, Any]:
    """The same scoring, one space at a time (the drafts runner reads a folder: one per space).
    Checking is a few milliseconds a draft, so scoring twice costs nothing worth saving."""
    import tempfile
    from pathlib import Path

    import yaml

    from copilot.evals.drafts import run_drafts_eval

    groups: dict[str, list[dict[str, Any]]] = {}
    for case in cases:
        groups.setdefault(str(case.get("space")), []).append(case)
    spaces = {}
    with tempfile.TemporaryDirectory(prefix="copilot-drafts-") as tmp:
        for space, items in sorted(groups.items()):
            folder = Path(tmp) / space
            folder.mkdir()
            (folder / "casos.yaml").write_text(yaml.safe_dump({"cases": items}, allow_unicode=True), encoding="utf-8")
            scored = run_drafts_eval(checker, folder)
            spaces[space] = {key: scored[key] for key in ("cases", "rules", "clean_cases", "clean_false_positive_rate")}
    return spaces


def _retrieval(parts, settings: Settings, progress: Progress | None) -> dict[str, Any]:
    from copilot.evals.retrieval import NaiveBaseline, load_cases, run_retrieval_eval

    cases = load_cases(settings.evals_dir / "retrieval")
    if progress:
        progress("retrieval", 0, len(cases))
    spaces = sorted({c.space for c in cases})
    naive = NaiveBaseline(parts.catalog, parts.store, parts.model_id, parts.embedder, spaces)
    return run_retrieval_eval(parts.catalog, parts.retriever, naive, cases, progress=progress)


def run_suites(settings: Settings, suites: Sequence[str] = SUITES, components=None,
               progress: Progress | None = None) -> dict[str, Any]:
    """Run ``suites`` in order; returns ``{"meta": …, suite: result, …}`` (the JSON of ``copilot eval -o``)."""
    from copilot.runtime import Components, build_runtime

    parts = components or Components(settings)
    results: dict[str, Any] = {"meta": {"created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                        "suites": list(suites), "seconds": {}}}
    runtime = None
    for suite in suites:
        started = time.perf_counter()
        if suite == "retrieval":
            results[suite] = _retrieval(parts, settings, progress)
        else:
            runtime = runtime or build_runtime(settings, parts)
            results[suite] = (_tickets if suite == "tickets" else _drafts)(runtime, settings, progress)
        results["meta"]["seconds"][suite] = round(time.perf_counter() - started, 1)
    return results


def components_sharing(settings: Settings, shared) -> Any:
    """Fresh catalog and knowledge caches (so a curator's last edit counts) over the
    process's one model and one store (so a run in the server loads nothing twice)."""
    from copilot.runtime import Components

    parts = Components(settings)
    parts.__dict__["store"] = shared.store
    parts.__dict__["_embedder"] = shared.embedder()
    return parts
