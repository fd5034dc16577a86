"""Shared fakes for the suggestion specs: a deterministic embedder, an in-memory
retriever over hand-made chunks, the real kb/ catalog and a tiny one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from copilot.kb.catalog import Catalog
from copilot.kb.documents import Chunk
from copilot.retrieval.base import Hit
from copilot.retrieval.embedders import HashingEmbedder
from copilot.settings import PROJECT_ROOT, Settings
from copilot.suggest.engine import next_step
from copilot.suggest.fact_reader import FactReader
from copilot.suggest.knowledge import SpaceKnowledge, load_knowledge
from copilot.suggest.ticket_view import TicketView
from copilot.ticket import Ticket

KB = PROJECT_ROOT / "kb"
NOW = datetime.fromisoformat("2026-11-24T10:00:00-03:00")


class ListRetriever:
    """Ranks hand-made chunks of the asked space by shared words; records its calls."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks, self.calls = chunks, []

    def search(self, query, space, k=5, kinds=None):
        self.calls.append((query, space, k, kinds))
        words = set(query.lower().split())
        scored = [(len(words & set(c.text.lower().split())), c) for c in self.chunks
                  if c.space == space and (not kinds or c.kind in kinds)]
        scored.sort(key=lambda s: -s[0])
        return [Hit(c, float(score), "lexical") for score, c in scored[:k]]


@pytest.fixture(scope="session")
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog(KB)


@pytest.fixture(scope="session")
def knowledge(catalog, embedder):
    cache: dict[str, SpaceKnowledge] = {}

    def get(space: str) -> SpaceKnowledge:
        if space not in cache:
            cache[space] = load_knowledge(catalog, space, embedder)
        return cache[space]

    return get


@pytest.fixture
def decide(knowledge):
    """Walk a space's procedures (always, then otherwise) against a ticket: the engine alone."""

    def run(ticket: dict, now: datetime = NOW):
        parsed = Ticket.model_validate(ticket)
        book = knowledge(parsed.space).book
        reader = FactReader(book.facts, TicketView.of(parsed), now)
        order = [p for p in book.procedures if p.applies == "always"] + [p for p in book.procedures if p.applies == "otherwise"]
        return next_step([(p, 1.0) for p in order], reader)

    return run


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(kb_dir=KB, data_dir=tmp_path / "data")
