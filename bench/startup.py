"""Cold start to first answer: a new process loads the model and the index and
answers one suggestion (what a restarted server pays before /healthz is 200)."""

from __future__ import annotations

import subprocess
import sys
import time

from copilot.settings import Settings

PROBE = """
import json, sys, time
from copilot.runtime import build_runtime
from copilot.settings import Settings
from copilot.ticket import Ticket
runtime = build_runtime(Settings())
result = runtime.suggester.suggest(Ticket(space="enotas", subject="Nota rejeitada pela prefeitura",
    description="Minha NFS-e voltou rejeitada, código de serviço inválido."))
print("ok" if result.articles else "sem artigos")
"""


def bench_cold_start(settings: Settings) -> list[tuple[str, str]]:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - started)
        if done.returncode != 0 or "ok" not in done.stdout:
            return [("partida a frio até a 1ª resposta", f"falhou: {done.stderr.strip()[-300:]}")]
    times.sort()
    return [("partida a frio até a 1ª resposta", f"mediana {times[1]:.1f} s (min {times[0]:.1f}, max {times[2]:.1f})")]
