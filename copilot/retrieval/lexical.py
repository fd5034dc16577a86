"""BM25 over one space's chunks, with an inverted index.

Scoring touches only the postings of the query's terms, so a query costs
microseconds per matching chunk rather than a pass over every chunk
(rank-bm25 loops over all documents per term in Python).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from copilot.retrieval.analysis import analyze


class BM25Index:
    def __init__(self, texts: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.size = len(texts)
        self.k1, self.b = k1, b
        lengths = np.zeros(self.size, dtype=np.float32)
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for row, text in enumerate(texts):
            counts = Counter(analyze(text))
            lengths[row] = sum(counts.values())
            for term, tf in counts.items():
                postings[term].append((row, tf))
        avg = float(lengths.mean()) if self.size else 1.0
        self._norm = k1 * (1 - b + b * lengths / max(avg, 1e-9))
        self._postings = {
            term: (np.fromiter((r for r, _ in rows), np.int32, len(rows)),
                   np.fromiter((tf for _, tf in rows), np.float32, len(rows)))
            for term, rows in postings.items()
        }
        self._idf = {
            term: math.log(1 + (self.size - len(rows[0]) + 0.5) / (len(rows[0]) + 0.5))
            for term, rows in self._postings.items()
        }

    def scores(self, query: str) -> np.ndarray:
        scores = np.zeros(self.size, dtype=np.float32)
        for term, qtf in Counter(analyze(query)).items():
            if term not in self._postings:
                continue
            rows, tf = self._postings[term]
            scores[rows] += qtf * self._idf[term] * tf * (self.k1 + 1) / (tf + self._norm[rows])
        return scores

    def top(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Best ``k`` rows with a positive score; ``allowed`` is a boolean row mask."""
        scores = self.scores(query)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        candidates = np.flatnonzero(scores > 0)
        if candidates.size == 0:
            return []
        best = candidates[np.argsort(-scores[candidates], kind="stable")[:k]]
        return [(int(r), float(scores[r])) for r in best]
