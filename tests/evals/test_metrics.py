"""Ranking metrics against values computed by hand."""

import math

import pytest

from copilot.evals.metrics import ndcg_at, percentile, recall_at, reciprocal_rank


def test_recall_at_k():
    assert recall_at([False, False, True], 1) == 0.0
    assert recall_at([False, False, True], 3) == 1.0


def test_reciprocal_rank():
    assert reciprocal_rank([False, True, True]) == 0.5
    assert reciprocal_rank([False, False]) == 0.0


def test_ndcg_single_relevant_at_rank_two():
    # DCG = 1/log2(3); ideal = 1/log2(2) = 1
    assert ndcg_at([False, True, False], 5, 1) == pytest.approx(1 / math.log2(3))


def test_ndcg_two_relevant_one_found_first():
    # DCG = 1; ideal = 1 + 1/log2(3)
    assert ndcg_at([True, False], 5, 2) == pytest.approx(1 / (1 + 1 / math.log2(3)))


def test_percentile_interpolates():
    assert percentile([10, 20, 30, 40], 0.5) == 25
    assert percentile([5], 0.95) == 5
    assert percentile([], 0.5) == 0.0
