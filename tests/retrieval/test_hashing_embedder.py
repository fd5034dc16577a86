"""The hashing embedder: the deterministic stand-in for the real model in unit tests."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copilot.retrieval.base import Embedder
from copilot.retrieval.embedders import HashingEmbedder, fold_text

PASSAGES = [
    "Para cancelar uma nota fiscal de serviço, acesse Notas > Emitidas e clique em Cancelar; "
    "a prefeitura pode levar até 24 horas para confirmar o cancelamento.",
    "Se o roteador estiver sem sinal, peça ao cliente para desligá-lo da tomada por 30 segundos "
    "e verificar se a luz PON da ONU ficou verde.",
    "Boletos vencidos podem ser reemitidos pelo portal do cliente, em Financeiro > Segunda via.",
    "O certificado digital A1 vence em um ano; com ele vencido a emissão de notas é bloqueada.",
]


def test_satisfies_the_embedder_protocol_with_its_dimension():
    embedder = HashingEmbedder(dimension=128)
    assert isinstance(embedder, Embedder)
    assert embedder.dimension == 128
    assert embedder.embed_query("nota fiscal").shape == (128,)


def test_passages_come_back_as_float32_unit_rows():
    vectors = HashingEmbedder().embed_passages(PASSAGES)
    assert vectors.shape == (4, 256)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-6)


def test_no_passages_give_an_empty_matrix_of_the_right_width():
    assert HashingEmbedder(dimension=64).embed_passages([]).shape == (0, 64)


def test_one_string_is_refused_instead_of_embedding_each_character():
    with pytest.raises(TypeError):
        HashingEmbedder().embed_passages("cancelar nota fiscal")


def test_each_query_lands_closest_to_the_passage_that_answers_it():
    embedder = HashingEmbedder()
    passages = embedder.embed_passages(PASSAGES)
    queries = ["como cancelar nota fiscal", "roteador sem sinal", "segunda via do boleto vencido",
               "certificado digital vencido"]
    best = [int(np.argmax(passages @ embedder.embed_query(query))) for query in queries]
    assert best == [0, 1, 2, 3]


def test_related_texts_score_higher_than_unrelated_ones():
    embedder = HashingEmbedder()
    query = embedder.embed_query("cancelamento da NFS-e na prefeitura")
    related, unrelated = embedder.embed_passages([PASSAGES[0], "A ONU precisa ser reiniciada pelo técnico."])
    assert float(query @ related) > float(query @ unrelated) + 0.1


def test_accents_and_case_do_not_change_the_vector():
    embedder = HashingEmbedder()
    np.testing.assert_array_equal(embedder.embed_query("Não consigo EMITIR a nota, está bloqueada"),
                                  embedder.embed_query("nao consigo emitir a nota esta bloqueada"))


def test_two_instances_give_identical_vectors_and_the_id_names_the_dimension():
    first, second = HashingEmbedder(), HashingEmbedder()
    np.testing.assert_array_equal(first.embed_passages(PASSAGES), second.embed_passages(PASSAGES))
    assert first.model_id == second.model_id
    assert HashingEmbedder(dimension=64).model_id != first.model_id


def test_text_without_words_still_gets_a_unit_vector():
    vector = HashingEmbedder().embed_query("  ... !!! ")
    assert float(np.linalg.norm(vector)) == pytest.approx(1.0)


def test_folding_keeps_words_and_drops_accents_and_punctuation():
    assert fold_text("  Ação: ÔNIBUS, pé-de-moleque!  ") == "acao onibus pe de moleque"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_embeds_to_a_finite_unit_vector_the_same_as_query_or_passage(text):
    embedder = HashingEmbedder(dimension=96)
    query = embedder.embed_query(text)
    assert query.shape == (96,) and query.dtype == np.float32
    assert np.isfinite(query).all()
    assert float(np.linalg.norm(query)) == pytest.approx(1.0, abs=1e-5)
    np.testing.assert_array_equal(embedder.embed_passages([text])[0], query)
