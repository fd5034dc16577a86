"""Small timing helpers shared by the benchmarks."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Iterable

from copilot.evals.metrics import percentile


def time_each(func: Callable[[object], object], items: Iterable[object], warmup: int = 3,
              before: Callable[[], object] | None = None) -> list[float]:
    """Milliseconds per call; ``before`` runs untimed ahead of each call (e.g. emptying a cache)."""
    items = list(items)
    for item in items[:warmup]:
        func(item)
    times = []
    for item in items:
        if before:
            before()
        started = time.perf_counter()
        func(item)
        times.append((time.perf_counter() - started) * 1000)
    return times


def p50_p95(times_ms: list[float]) -> str:
    return f"p50 {percentile(times_ms, 0.5):.1f} ms · p95 {percentile(times_ms, 0.95):.1f} ms (n={len(times_ms)})"


def rss_mb() -> float:
    """Peak resident set size of this process, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
