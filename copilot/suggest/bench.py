"""Suggest latency, warm, without a language model: ``python -m copilot.suggest.bench``.

Every ticket of ``evals/tickets`` once, after the model, the index and every
space's knowledge are loaded (what a running server has). Distinct tickets, so
each request pays its own embedding. Target on 2 cores: p95 ≤ 80 ms.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

from copilot.evals.metrics import percentile
from copilot.evals.tickets import load_ticket_cases
from copilot.ticket import Ticket


def measure(suggester, cases_dir: Path) -> dict[str, float]:
    """p50/p95/max in milliseconds over one suggestion per labeled ticket (after warming)."""
    cases = [(Ticket.model_validate(c["ticket"]), datetime.fromisoformat(c["now"])) for _, c in load_ticket_cases(cases_dir)]
    suggester.warm()
    suggester.suggest(Ticket(space=cases[0][0].space, subject="aquecimento do modelo"), cases[0][1])
    times = []
    for ticket, now in cases:
        started = time.perf_counter()
        suggester.suggest(ticket, now)
        times.append((time.perf_counter() - started) * 1000)
    return {"runs": len(times), "p50": round(percentile(times, 0.5), 1), "p95": round(percentile(times, 0.95), 1),
            "max": round(max(times), 1)}


def main() -> None:
    from copilot.runtime import Components
    from copilot.settings import Settings
    from copilot.suggest import Suggester

    settings = Settings()
    parts = Components(settings)
    parts.retriever.warm()
    suggester = Suggester(parts.catalog, parts.retriever, parts.embedder(), settings)
    result = measure(suggester, settings.evals_dir / "tickets")
    print(f"suggest ({settings.embedding_backend}): {result['runs']} tickets · p50 {result['p50']} ms · "
          f"p95 {result['p95']} ms · máx {result['max']} ms", file=sys.stdout)


if __name__ == "__main__":
    main()
