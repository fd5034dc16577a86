"""A curator's upload reaches the index at once, and nothing half-done ever reaches kb/ or the index."""

from __future__ import annotations

import threading
import time

import pytest

from copilot.curation import DocumentNotFound
from copilot.errors import InvalidInput, PayloadTooLarge, UnsupportedFormat
from tests.conftest import REPO

CANCELAMENTO = """---
id: acme-pop-cancelamento
title: POP — Cancelamento de nota
kind: pop
source: teste
---
## Cancelamento

1. Conferir se a nota foi emitida há menos de 24 horas: a prefeitura só aceita o cancelamento direto nesse prazo.
2. Depois de 24 horas, orientar o cliente a pedir a substituição da nota pelo portal da prefeitura.
"""

FIXTURES = REPO / "tests" / "fixtures" / "loaders"


def docs(kb):
    return sorted(p.name for p in (kb / "acme" / "docs").iterdir())


def found(retriever, query: str, phrase: str) -> bool:
    return any(phrase in hit.chunk.text for hit in retriever.search(query, "acme", k=5))


def test_an_upload_is_written_as_sent_and_found_by_search_at_once(curator, retriever, kb):
    assert not found(retriever, "cancelamento da nota depois de 24 horas", "substituição da nota")
    stages = []
    document = curator.add_document("acme", "cancelamento.md", CANCELAMENTO.encode(), "text/markdown",
                                    progress=lambda stage, done, total: stages.append(stage))
    assert document.id == "acme-pop-cancelamento"
    assert (kb / "acme" / "docs" / "cancelamento.md").read_bytes() == CANCELAMENTO.encode()
    assert found(retriever, "cancelamento da nota depois de 24 horas", "substituição da nota")
    assert stages[0] == "validando" and "indexando" in stages and stages[-1] == "pronto"
    assert not [p for p in (kb / "acme" / "docs").iterdir() if p.name.startswith(".")]  # no temporary left


@pytest.mark.parametrize("name", ["pop_cancelamento.docx", "pop_cancelamento.pdf", "pop_cancelamento.html",
                                  "pop_cancelamento.txt"])
def test_every_supported_format_goes_through_the_same_loaders(curator, retriever, kb, name):
    curator.add_document("acme", name, (FIXTURES / name).read_bytes())
    assert name in docs(kb)
    assert any(hit.chunk.doc_id == "acme-pop-cancelamento" for hit in retriever.search("cancelamento", "acme", k=10))


@pytest.mark.parametrize("name, data, content_type, error", [
    ("virus.exe", b"MZ\x90\x00", None, UnsupportedFormat),
    ("pop.pdf", b"<html>isto nao e um pdf</html>", "application/pdf", UnsupportedFormat),
    ("pop.md", b"# Titulo\n\nTexto.", "image/png", UnsupportedFormat),
    ("vazio.md", b"   \n", "text/markdown", InvalidInput),
    ("quebrado.docx", b"PK\x03\x04 nao e um docx de verdade", None, InvalidInput),
    ("grande.txt", b"a" * (20 * 1024 * 1024 + 1), "text/plain", PayloadTooLarge),
])
def test_a_file_that_does_not_load_never_reaches_kb(curator, kb, name, data, content_type, error):
    before = docs(kb)
    with pytest.raises(error) as raised:
        curator.add_document("acme", name, data, content_type)
    assert raised.value.message.endswith(".")  # a pt-BR sentence for the curator
    assert docs(kb) == before


def test_the_name_of_an_upload_cannot_leave_the_docs_folder(curator, kb, tmp_path):
    curator.add_document("acme", "../../../fora.md", CANCELAMENTO.encode())
    assert "fora.md" in docs(kb)
    assert not (tmp_path / "fora.md").exists()


def test_an_upload_with_the_id_of_a_document_replaces_only_that_document(curator, retriever, kb):
    curator.add_document("acme", "cancelamento.md", CANCELAMENTO.encode())
    newer = CANCELAMENTO.replace("orientar o cliente", "abrir chamado na prefeitura e orientar o cliente")
    curator.add_document("acme", "cancelamento-v2.md", newer.encode())
    assert docs(kb) == ["acme-pop-emissao.md", "cancelamento-v2.md"]
    assert found(retriever, "abrir chamado na prefeitura", "abrir chamado na prefeitura")
    assert found(retriever, "cliente bloqueado por inadimplência", "Pendente Financeiro")


def test_an_upload_named_like_another_document_gets_its_own_file(curator, kb):
    other = CANCELAMENTO.replace("id: acme-pop-cancelamento", "id: acme-pop-outro")
    curator.add_document("acme", "acme-pop-emissao.md", other.encode())
    assert docs(kb) == ["acme-pop-emissao.md", "acme-pop-outro.md"]
    assert "Pendente Financeiro" in (kb / "acme" / "docs" / "acme-pop-emissao.md").read_text(encoding="utf-8")


def test_a_deleted_document_is_gone_from_the_folder_and_from_search_at_once(curator, retriever, kb):
    curator.add_document("acme", "cancelamento.md", CANCELAMENTO.encode())
    assert found(retriever, "substituição da nota", "substituição da nota")
    curator.delete_document("acme", "acme-pop-cancelamento")
    assert docs(kb) == ["acme-pop-emissao.md"]
    assert not any(h.chunk.doc_id == "acme-pop-cancelamento" for h in retriever.search("substituição da nota", "acme", k=10))
    with pytest.raises(DocumentNotFound):
        curator.delete_document("acme", "acme-pop-cancelamento")


def test_when_indexing_fails_the_folder_and_the_index_stay_as_they_were(curator, retriever, kb, embedder, monkeypatch):
    before = docs(kb)

    def broken(texts):
        raise RuntimeError("o modelo caiu no meio da indexação")

    monkeypatch.setattr(embedder, "embed_passages", broken)
    with pytest.raises(RuntimeError):
        curator.add_document("acme", "cancelamento.md", CANCELAMENTO.encode())
    assert docs(kb) == before
    assert found(retriever, "cliente bloqueado por inadimplência", "Pendente Financeiro")
    assert not found(retriever, "substituição da nota", "substituição da nota")


def test_two_curators_uploading_at_once_lose_nothing(curator, retriever, kb, embedder, monkeypatch):
    embed = embedder.embed_passages

    def slow(texts):  # the first upload is a long document: its indexing ends after the others began
        time.sleep(0.4 if threading.current_thread().name == "acme-pop-doze" else 0.01)
        return embed(texts)

    monkeypatch.setattr(embedder, "embed_passages", slow)
    texts = {f"acme-pop-{n}": CANCELAMENTO.replace("acme-pop-cancelamento", f"acme-pop-{n}")
             .replace("24 horas", f"{n} horas") for n in ("doze", "trinta", "quarenta", "sessenta")}
    errors = []

    def upload(doc_id: str) -> None:
        try:
            curator.add_document("acme", f"{doc_id}.md", texts[doc_id].encode())
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=upload, args=(doc_id,), name=doc_id) for doc_id in texts]
    for thread in threads:
        thread.start()
        time.sleep(0.05)
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert docs(kb) == sorted(["acme-pop-emissao.md", *(f"{d}.md" for d in texts)])
    indexed = {c.doc_id for c in retriever.snapshot("acme").chunks}
    assert indexed == {"acme-pop-emissao", *texts}
