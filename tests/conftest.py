"""Shared fixtures: realistic Portuguese documents, fakes, and the real stack when needed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from copilot.kb.documents import Document, Section

# Hypothesis fails an example that takes over 200 ms by default: a timed assertion, and this
# suite runs on noisy 2-core machines beside spawned servers. Speed is for `make bench`.
hypothesis_settings.register_profile("copilot", deadline=None)
hypothesis_settings.load_profile("copilot")

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


def pop_document(space: str = "acme") -> Document:
    """A small POP in the style of the seeds: blocks of numbered steps."""
    return Document(
        id=f"{space}-pop-atendimento", space=space, title="POP — Atendimento", kind="pop",
        sections=(
            Section(("Objetivo",), "Padronizar o atendimento dos chamados de emissão de notas fiscais."),
            Section(("Passo a Passo", "Bloco 1 - Análise inicial"),
                    "1. Verificar se o cliente informou o nome da empresa ou o e-mail da conta. Se NÃO, solicitar ao cliente.\n"
                    "2. Verificar se o cliente está ativo no painel.\n"
                    "  - Se estiver bloqueado por inadimplência, inserir nota interna com os prints do bloqueio.\n"
                    "3. Verificar se existe outro ticket aberto para o mesmo assunto e mesclar os atendimentos."),
            Section(("Passo a Passo", "Bloco 2 - Checklists"),
                    "Rejeição de nota pela prefeitura: conferir o código de serviço e a alíquota do ISS no cadastro."),
            Section(("Agendamento",),
                    "Quando o cliente pedir uma videoconferência ou ligação, agendar pela agenda compartilhada do time."),
        ),
        source="tests", updated="2026-11-24")


@pytest.fixture(scope="session", autouse=True)
def evals_copy(tmp_path_factory):
    """Every Settings() in the suite reads the eval cases from a copy: a route
    that appends a case (the curator's review queue) never writes into the repo."""
    copy = tmp_path_factory.mktemp("evals") / "evals"
    shutil.copytree(REPO / "evals", copy)
    previous = os.environ.get("COPILOT_EVALS_DIR")
    os.environ["COPILOT_EVALS_DIR"] = str(copy)
    yield copy
    if previous is None:
        os.environ.pop("COPILOT_EVALS_DIR", None)
    else:
        os.environ["COPILOT_EVALS_DIR"] = previous


@pytest.fixture
def pop() -> Document:
    return pop_document()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real `chroma run` on loopback, as a team would run it (COPILOT_CHROMA_URL)."""
    exe = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    assert exe, "the chromadb package ships the `chroma` command"
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen([exe, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    import httpx

    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not answer within 30 s")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
