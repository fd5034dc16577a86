"""The retrieval stage's protocols and plain data.

``Embedder`` turns text into L2-normalised vectors; ``Retriever`` answers a
query within one space. Implementations (sentence-transformers, Chroma,
BM25, hybrid fusion, test fakes) live in their own modules behind these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from copilot.kb.documents import Chunk


@runtime_checkable
class Embedder(Protocol):
    """Texts in, float32 L2-normalised rows out (one row per text).

    ``model_id`` names the vectors: two embedders with the same id must give
    the same vectors, since the embedding cache is keyed by it."""

    model_id: str
    dimension: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float  # higher is better; comparable only within one result list
    method: str = "hybrid"  # "dense" | "lexical" | "hybrid" | "naive"


class Retriever(Protocol):
    def search(
        self, query: str, space: str, k: int = 5, kinds: Sequence[str] | None = None
    ) -> list[Hit]: ...
