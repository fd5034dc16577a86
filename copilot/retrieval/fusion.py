"""Reciprocal rank fusion: rank lists from different retrievers combine without
calibrating their scores against each other."""

from __future__ import annotations

from collections.abc import Sequence

RRF_K = 60


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = RRF_K,
                           weights: Sequence[float] | None = None) -> list[tuple[str, float]]:
    """Ids ranked by Σ w/(k + rank), rank starting at 1; ties keep first-seen order.

    Scores are scaled so that an id ranked first by every list scores 1.0."""
    weights = list(weights) if weights is not None else [1.0] * len(rankings)
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    best_possible = sum(w / (k + 1) for w in weights) or 1.0
    ordered = sorted(fused.items(), key=lambda kv: -kv[1])
    return [(item, score / best_possible) for item, score in ordered]
