"""Re-indexing while serving: every answer comes from exactly one version of
the space, whole, and no reader ever gets an error — even a reader still
holding a version that two newer re-indexes have since replaced and dropped."""

from __future__ import annotations

import re
import threading
import time

from copilot.kb.catalog import Catalog
from copilot.retrieval.embedders import HashingEmbedder
from copilot.retrieval.hybrid import HybridRetriever
from copilot.retrieval.indexer import index_space
from copilot.retrieval.store import ChromaStore
from tests.reliability.conftest import article, write_doc, write_space

REVISION = re.compile(r"revisão (\d+)")
REVISIONS = 8


def publish(kb, store, embedder, revision: int) -> None:
    for number in range(1, 7):
        write_doc(kb, "acme", f"artigo-{number}.md", article("acme", number, revision))
    index_space(Catalog(kb), store, "acme", embedder.model_id, lambda: embedder)


def test_readers_see_one_whole_version_while_the_space_is_reindexed(tmp_path):
    kb, embedder = tmp_path / "kb", HashingEmbedder()
    write_space(kb, "acme")
    store = ChromaStore.connect(tmp_path / "chroma")
    publish(kb, store, embedder, 1)
    retriever = HybridRetriever(store, embedder, refresh_seconds=0.3)
    answers: list[set[int]] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                for method in ("hybrid", "dense", "lexical"):
                    hits = retriever.search("nota rejeitada pela prefeitura alíquota do ISS", "acme", k=8, method=method)
                    assert len(hits) == 8, f"resposta incompleta: {len(hits)} trechos"
                    answers.append({int(REVISION.search(h.chunk.text).group(1)) for h in hits})
            except BaseException as exc:  # noqa: BLE001 — any failure is what this spec is about
                errors.append(exc)
                return

    readers = [threading.Thread(target=read, name=f"leitor-{i}") for i in range(3)]
    for reader in readers:
        reader.start()
    for revision in range(2, REVISIONS + 1):  # back to back, faster than readers re-read the pointer
        publish(kb, store, embedder, revision)
    time.sleep(0.5)
    done.set()
    for reader in readers:
        reader.join(timeout=30)

    assert not errors, f"um leitor falhou durante a reindexação: {errors[0]!r}"
    assert answers and all(len(versions) == 1 for versions in answers), \
        [sorted(v) for v in answers if len(v) != 1][:3]
    seen = {version for versions in answers for version in versions}
    assert REVISIONS in seen and len(seen) > 1  # readers moved on to the newest version during the run
    assert len([c for c in store.collections() if c.startswith("copilot_acme_")]) <= 2  # old versions are dropped
