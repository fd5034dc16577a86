"""Run every benchmark and print a table of medians and p95s.

    python -m bench [--synthetic N] [--only retrieval,suggest,check,cold]

Figures come from one run on one machine, side by side (hybrid next to the
naive baseline), so ratios are meaningful even on a noisy machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from bench.retrieval import bench_retrieval
from bench.startup import bench_cold_start
from bench.stages import bench_check, bench_suggest
from copilot.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--synthetic", type=int, default=10_000, help="chunks in the synthetic KB (0 = skip)")
    parser.add_argument("--only", default="retrieval,suggest,check,cold")
    parser.add_argument("--json", dest="json_path", default=None, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    settings = Settings()
    wanted = set(args.only.split(","))
    rows: list[tuple[str, str]] = []
    started = time.perf_counter()
    if "retrieval" in wanted:
        rows += bench_retrieval(settings, args.synthetic)
    if "suggest" in wanted:
        rows += bench_suggest(settings)
    if "check" in wanted:
        rows += bench_check(settings)
    if "cold" in wanted:
        rows += bench_cold_start(settings)
    width = max(len(name) for name, _ in rows) if rows else 10
    print(f"\n{'benchmark':<{width}}  valor")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(f"\n(total {time.perf_counter() - started:.0f} s)")
    if args.json_path:
        with open(args.json_path, "w", encoding="utf-8") as fh:
            json.dump(dict(rows), fh, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
