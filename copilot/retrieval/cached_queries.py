"""Query-side vectors of the knowledge itself (checklists' "quando usar",
procedures' examples, meaning probes) kept in the store's vector cache.

The suggester embeds those texts once per process at start-up; with this
wrapper a restarted server reads them back by content hash instead of
recomputing them, which is most of the cold start. Ticket queries still go
straight to the model (``embed_query``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from copilot.retrieval.base import Embedder
from copilot.retrieval.store import VectorStore


class StoreCachedQueries:
    def __init__(self, embedder: Embedder, store: VectorStore) -> None:
        self.inner, self.store = embedder, store
        self.model_id, self.dimension = embedder.model_id, embedder.dimension
        self._cache_id = f"{embedder.model_id}#query"

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        known = self.store.cached_vectors(self._cache_id, keys)
        missing = [i for i, key in enumerate(keys) if key not in known]
        if missing:
            batch = getattr(self.inner, "embed_queries", None)
            fresh = batch([texts[i] for i in missing]) if batch else np.stack([self.inner.embed_query(texts[i]) for i in missing])
            self.store.cache_vectors(self._cache_id, [keys[i] for i in missing], fresh)
            known.update({keys[i]: vector for i, vector in zip(missing, fresh)})
        return np.stack([known[key] for key in keys]).astype(np.float32)
