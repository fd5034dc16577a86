"""The lexical side speaks Portuguese: accents, inflections and stop words."""

from __future__ import annotations

from hypothesis import given, strategies as st

from copilot.retrieval.analysis import analyze, fold_accents
from copilot.retrieval.fusion import reciprocal_rank_fusion
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


def test_rrf_rewards_agreement_and_scales_to_one():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "a", "d"]])
    assert [item for item, _ in fused][:2] in (["a", "b"], ["b", "a"])
    assert fused[0][1] <= 1.0
    assert reciprocal_rank_fusion([["x"], ["x"]])[0] == ("x", 1.0)


@given(st.text())
def test_analysis_never_crashes_and_yields_folded_terms(text):
    for term in analyze(text):
        assert term and term == fold_accents(term).lower() or term.isdigit()
