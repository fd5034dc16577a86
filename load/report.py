"""Figures of a load run: percentiles per endpoint, the p95 target, memory; a table and JSON."""

from __future__ import annotations

import math
from dataclasses import dataclass

from load.analysts import CHECK, SUGGEST, Recorder

P95_FACTOR = 3.0  # loaded p95 may be at most this many times the single-user p95
MEMORY_GROWTH = 0.10  # RSS at the end may exceed RSS at the start of the load by at most 10 %…
MEMORY_SLACK_MB = 40.0  # …or this much, whichever is larger (allocator noise on a small process)


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0–100) of ``values``; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


@dataclass(frozen=True)
class EndpointFigures:
    endpoint: str
    requests: int
    errors: int
    single_p50_ms: float | None
    single_p95_ms: float | None
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None

    @property
    def p95_ratio(self) -> float | None:
        if self.p95_ms is None or not self.single_p95_ms:
            return None
        return self.p95_ms / self.single_p95_ms


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def figures(single: Recorder, loaded: Recorder) -> list[EndpointFigures]:
    rows = []
    for endpoint in (SUGGEST, CHECK):
        alone, busy = single.seconds[endpoint], loaded.seconds[endpoint]
        rows.append(EndpointFigures(endpoint, loaded.count(endpoint), len(loaded.errors[endpoint]),
                                    _ms(percentile(alone, 50)), _ms(percentile(alone, 95)),
                                    _ms(percentile(busy, 50)), _ms(percentile(busy, 95)), _ms(percentile(busy, 99))))
    return rows


@dataclass(frozen=True)
class Memory:
    start_mb: float
    peak_mb: float
    end_mb: float

    @property
    def flat(self) -> bool:
        return self.end_mb - self.start_mb <= max(MEMORY_SLACK_MB, MEMORY_GROWTH * self.start_mb)


def memory(samples: list[float]) -> Memory | None:
    return Memory(round(samples[0], 1), round(max(samples), 1), round(samples[-1], 1)) if samples else None


def table(rows: list[EndpointFigures], users: int, seconds: float, elapsed: float, mem: Memory | None,
          workers: int = 1, ramp: float = 0.0, suggest_processes: int = 0) -> str:
    def cell(value) -> str:
        return "—" if value is None else f"{value:.1f}" if isinstance(value, float) else str(value)

    header = ("endpoint", "pedidos", "erros", "req/s", "p50 só", "p95 só", "p50", "p95", "p99", "p95/só")
    where = "1 servidor" if workers == 1 else f"{workers} servidores"
    if suggest_processes:
        where += f" ({suggest_processes} processo{'s' if suggest_processes > 1 else ''} de sugestões cada)"
    arrival = f", chegando em {ramp:.0f} s," if ramp else ""
    lines = [f"{users} analistas{arrival} medidos por {seconds:.0f} s contra {where} (medido {elapsed:.1f} s); "
             "tempos em ms; 'só' = um analista sozinho",
             "  ".join(f"{h:>9}" for h in header)]
    for r in rows:
        values = (r.endpoint, r.requests, r.errors, r.requests / elapsed if elapsed else None, r.single_p50_ms,
                  r.single_p95_ms, r.p50_ms, r.p95_ms, r.p99_ms, r.p95_ratio)
        lines.append("  ".join(f"{cell(v):>9}" for v in values))
    if mem is not None:
        lines.append(f"memória {'do servidor' if workers == 1 else 'somada dos servidores'} com seus processos (RSS, MB): início {mem.start_mb:.1f} · pico {mem.peak_mb:.1f} · "
                     f"fim {mem.end_mb:.1f} → {'estável' if mem.flat else 'CRESCENDO'}")
    return "\n".join(lines)


def missed_targets(rows: list[EndpointFigures], mem: Memory | None) -> list[str]:
    missed = [f"{r.endpoint}: p95 {r.p95_ms} ms sob carga > {P95_FACTOR:.0f}× {r.single_p95_ms} ms sozinho"
              for r in rows if r.p95_ratio is not None and r.p95_ratio > P95_FACTOR]
    if mem is not None and not mem.flat:
        missed.append(f"memória: {mem.start_mb} MB → {mem.end_mb} MB")
    return missed
