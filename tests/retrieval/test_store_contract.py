"""Every VectorStore passes the same contract: the in-memory reference, embedded
Chroma and a real Chroma server started with `chroma run` on loopback."""

from __future__ import annotations

import numpy as np
import pytest

from copilot.kb.documents import Chunk
from copilot.retrieval.memory_store import MemoryStore
from copilot.retrieval.store import ChromaStore, Pointer


def chunk(ordinal: int, text: str, kind: str = "pop") -> Chunk:
    return Chunk(space="acme", doc_id="acme-pop", title="POP", kind=kind, section=f"Bloco 1 › {ordinal}",
                 text=text, ordinal=ordinal)


def unit(*values: float) -> np.ndarray:
    v = np.asarray(values, dtype=np.float32)
    return v / np.linalg.norm(v)


@pytest.fixture(params=["memory", "chroma-embedded", "chroma-server"])
def store(request, tmp_path):
    if request.param == "memory":
        return MemoryStore()
    if request.param == "chroma-embedded":
        return ChromaStore.connect(tmp_path / "chroma")
    url = request.getfixturevalue("chroma_server")
    store = ChromaStore.connect(None, url=url)
    for name in store.collections():  # the server is shared by the session
        store.drop_collection(name)
    return store


class TestVectorStoreContract:
    def test_pointer_is_absent_then_set_then_replaced(self, store):
        assert store.pointers() == {}
        store.set_pointer(Pointer("acme", "copilot_acme_aaaaaaaaaaaaaaaa", "f1"))
        store.set_pointer(Pointer("acme", "copilot_acme_bbbbbbbbbbbbbbbb", "f2"))
        assert store.pointers() == {"acme": Pointer("acme", "copilot_acme_bbbbbbbbbbbbbbbb", "f2")}
        store.drop_pointer("acme")
        assert store.pointers() == {}

    def test_collection_round_trip_keeps_text_and_provenance(self, store):
        chunks = [chunk(1, "Solicitar ao cliente o e-mail da conta."), chunk(2, "Alterar o status para “Pendente Financeiro”.", "faq")]
        store.write_collection("copilot_acme_cccccccccccccccc", chunks, np.stack([unit(1, 0, 0), unit(0, 1, 0)]))
        assert store.read_collection("copilot_acme_cccccccccccccccc") == chunks
        assert "copilot_acme_cccccccccccccccc" in store.collections()

    def test_query_ranks_by_cosine_and_filters_by_kind(self, store):
        chunks = [chunk(1, "um"), chunk(2, "dois", "faq"), chunk(3, "três")]
        store.write_collection("copilot_acme_dddddddddddddddd", chunks,
                               np.stack([unit(1, 0, 0), unit(0.9, 0.1, 0), unit(0, 0, 1)]))
        ranked = store.query("copilot_acme_dddddddddddddddd", unit(1, 0, 0), k=2)
        assert [cid for cid, _ in ranked] == [chunks[0].id, chunks[1].id]
        assert ranked[0][1] == pytest.approx(1.0, abs=1e-4)
        only_pop = store.query("copilot_acme_dddddddddddddddd", unit(1, 0, 0), k=3, kinds=["pop"])
        assert [cid for cid, _ in only_pop] == [chunks[0].id, chunks[2].id]

    def test_rewriting_a_collection_replaces_it_whole(self, store):
        name = "copilot_acme_eeeeeeeeeeeeeeee"
        store.write_collection(name, [chunk(1, "velho"), chunk(2, "velho também")], np.stack([unit(1, 0), unit(0, 1)]))
        store.write_collection(name, [chunk(1, "novo")], np.stack([unit(1, 0)]))
        assert [c.text for c in store.read_collection(name)] == ["novo"]
        store.drop_collection(name)
        assert name not in store.collections()

    def test_vector_cache_is_keyed_by_model_and_hash(self, store):
        store.cache_vectors("modelo-a", ["h1", "h2"], np.stack([unit(1, 0), unit(0, 1)]))
        got = store.cached_vectors("modelo-a", ["h2", "h3"])
        assert set(got) == {"h2"} and np.allclose(got["h2"], unit(0, 1))
        assert store.cached_vectors("modelo-b", ["h1"]) == {}
