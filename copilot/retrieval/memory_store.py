"""An in-memory ``VectorStore``: the reference the Chroma store is tested against,
and a fast store for unit tests."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from copilot.kb.documents import Chunk
from copilot.retrieval.store import Pointer


class MemoryStore:
    def __init__(self) -> None:
        self._pointers: dict[str, Pointer] = {}
        self._cache: dict[tuple[str, str], np.ndarray] = {}
        self._collections: dict[str, tuple[list[Chunk], np.ndarray]] = {}

    def pointers(self) -> dict[str, Pointer]:
        return dict(self._pointers)

    def set_pointer(self, pointer: Pointer) -> None:
        self._pointers[pointer.space] = pointer

    def drop_pointer(self, space: str) -> None:
        self._pointers.pop(space, None)

    def cached_vectors(self, model_id: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        return {h: self._cache[(model_id, h)] for h in hashes if (model_id, h) in self._cache}

    def cache_vectors(self, model_id: str, hashes: Sequence[str], vectors: np.ndarray) -> None:
        for h, v in zip(hashes, vectors):
            self._cache[(model_id, h)] = np.asarray(v, dtype=np.float32)

    def write_collection(self, name: str, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        self._collections[name] = (list(chunks), np.asarray(vectors, dtype=np.float32))

    def read_collection(self, name: str) -> list[Chunk]:
        return sorted(self._collections[name][0], key=lambda c: (c.doc_id, c.ordinal))

    def query(self, name: str, vector: np.ndarray, k: int, kinds: Sequence[str] | None = None) -> list[tuple[str, float]]:
        chunks, matrix = self._collections[name]
        if not chunks:
            return []
        scores = matrix @ np.asarray(vector, dtype=np.float32)
        order = [i for i in np.argsort(-scores, kind="stable") if not kinds or chunks[i].kind in kinds]
        return [(chunks[i].id, float(scores[i])) for i in order[:k]]

    def collections(self) -> list[str]:
        return list(self._collections)

    def drop_collection(self, name: str) -> None:
        self._collections.pop(name, None)
