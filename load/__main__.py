"""``python -m load``: one analyst alone, then a whole floor, against a fresh server on loopback."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from dataclasses import asdict

from copilot.kb.catalog import Catalog
from copilot.settings import Settings
from load.analysts import Material, floor, warm_up
from load.report import figures, memory, missed_targets, table
from load.server import MemorySampler, Server, ServerFailed

MAX_USERS, MAX_SECONDS = 200, 600


def run_loop(coroutine):
    """The analysts' event loop: uvloop when installed (uvicorn's own choice), so the load
    generator's overhead, which is timed along with every answer, stays small."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m load", description=__doc__)
    parser.add_argument("--users", type=int, default=50, help=f"analistas simultâneos (1–{MAX_USERS})")
    parser.add_argument("--seconds", type=float, default=60, help=f"duração da carga (1–{MAX_SECONDS})")
    parser.add_argument("--single-seconds", type=float, default=None,
                        help="duração da medida com um analista sozinho (padrão: 15 s, ou --seconds se menor)")
    parser.add_argument("--ramp-seconds", type=float, default=10,
                        help=f"os analistas chegam um a um nesse tempo, antes da medida (0–{MAX_SECONDS}; 0 = todos de uma vez)")
    parser.add_argument("--workers", type=int, default=1,
                        help="servidores do copiloto; os analistas se dividem entre eles (1–8)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", dest="json_path", default=None, help="grava também os números em JSON")
    args = parser.parse_args(argv)
    if (not 1 <= args.users <= MAX_USERS or not 1 <= args.seconds <= MAX_SECONDS or not 1 <= args.workers <= 8
            or not 0 <= args.ramp_seconds <= MAX_SECONDS):
        parser.error(f"--users vai de 1 a {MAX_USERS}, --seconds de 1 a {MAX_SECONDS}, --ramp-seconds de 0 a "
                     f"{MAX_SECONDS} e --workers de 1 a 8")
    args.single_seconds = args.single_seconds or min(15.0, args.seconds)
    return args


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    settings = Settings()  # the server reads the same COPILOT_* environment
    material = Material.from_evals(settings.evals_dir, Catalog(settings.kb_dir).space_ids())
    first = Server()
    servers = [first] + [Server(token=first.token) for _ in range(args.workers - 1)]
    print(f"iniciando {len(servers)} servidor(es) do copiloto em {', '.join(s.url for s in servers)} …",
          file=sys.stderr, flush=True)
    try:
        for server in servers:
            server.launch()
        for server in servers:
            server.wait_ready()
    except ServerFailed as exc:
        print(f"erro: o servidor não ficou pronto: {exc}", file=sys.stderr)
        for server in servers:
            server.stop()
        return 2
    urls = [server.url for server in servers]
    try:
        with MemorySampler(servers) as rss:
            warm = run_loop(warm_up(urls, first.token, material))
            print(f"um analista sozinho por {args.single_seconds:.0f} s …", file=sys.stderr, flush=True)
            single = run_loop(floor(urls[:1], first.token, material, 1, args.single_seconds, args.seed,
                                    think=False))
            print(f"{args.users} analistas chegando em {args.ramp_seconds:.0f} s, medidos por {args.seconds:.0f} s …",
                  file=sys.stderr, flush=True)
            rss.mark("start")  # memory counts from before the ramp: growth while the floor fills up counts too
            loaded = run_loop(floor(urls, first.token, material, args.users, args.seconds, args.seed,
                                    ramp=args.ramp_seconds, on_measuring=lambda: rss.mark("measuring")))
            elapsed = time.monotonic() - loaded.since
            rss.mark("end")
            mem = memory(rss.between("start", "end"))
            cpu = rss.cpu_share("measuring", "end")
            generator_cpu = rss.generator_share("measuring", "end")
    finally:
        for server in servers:
            server.stop()

    rows = figures(single, loaded)
    print(table(rows, args.users, args.seconds, elapsed, mem, args.workers, args.ramp_seconds, settings.suggest_processes))
    if cpu is not None:
        print(f"CPU dos processos do copiloto sob carga: {cpu:.2f} núcleo(s) em média")
    if generator_cpu is not None:
        print(f"CPU do gerador de carga (os {args.users} analistas simulados, nesta mesma máquina): "
              f"{generator_cpu:.2f} núcleo(s) em média")
    errors = warm.total_errors + single.total_errors + loaded.total_errors
    for recorder in (warm, single, loaded):
        for endpoint, messages in recorder.errors.items():
            for message in sorted(set(messages))[:3]:
                print(f"erro em {endpoint}: {message}", file=sys.stderr)
    missed = missed_targets(rows, mem)
    for line in missed:
        print(f"meta não atingida: {line}", file=sys.stderr)
    if args.json_path:
        with open(args.json_path, "w", encoding="utf-8") as handle:
            json.dump({"users": args.users, "workers": args.workers, "seconds": args.seconds, "elapsed": round(elapsed, 2),
                       "ramp_seconds": args.ramp_seconds,
                       "single_seconds": args.single_seconds, "errors": errors,
                       "single_requests": {e: single.count(e) for e in single.seconds},
                       "endpoints": [asdict(r) | {"p95_ratio": r.p95_ratio} for r in rows],
                       "memory_mb": asdict(mem) | {"flat": mem.flat} if mem else None,
                       "server_cpu_cores": None if cpu is None else round(cpu, 2),
                       "generator_cpu_cores": None if generator_cpu is None else round(generator_cpu, 2),
                       "missed_targets": missed}, handle, ensure_ascii=False, indent=2)
    if errors:
        print(f"erro: {errors} pedido(s) falharam", file=sys.stderr)
        return 1
    return 3 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
