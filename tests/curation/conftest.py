"""A small space "acme" in a temporary kb/, indexed with the deterministic HashingEmbedder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from copilot.curation import Curator
from copilot.kb.catalog import Catalog
from copilot.retrieval.embedders import HashingEmbedder
from copilot.retrieval.hybrid import HybridRetriever
from copilot.retrieval.indexer import index_kb
from copilot.retrieval.memory_store import MemoryStore
from tests.conftest import REPO

POP = """---
id: acme-pop-emissao
title: POP — Emissão de notas
kind: pop
source: teste
updated: 2026-11-24
---
## Passo a Passo

### Bloco 1 - Análise inicial

1. Verificar se o cliente informou o nome da empresa ou o e-mail da conta. Se NÃO, solicitar ao cliente.
2. Verificar se o cliente está ativo no painel. Nos casos de bloqueio por inadimplência, inserir nota interna com os prints e alterar o status para “Pendente Financeiro”.
"""

MACROS = """# Checklists e modelos do espaço de teste.
checklists:
  - id: acme-falha
    title: "Falha no sistema"
    when_to_use: "Quando houver falha no funcionamento do sistema."
    questions:
      - id: falha-refere-se
        text: "A falha refere-se a:"
        options: ["Apps", "Painel Emissor"]
    source: {doc_id: acme-pop-emissao, section: "Passo a Passo › Bloco 1 - Análise inicial"}
templates:
  - id: acme-primeiro-contato
    title: "Primeiro contato"
    when_to_use: "Primeira resposta ao cliente."
    body: "Olá [nome cliente], eu sou o analista [seu nome] e vou cuidar do seu chamado."
    source: {doc_id: acme-pop-emissao, section: "Passo a Passo › Bloco 1 - Análise inicial"}
"""

PROCEDURES = """procedures:
  - id: acme-analise
    title: "Análise inicial"
    doc_id: acme-pop-emissao
    applies: always
    steps:
      - id: dados
        label: "Bloco 1, passo 1"
        text: "Verificar se o cliente informou o nome da empresa ou o e-mail da conta. Se NÃO, solicitar ao cliente."
        section: "Passo a Passo › Bloco 1 - Análise inicial"
        template: acme-primeiro-contato
"""

SLA = """policies: []
note: "Os documentos deste espaço não definem prazos de SLA."
"""

RULES = """rules:
  gerund:
    severity: error
"""


def make_space(kb: Path, space: str = "acme") -> Path:
    folder = kb / space
    (folder / "docs").mkdir(parents=True)
    (folder / "space.yaml").write_text(f"id: {space}\nname: Acme — Suporte\n", encoding="utf-8")
    (folder / "docs" / "acme-pop-emissao.md").write_text(POP, encoding="utf-8")
    for name, text in (("macros.yaml", MACROS), ("procedures.yaml", PROCEDURES), ("sla.yaml", SLA),
                       ("rules.yaml", RULES)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def kb(tmp_path) -> Path:
    root = tmp_path / "kb"
    make_space(root)
    (root / "_base").mkdir()
    shutil.copyfile(REPO / "kb" / "_base" / "rules.yaml", root / "_base" / "rules.yaml")
    return root


@pytest.fixture
def catalog(kb) -> Catalog:
    return Catalog(kb)


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture
def store(catalog, embedder) -> MemoryStore:
    store = MemoryStore()
    index_kb(catalog, store, embedder.model_id, lambda: embedder)
    return store


@pytest.fixture
def retriever(store, embedder) -> HybridRetriever:
    return HybridRetriever(store, embedder, refresh_seconds=3600)


@pytest.fixture
def curator(catalog, store, embedder, retriever, tmp_path) -> Curator:
    from copilot.curation import refresh_retriever

    return Curator(catalog, store, embedder.model_id, lambda: embedder, tmp_path / "data" / "locks",
                   on_change=lambda space: refresh_retriever(retriever))
