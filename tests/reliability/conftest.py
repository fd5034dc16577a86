"""Shared pieces for the reliability specs: a temporary kb/ and data dir, the CLI
as a subprocess (the way an operator runs it), and a real server on loopback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from copilot.settings import PROJECT_ROOT, Settings
from tests.conftest import free_port

COPILOT = str(Path(sys.executable).parent / "copilot")
TOKEN = "token-de-teste-confiabilidade"
MODEL_DIR = Settings().resolved_model_dir  # the real e5-small, built by `make model`


def write_doc(kb: Path, space: str, name: str, text: str) -> None:
    (kb / space / "docs").mkdir(parents=True, exist_ok=True)
    (kb / space / "docs" / name).write_text(text, encoding="utf-8")


def write_space(kb: Path, space: str) -> None:
    (kb / space / "docs").mkdir(parents=True, exist_ok=True)
    (kb / space / "space.yaml").write_text(f"id: {space}\nname: Espaço {space}\n", encoding="utf-8")


def article(space: str, number: int, revision: int = 1) -> str:
    """A short knowledge article in the seeds' style; ``revision`` is written into every passage."""
    return (f"---\nid: {space}-kcs-{number:03d}\ntitle: Artigo {number} — emissão de notas\nkind: kcs\n"
            f"source: teste\nupdated: 2026-11-24\n---\n"
            f"## Sintoma\n\nO cliente relata rejeição da nota fiscal número {number} pela prefeitura "
            f"(código de erro E{number:03d}, revisão {revision}).\n\n"
            f"## Solução\n\nConferir a alíquota do ISS e o código de serviço {number} no cadastro da empresa, "
            f"corrigir e reenviar a nota (revisão {revision}).\n")


def index_small_space(root: Path) -> Path:
    """``root/kb`` with a space of two short articles, indexed with the real model into ``root/data``."""
    write_space(root / "kb", "acme")
    for number in (1, 2):
        write_doc(root / "kb", "acme", f"artigo-{number}.md", article("acme", number))
    done = run_cli(cli_env(root / "kb", root / "data"), "index")
    assert done.returncode == 0, done.stderr
    return root


def copy_kb(target: Path, spaces: tuple[str, ...] | None = None) -> Path:
    """A temporary copy of the project's kb/ (optionally only some spaces, always with _base)."""
    source = PROJECT_ROOT / "kb"
    shutil.copytree(source, target, ignore=None if spaces is None else
                    (lambda folder, names: [n for n in names if Path(folder) == source
                                            and (source / n).is_dir() and n != "_base" and n not in spaces]))
    return target


def cli_env(kb: Path, data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_")}
    env.update({"COPILOT_KB_DIR": str(kb), "COPILOT_DATA_DIR": str(data), "COPILOT_MODEL_DIR": str(MODEL_DIR),
                "COLUMNS": "200", "ANONYMIZED_TELEMETRY": "False", **extra})
    return env


def run_cli(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([COPILOT, *args], env=env, capture_output=True, text=True, timeout=timeout)


@dataclass
class ServerProcess:
    """``copilot serve`` in a subprocess on a free loopback port."""

    env: dict[str, str]
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *args: str) -> "ServerProcess":
        self.proc = subprocess.Popen([COPILOT, "serve", "--skip-index", "--host", "127.0.0.1", "--port", str(self.port), *args],
                                     env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        return self

    def health(self, until_ready: bool = True, timeout: float = 120) -> httpx.Response:
        """Poll /healthz until it answers 200 (or, with ``until_ready=False``, until it answers at all but "carregando")."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"o servidor saiu: {self.proc.stderr.read()}"
            try:
                answer = httpx.get(f"{self.url}/healthz", timeout=5)
                if answer.status_code == 200 or (not until_ready and answer.json().get("status") != "carregando"):
                    return answer
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        pytest.fail(f"/healthz não respondeu em {timeout:.0f} s")

    def stop(self) -> str:
        if self.proc is None:
            return ""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.stderr.read() if self.proc.stderr else ""


@pytest.fixture
def servers() -> Iterator[list[ServerProcess]]:
    """Servers a test starts; every one is stopped at the end, whatever happened."""
    started: list[ServerProcess] = []
    yield started
    for server in started:
        server.stop()


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
