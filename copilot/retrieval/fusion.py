"""Relative score fusion of the dense and lexical rankings.

Each list's scores are rescaled to [0, 1] (dense: min–max over its
candidates; BM25: divided by its best score, since 0 means "no shared term"),
then averaged with equal weights. Measured on evals/retrieval against
reciprocal rank fusion (k = 60): R@5 0.943 vs 0.895 — RRF throws away how
*confident* a list is, and here one side is often sure (a rare Portuguese term,
or a paraphrase only the dense side sees) while the other has nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

Ranking = Sequence[tuple[str, float]]


def _rescaled(ranking: Ranking, floor_at_zero: bool) -> dict[str, float]:
    if not ranking:
        return {}
    scores = [s for _, s in ranking]
    high = max(scores)
    low = 0.0 if floor_at_zero else min(scores)
    span = high - low
    if span <= 1e-9:
        return {item: 1.0 for item, _ in ranking}
    return {item: (score - low) / span for item, score in ranking}


def relative_score_fusion(dense: Ranking, lexical: Ranking, dense_weight: float = 0.5) -> list[tuple[str, float]]:
    """Ids best first with fused scores in [0, 1]; ties keep dense order, then lexical."""
    fused: dict[str, float] = {}
    for item, score in _rescaled(dense, floor_at_zero=False).items():
        fused[item] = dense_weight * score
    for item, score in _rescaled(lexical, floor_at_zero=True).items():
        fused[item] = fused.get(item, 0.0) + (1 - dense_weight) * score
    return sorted(fused.items(), key=lambda kv: -kv[1])
