"""Knowledge texts are embedded once, then read back by content hash (a restart's cold start)."""

import numpy as np

from copilot.retrieval.cached_queries import StoreCachedQueries
from copilot.retrieval.embedders import HashingEmbedder
from copilot.retrieval.memory_store import MemoryStore


class Counting(HashingEmbedder):
    def __init__(self):
        super().__init__()
        self.calls: list[str] = []

    def embed_queries(self, texts):
        self.calls += list(texts)
        return np.stack([self.embed_query(t) for t in texts])


def test_second_process_reads_the_vectors_back_instead_of_embedding():
    store, first = MemoryStore(), Counting()
    texts = ["cliente pede ligação", "nota rejeitada pela prefeitura", "cliente pede ligação"]
    vectors = StoreCachedQueries(first, store).embed_queries(texts)
    assert first.calls == texts  # one batch; duplicates are cheap and harmless
    second = Counting()
    again = StoreCachedQueries(second, store).embed_queries(texts[:2] + ["texto novo do curador"])
    assert second.calls == ["texto novo do curador"]
    assert np.allclose(again[:2], vectors[:2])


def test_ticket_queries_go_straight_to_the_model():
    store, model = MemoryStore(), Counting()
    cached = StoreCachedQueries(model, store)
    assert np.allclose(cached.embed_query("boleto"), model.embed_query("boleto"))
    assert store.cached_vectors(f"{model.model_id}#query", ["x"]) == {}
    assert cached.embed_queries([]).shape == (0, model.dimension)
