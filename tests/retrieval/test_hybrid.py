"""Hybrid search stays inside its space, fuses both rankings and swaps versions whole."""

from __future__ import annotations

import numpy as np
import pytest

from copilot.errors import IndexUnavailable
from copilot.kb.documents import Chunk
from copilot.retrieval.embedders import HashingEmbedder
from copilot.retrieval.hybrid import HybridRetriever
from copilot.retrieval.memory_store import MemoryStore
from copilot.retrieval.store import Pointer


def chunks(space: str, texts: list[str], kind: str = "pop", start: int = 1) -> list[Chunk]:
    return [Chunk(space, f"{space}-doc", "POP", kind, f"Bloco 1 › {i}", t, i) for i, t in enumerate(texts, start)]


def publish(store: MemoryStore, space: str, rows: list[Chunk], version: str) -> None:
    name = f"copilot_{space}_{version * 16}"
    store.write_collection(name, rows, HashingEmbedder().embed_passages([c.embedding_text for c in rows]))
    store.set_pointer(Pointer(space, name, version))


@pytest.fixture
def store() -> MemoryStore:
    s = MemoryStore()
    publish(s, "acme", chunks("acme", [
        "Nos casos de bloqueio por inadimplência, inserir nota interna com prints e alterar o status para Pendente Financeiro.",
        "Quando o cliente pedir videoconferência, agendar pela agenda do time.",
        "Nota rejeitada pela prefeitura: conferir alíquota do ISS e código de serviço.",
    ]), "a")
    publish(s, "beta", chunks("beta", ["Segredo do espaço beta: bloqueio por inadimplência tratado pelo jurídico."]), "b")
    return s


def test_results_come_only_from_the_asked_space(store):
    hits = HybridRetriever(store, HashingEmbedder()).search("bloqueio inadimplência", "acme", k=5)
    assert hits and all(h.chunk.space == "acme" for h in hits)
    assert "Pendente Financeiro" in hits[0].chunk.text


@pytest.mark.parametrize("method", ["dense", "lexical", "hybrid"])
def test_each_method_answers(store, method):
    hits = HybridRetriever(store, HashingEmbedder()).search("nota rejeitada prefeitura", "acme", k=2, method=method)
    assert hits[0].chunk.ordinal == 3 and hits[0].method == method


def test_kind_filter(store):
    publish(store, "acme", chunks("acme", ["Como agendar videoconferência"], "faq")
            + chunks("acme", ["Agendar videoconferência: passo a passo"], "pop", start=2), "c")
    hits = HybridRetriever(store, HashingEmbedder(), refresh_seconds=0).search("videoconferência", "acme", kinds=["faq"])
    assert [h.chunk.kind for h in hits] == ["faq"]


def test_unindexed_space_says_which_command_fixes_it(store):
    with pytest.raises(IndexUnavailable, match="copilot index --space gama"):
        HybridRetriever(store, HashingEmbedder()).search("qualquer", "gama")


def test_a_new_version_is_picked_up_whole(store):
    retriever = HybridRetriever(store, HashingEmbedder(), refresh_seconds=0)
    assert len(retriever.snapshot("acme").chunks) == 3
    publish(store, "acme", chunks("acme", ["Versão nova do POP."]), "d")
    assert [c.text for c in retriever.snapshot("acme").chunks] == ["Versão nova do POP."]


def test_scores_are_best_first_and_at_most_one(store):
    hits = HybridRetriever(store, HashingEmbedder()).search("agenda videoconferência", "acme", k=3)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True) and max(scores) <= 1.0 + 1e-9
