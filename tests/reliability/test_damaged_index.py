"""A damaged or missing index directory: every command says, in pt-BR, which
command rebuilds it (never a traceback), the server stays up answering 503
with that message on /healthz (never a crash loop), and the rebuild recovers."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from copilot.retrieval.embedders import HashingEmbedder
from copilot.retrieval.hybrid import HybridRetriever
from copilot.retrieval.store import ChromaStore
from tests.reliability.conftest import ServerProcess, cli_env, index_small_space, run_cli

pytestmark = [pytest.mark.model, pytest.mark.slow]
REBUILD = "copilot index --rebuild"


def truncate(chroma: Path) -> None:
    sqlite = chroma / "chroma.sqlite3"
    os.truncate(sqlite, sqlite.stat().st_size // 2)


def garble(chroma: Path) -> None:
    with open(chroma / "chroma.sqlite3", "r+b") as handle:
        handle.write(bytes(range(256)) * 16)  # the header and the first pages


def delete(chroma: Path) -> None:
    shutil.rmtree(chroma)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory) -> Path:
    """A small space indexed once with the real model; each case damages its own copy."""
    return index_small_space(tmp_path_factory.mktemp("indice-danificado"))


@pytest.mark.parametrize("damage", [truncate, garble, delete], ids=["truncado", "embaralhado", "apagado"])
def test_a_damaged_index_names_the_rebuild_and_the_rebuild_recovers(indexed, tmp_path, servers, damage):
    shutil.copytree(indexed / "data", tmp_path / "data")
    damage(tmp_path / "data" / "chroma")
    env = cli_env(indexed / "kb", tmp_path / "data")
    server = ServerProcess(env)
    servers.append(server.start())

    search = run_cli(env, "search", "nota rejeitada pela prefeitura", "--space", "acme")
    assert search.returncode == 2, search.stdout + search.stderr
    message = " ".join(search.stderr.split())
    assert REBUILD in message and "índice" in message
    assert "Traceback" not in search.stderr + search.stdout

    health = server.health(until_ready=False)
    assert health.status_code == 503 and health.json()["status"] == "erro"
    assert REBUILD in health.json()["error"]["message"]
    time.sleep(1.0)
    assert server.proc.poll() is None and server.health(until_ready=False).status_code == 503  # up, not looping
    assert "Traceback" not in server.stop()

    rebuilt = run_cli(env, "index", "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Traceback" not in rebuilt.stderr
    store = ChromaStore.connect(tmp_path / "data" / "chroma")
    hits = HybridRetriever(store, HashingEmbedder()).search("nota rejeitada pela prefeitura", "acme", method="lexical")
    assert hits and hits[0].chunk.doc_id.startswith("acme-kcs-")
