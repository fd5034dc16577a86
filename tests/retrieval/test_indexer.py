"""Indexing is incremental and atomic: unchanged text is never embedded twice,
removed documents leave, and a crash leaves the previous index answering."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.kb.catalog import Catalog
from copilot.retrieval.embedders import HashingEmbedder
from copilot.retrieval.hybrid import HybridRetriever
from copilot.retrieval.indexer import index_kb
from copilot.retrieval.memory_store import MemoryStore

POP = """---
id: {space}-pop-emissor
title: POP — Atendimento Emissor
kind: pop
source: teste
updated: 2026-11-24
---
## Passo a Passo

### Bloco 1 - Análise inicial

1. Verificar se o cliente informou o nome da empresa ou o e-mail da conta. Se NÃO, solicitar ao cliente.
2. Verificar se o cliente está ativo no painel. Nos casos de bloqueio por inadimplência, inserir nota interna com os prints.
3. Verificar se o cliente possui outro ticket aberto para o mesmo assunto.
"""

FAQ = """---
id: {space}-faq-agenda
title: Perguntas frequentes
kind: faq
source: teste
updated: 2026-11-24
---
## Agendamento de videoconferência

Quando o cliente pedir uma ligação, agende pela agenda compartilhada do time e confirme o horário por e-mail.
"""


def write_space(kb: Path, space: str, docs: dict[str, str]) -> None:
    (kb / space / "docs").mkdir(parents=True, exist_ok=True)
    (kb / space / "space.yaml").write_text(f"id: {space}\nname: Espaço {space}\n", encoding="utf-8")
    for name, text in docs.items():
        (kb / space / "docs" / name).write_text(text.format(space=space), encoding="utf-8")


class CountingEmbedder:
    """Counts what gets embedded; can be told to fail after some batches."""

    def __init__(self, fail_after_batches: int | None = None) -> None:
        self.inner = HashingEmbedder()
        self.model_id = self.inner.model_id
        self.dimension = self.inner.dimension
        self.embedded: list[str] = []
        self.fail_after = fail_after_batches

    def embed_passages(self, texts):
        if self.fail_after is not None and self.fail_after <= 0:
            raise RuntimeError("queda simulada no meio da indexação")
        if self.fail_after is not None:
            self.fail_after -= 1
        self.embedded.extend(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)


@pytest.fixture
def kb(tmp_path) -> Path:
    write_space(tmp_path, "acme", {"pop.md": POP, "faq.md": FAQ})
    write_space(tmp_path, "beta", {"pop.md": POP})
    return tmp_path


def run(kb: Path, store, embedder, **kw):
    return index_kb(Catalog(kb), store, embedder.model_id, lambda: embedder, **kw)


def test_first_run_embeds_every_chunk_once_and_points_each_space(kb):
    store, embedder = MemoryStore(), CountingEmbedder()
    reports = {r.space: r for r in run(kb, store, embedder)}
    assert set(store.pointers()) == {"acme", "beta"}
    assert reports["acme"].changed and reports["acme"].embedded == reports["acme"].chunks > 0
    # beta's POP has the same text as acme's except the doc id: title and sections equal → cache hit
    assert len(embedder.embedded) == len(set(embedder.embedded))


def test_unchanged_kb_loads_no_model_and_writes_nothing(kb):
    store = MemoryStore()
    run(kb, store, CountingEmbedder())
    before = store.pointers()

    def no_model():
        raise AssertionError("o modelo não deveria ser carregado")

    reports = index_kb(Catalog(kb), store, HashingEmbedder().model_id, no_model)
    assert not any(r.changed for r in reports)
    assert store.pointers() == before


def test_edit_embeds_only_the_changed_passage_and_removed_docs_leave(kb):
    store, embedder = MemoryStore(), CountingEmbedder()
    run(kb, store, embedder)
    embedder.embedded.clear()
    pop = kb / "acme" / "docs" / "pop.md"
    pop.write_text(pop.read_text(encoding="utf-8").replace("outro ticket aberto", "outro chamado aberto"), encoding="utf-8")
    (kb / "acme" / "docs" / "faq.md").unlink()
    run(kb, store, embedder, spaces=["acme"])
    assert len(embedder.embedded) == 1 and "outro chamado aberto" in embedder.embedded[0]
    retriever = HybridRetriever(store, embedder)
    assert {h.chunk.doc_id for h in retriever.search("videoconferência ligação agenda", "acme", k=10)} == {"acme-pop-emissor"}


def test_crash_mid_index_keeps_the_previous_index_and_the_next_run_completes(kb):
    store = MemoryStore()
    run(kb, store, CountingEmbedder())
    previous = store.pointers()["acme"]
    for i in range(40):  # enough new text for two batches
        (kb / "acme" / "docs" / f"novo-{i}.md").write_text(
            f"---\nid: acme-novo-{i}\ntitle: Artigo {i}\nkind: kcs\n---\n## Seção {i}\n\nTexto novo número {i} sobre notas.\n",
            encoding="utf-8")
    with pytest.raises(RuntimeError):
        run(kb, store, CountingEmbedder(fail_after_batches=1), spaces=["acme"])
    assert store.pointers()["acme"] == previous
    assert HybridRetriever(store, HashingEmbedder()).search("bloqueio por inadimplência", "acme")
    resumed = CountingEmbedder()
    (report,) = run(kb, store, resumed, spaces=["acme"])
    assert report.changed and report.reused >= 32  # the batch finished before the crash is not embedded again
    assert store.pointers()["acme"] != previous


def test_a_space_removed_from_kb_leaves_the_index(kb):
    store = MemoryStore()
    run(kb, store, CountingEmbedder())
    for path in sorted((kb / "beta").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (kb / "beta").rmdir()
    run(kb, store, CountingEmbedder())
    assert set(store.pointers()) == {"acme"}
    assert not [c for c in store.collections() if c.startswith("copilot_beta_")]
