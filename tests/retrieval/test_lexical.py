"""The lexical side speaks Portuguese: accents, inflections and stop words."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from copilot.retrieval.analysis import analyze, fold_accents
from copilot.retrieval.fusion import relative_score_fusion
from copilot.retrieval.lexical import BM25Index


def test_accents_and_inflections_meet():
    assert analyze("Rejeição da nota") == analyze("rejeicao das notas")
    assert analyze("emissões") == analyze("emissoes")


def test_stop_words_do_not_count():
    assert analyze("o que é a nota de um cliente") == analyze("nota cliente")


def test_short_hyphenated_words_join_and_compounds_split():
    assert analyze("e-mail") == analyze("email")
    assert analyze("Financeiro-Atendimento") == analyze("financeiro atendimento")


def test_bm25_finds_the_passage_that_shares_rare_terms():
    index = BM25Index([
        "Nos casos de bloqueio por inadimplência, inserir no ticket uma nota interna com os prints.",
        "Verificar se o cliente abriu o ticket com todas as informações básicas preenchidas.",
        "Agendamento de videoconferência ou ligação com o cliente.",
    ])
    assert [row for row, _ in index.top("inadimplencia bloqueio", 3)] == [0]
    assert index.top("videoconferencia", 1)[0][0] == 2
    assert index.top("palavra inexistente", 3) == []


def test_bm25_respects_the_allowed_mask():
    import numpy as np

    index = BM25Index(["nota fiscal rejeitada", "nota fiscal emitida"])
    assert [r for r, _ in index.top("nota fiscal", 2, np.array([False, True]))] == [1]


def test_fusion_rewards_agreement_and_confidence():
    dense = [("a", 0.90), ("b", 0.85), ("c", 0.60)]
    lexical = [("b", 12.0), ("d", 11.0)]
    fused = dict(relative_score_fusion(dense, lexical))
    # b: 0.5·(0.25/0.30) + 0.5·1 ; a: 0.5·1 ; d: 0.5·(11/12) ; c: 0
    assert fused["b"] == pytest.approx(0.5 * (0.25 / 0.30) + 0.5)
    assert fused["a"] == pytest.approx(0.5) and fused["d"] == pytest.approx(0.5 * 11 / 12)
    assert [item for item, _ in relative_score_fusion(dense, lexical)] == ["b", "a", "d", "c"]


def test_fusion_of_one_sided_results():
    assert relative_score_fusion([], [("x", 3.0)]) == [("x", 0.5)]
    assert relative_score_fusion([("y", 0.7)], []) == [("y", 0.5)]
    assert relative_score_fusion([], []) == []


def test_inflections_the_stemmer_keeps_apart_still_share_a_prefix_term():
    assert set(analyze("bloqueado")) & set(analyze("bloqueio"))


@given(st.text())
def test_analysis_never_crashes_and_yields_folded_terms(text):
    for term in analyze(text):
        assert term and term == fold_accents(term) and term == term.lower()
