"""`python -m load`, small: a few analysts for a few seconds against the real
server on loopback, with the real model and index. Zero errors; timings are
reported, not asserted (this machine runs the rest of the suite meanwhile)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from copilot.settings import PROJECT_ROOT
from tests.reliability.conftest import cli_env, copy_kb, run_cli

pytestmark = [pytest.mark.model, pytest.mark.slow]


def test_a_few_analysts_typing_get_no_errors(tmp_path):
    kb = copy_kb(tmp_path / "kb", spaces=("enotas",))
    env = cli_env(kb, tmp_path / "data")
    indexed = run_cli(env, "index")
    assert indexed.returncode == 0, indexed.stderr

    figures = tmp_path / "carga.json"
    run = subprocess.run([sys.executable, "-m", "load", "--users", "5", "--seconds", "5", "--ramp-seconds", "2", "--json", str(figures)],
                         env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=240)
    assert run.returncode in (0, 3), run.stderr  # 1 = failed requests, 2 = the server never got ready
    report = json.loads(figures.read_text(encoding="utf-8"))
    assert report["errors"] == 0 and report["ramp_seconds"] == 2
    assert {row["endpoint"]: row["requests"] > 0 for row in report["endpoints"]} == {"suggest": True, "check": True}
    assert report["memory_mb"]["peak_mb"] > 0
    assert report["server_cpu_cores"] > 0 and report["generator_cpu_cores"] > 0  # both share these cores
    assert "p95" in run.stdout and "memória do servidor" in run.stdout and "CPU do gerador de carga" in run.stdout
