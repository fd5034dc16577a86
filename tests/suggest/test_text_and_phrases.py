"""Spelling never decides a match: accents, case, separators, inflection."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from copilot.suggest.fieldnames import find_field, name_distance
from copilot.suggest.phrases import compile_phrase, find_any, view_sentences
from copilot.suggest.text import contains_text, fold


def match(phrase: str, text: str):
    return find_any([compile_phrase(phrase)], view_sentences(text))


def test_fold_removes_accents_case_and_separators():
    assert fold("Situação no Embed") == "situacao no embed"
    assert fold("situacao_embed") == fold("situação-embed") == "situacao embed"
    assert fold("embedStatus") == "embed status"
    assert fold("NFS-e") == "nfse" and fold("e-mail da conta") == "email da conta"


def test_a_phrase_matches_inflected_words_with_a_gap():
    found = match("cliente bloqueado", "O cliente ainda está bloqueada por falta de pagamento.")
    assert found is not None and not found.negated
    assert match("inadimplência", "cliente inadimplente há dois meses") is not None


def test_a_negator_before_the_phrase_marks_it_negated():
    assert match("cliente bloqueado", "Cliente não está bloqueado no Embed").negated
    assert match("saiu do onboarding", "Cliente ainda não saiu do onboarding").negated


def test_portuguese_no_is_not_an_english_negator():
    assert not match("bloqueado desde", "Confirmei no sistema: bloqueado desde 22/11").negated


def test_unrelated_words_do_not_match():
    assert match("conta bloqueada", "a conta de luz chegou") is None
    assert match("nota", "notificação enviada") is None


def test_wildcard_matches_any_ending():
    assert match("liguei*", "Liguei pro cliente às 14h") is not None


@given(st.sampled_from(["Situação no Embed", "situacao_embed", "SITUACAO-EMBED", "situação embed", "Situacao do Embed"]))
def test_every_spelling_of_a_field_name_finds_the_synonym(name):
    assert name_distance(name, "situação embed") is not None


def test_the_closest_field_wins_and_unrelated_fields_are_ignored():
    fields = {fold(k): (k, v) for k, v in {"embed_status_data": "2026", "Status Embed": "Bloqueado", "telefone": "x"}.items()}
    assert find_field(fields, ["status embed"]) == ("Status Embed", "Bloqueado")
    assert find_field(fields, ["motivo do bloqueio"]) is None


@given(st.text(min_size=1, max_size=40).map(str.lower))
def test_containment_ignores_case_and_whitespace(text):
    if fold(text):
        assert contains_text(f"  antes {text.upper()}   depois ", text)


@given(st.text(max_size=600))
def test_fold_answers_the_same_from_its_cache_as_computed_afresh(text):
    """Short texts are folded once and remembered (names and phrases repeat across tickets)."""
    from copilot.suggest.text import _fold

    assert fold(text) == fold(text) == _fold(text)
