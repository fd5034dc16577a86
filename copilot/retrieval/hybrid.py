"""Hybrid search within one space: dense (Chroma) + lexical (BM25), fused by relative scores.

Each space's live collection is loaded once into a ``SpaceSnapshot`` (its
chunks and BM25 index). The pointer is re-read at most every
``refresh_seconds``; when a re-index has moved it, the next query builds a
new snapshot and swaps it in whole, so readers never see a partial index.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from copilot.errors import IndexUnavailable
from copilot.kb.documents import Chunk
from copilot.retrieval.base import Embedder, Hit
from copilot.retrieval.fusion import relative_score_fusion
from copilot.retrieval.lexical import BM25Index
from copilot.retrieval.store import Pointer, VectorStore

METHODS = ("dense", "lexical", "hybrid")


@dataclass(frozen=True)
class SpaceSnapshot:
    pointer: Pointer
    chunks: list[Chunk]
    by_id: dict[str, Chunk]
    kinds: np.ndarray
    lexical: BM25Index

    @classmethod
    def load(cls, store: VectorStore, pointer: Pointer) -> "SpaceSnapshot":
        chunks = store.read_collection(pointer.collection)
        return cls(pointer, chunks, {c.id: c for c in chunks}, np.array([c.kind for c in chunks], dtype=object),
                   BM25Index([c.embedding_text for c in chunks]))


class HybridRetriever:
    def __init__(self, store: VectorStore, embedder: Embedder, candidates: int = 40,
                 refresh_seconds: float = 2.0) -> None:
        self.store = store
        self.embedder = embedder
        self.candidates = candidates
        self.refresh_seconds = refresh_seconds
        self._snapshots: dict[str, SpaceSnapshot] = {}
        self._pointers: dict[str, Pointer] = {}
        self._checked_at = float("-inf")
        self._lock = threading.Lock()

    def spaces(self) -> list[str]:
        self._refresh_pointers()
        return sorted(self._pointers)

    def snapshot(self, space: str) -> SpaceSnapshot:
        self._refresh_pointers()
        pointer = self._pointers.get(space)
        if pointer is None:
            raise IndexUnavailable(
                f"O espaço '{space}' não está no índice. Rode `copilot index --space {space}`.",
                en=f"Space '{space}' is not indexed. Run `copilot index --space {space}`.", space=space)
        current = self._snapshots.get(space)
        if current is None or current.pointer != pointer:
            with self._lock:
                current = self._snapshots.get(space)
                if current is None or current.pointer != pointer:
                    current = SpaceSnapshot.load(self.store, pointer)
                    self._snapshots[space] = current
        return current

    def warm(self) -> None:
        """Load every space and the model before the first request."""
        for space in self.spaces():
            self.snapshot(space)
        self.embedder.embed_query("aquecimento")

    def search(self, query: str, space: str, k: int = 5, kinds: Sequence[str] | None = None,
               method: str = "hybrid") -> list[Hit]:
        snap = self.snapshot(space)
        if not query.strip() or not snap.chunks:
            return []
        dense: list[tuple[str, float]] = []
        lexical: list[tuple[str, float]] = []
        if method in ("dense", "hybrid"):
            vector = self.embedder.embed_query(query)
            dense = self.store.query(snap.pointer.collection, vector, self.candidates, kinds)
        if method in ("lexical", "hybrid"):
            mask = np.isin(snap.kinds, list(kinds)) if kinds else None
            lexical = [(snap.chunks[row].id, s) for row, s in snap.lexical.top(query, self.candidates, mask)]
        fused = relative_score_fusion(dense, lexical) if method == "hybrid" else dense or lexical
        return [Hit(snap.by_id[cid], score, method) for cid, score in fused[:k] if cid in snap.by_id]

    def _refresh_pointers(self) -> None:
        now = time.monotonic()
        if now - self._checked_at >= self.refresh_seconds:
            self._pointers = self.store.pointers()
            self._checked_at = now
