"""Hybrid search within one space: dense (Chroma) + lexical (BM25), fused by relative scores.

Each space's live collection is loaded once into a ``SpaceSnapshot`` (its
chunks and BM25 index). The pointer is re-read at most every
``refresh_seconds``; when a re-index has moved it, the next query builds a
new snapshot and swaps it in whole, so readers never see a partial index.
A reader still holding a version that newer re-indexes have replaced and
dropped (another worker moved the pointer within the refresh interval) gets
its answer from the live version instead of an error.
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
                f"O espaço '{space}' não está no índice. Rode `copilot index --space {space}` "
                "(ou `copilot index --rebuild` para reconstruir o índice inteiro).",
                en=f"Space '{space}' is not indexed. Run `copilot index --space {space}` "
                   "(or `copilot index --rebuild` to rebuild the whole index).", space=space)
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
        held = self._pointers.get(space)
        try:
            snap = self.snapshot(space)
            held = snap.pointer
            return self._search(snap, query, k, kinds, method)
        except Exception:
            self._refresh_pointers(force=True)
            if self._pointers.get(space) in (None, held):
                raise  # not a replaced version: the error is real
        return self._search(self.snapshot(space), query, k, kinds, method)

    def refresh(self) -> None:
        """Re-read the pointers on the next query (after a change made in this process)."""
        self._checked_at = float("-inf")

    def _search(self, snap: SpaceSnapshot, query: str, k: int, kinds: Sequence[str] | None,
                method: str) -> list[Hit]:
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

    def _refresh_pointers(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._checked_at >= self.refresh_seconds:
            self._pointers = self.store.pointers()
            self._checked_at = now
