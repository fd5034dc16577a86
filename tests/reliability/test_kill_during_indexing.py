"""`kill -9` in the middle of indexing: the previous index keeps answering,
and the next run completes, reusing every vector computed before the kill."""

from __future__ import annotations

import re
import signal
import subprocess
import time

import pytest

from copilot.retrieval.embedders import HashingEmbedder
from copilot.retrieval.hybrid import HybridRetriever
from copilot.retrieval.store import ChromaStore
from tests.reliability.conftest import COPILOT, article, cli_env, run_cli, write_doc, write_space
from tests.reliability.test_two_indexers import reports

pytestmark = [pytest.mark.model, pytest.mark.slow]
PROGRESS = re.compile(r"Indexando acme: (\d+)/(\d+)")


def test_kill_9_mid_embedding_keeps_the_previous_index_and_the_next_run_reuses_the_cache(tmp_path):
    kb, data = tmp_path / "kb", tmp_path / "data"
    write_space(kb, "acme")
    write_doc(kb, "acme", "artigo-1.md", article("acme", 1))
    env = cli_env(kb, data)
    first = run_cli(env, "index")
    assert first.returncode == 0, first.stderr
    previous = ChromaStore.connect(data / "chroma").pointers()["acme"]

    for number in range(2, 22):  # 40 new passages: two batches of embedding (32 + 8)
        write_doc(kb, "acme", f"artigo-{number}.md", article("acme", number))
    indexer = subprocess.Popen([COPILOT, "index"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    cached = 0
    deadline = time.monotonic() + 180
    for line in indexer.stderr:  # "Indexando acme: 32/40" is printed once that batch is in the cache
        found = PROGRESS.search(line)
        if found and int(found[1]) < int(found[2]):
            cached = int(found[1])
            indexer.send_signal(signal.SIGKILL)
            break
        assert time.monotonic() < deadline, "a indexação não mostrou progresso"
    indexer.wait(timeout=30)
    assert indexer.returncode == -signal.SIGKILL and cached > 0

    store = ChromaStore.connect(data / "chroma")
    assert store.pointers()["acme"] == previous  # the killed run never moved the pointer
    hits = HybridRetriever(store, HashingEmbedder()).search("rejeição da nota fiscal", "acme", k=10, method="lexical")
    assert hits and {h.chunk.doc_id for h in hits} == {"acme-kcs-001"}  # the previous version, whole

    resumed = run_cli(env, "index")
    assert resumed.returncode == 0, resumed.stderr
    chunks, embedded, reused = reports(resumed.stdout)["acme"]
    assert chunks == 42 and reused >= 2 + cached and embedded == chunks - reused
    after = ChromaStore.connect(data / "chroma")
    assert after.pointers()["acme"] != previous
    assert len(after.read_collection(after.pointers()["acme"].collection)) == 42
