"""Ranking metrics with binary relevance (hand-checked in tests/evals/test_metrics.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def recall_at(relevant: Sequence[bool], k: int) -> float:
    """1.0 when a relevant item is among the first ``k`` (one gold passage per query)."""
    return 1.0 if any(relevant[:k]) else 0.0


def reciprocal_rank(relevant: Sequence[bool]) -> float:
    for rank, rel in enumerate(relevant, start=1):
        if rel:
            return 1.0 / rank
    return 0.0


def ndcg_at(relevant: Sequence[bool], k: int, total_relevant: int) -> float:
    """nDCG@k; the ideal ranking puts ``min(k, total_relevant)`` relevant items first."""
    dcg = sum(1.0 / math.log2(rank + 1) for rank, rel in enumerate(relevant[:k], start=1) if rel)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(k, total_relevant) + 1))
    return dcg / ideal if ideal else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)
