"""Portuguese morphology the fixes rely on: gerunds by lemma, futures (irregular
ones too) and clitic placement."""

from __future__ import annotations

import pytest

from copilot.check.verbs import future, gerund_infinitive, infinitive_with_enclitic, proclitic


@pytest.mark.parametrize("gerund, infinitive", [
    ("verificando", "verificar"), ("analisando", "analisar"), ("passando", "passar"), ("fazendo", "fazer"),
    ("trazendo", "trazer"), ("dizendo", "dizer"), ("pondo", "pôr"), ("compondo", "compor"), ("indo", "ir"),
    ("sendo", "ser"), ("vindo", "vir"), ("vendo", "ver"), ("comendo", "comer"), ("corrigindo", "corrigir"),
    ("refazendo", "refazer"), ("construindo", "construir"),
])
def test_a_gerund_gives_its_infinitive(gerund, infinitive):
    assert gerund_infinitive(gerund) == infinitive


@pytest.mark.parametrize("word", ["mundo", "segundo", "quando", "fundo", "comando", "mando", "entendo", "aprendo",
                                  "redondo", "profundo", "lindo", "bando", "memorando", "fernando", "demanda"])
def test_words_that_only_end_in_ndo_are_not_gerunds(word):
    assert gerund_infinitive(word) is None


@pytest.mark.parametrize("infinitive, estar, expected", [
    ("verificar", "estarei", "verificarei"),
    ("analisar", "estaremos", "analisaremos"),
    ("passar", "estarei", "passarei"),
    ("enviar", "estara", "enviará"),
    ("enviar", "estarao", "enviarão"),
    ("fazer", "estarei", "farei"),
    ("fazer", "estaremos", "faremos"),
    ("trazer", "estarei", "trarei"),
    ("dizer", "estarei", "direi"),
    ("pôr", "estarei", "porei"),
    ("compor", "estara", "comporá"),
    ("refazer", "estarei", "refarei"),
    ("desfazer", "estaremos", "desfaremos"),
    ("satisfazer", "estara", "satisfará"),
    ("contradizer", "estarei", "contradirei"),
    ("ser", "estara", "será"),
    ("ir", "estaremos", "iremos"),
    ("ver", "estarei", "verei"),
    ("ter", "estarao", "terão"),
    ("verificar", "estaria", "verificaria"),
    ("fazer", "estariamos", "faríamos"),
    ("trazer", "estariam", "trariam"),
])
def test_future_and_conditional_keep_the_person_of_estar(infinitive, estar, expected):
    assert future(infinitive, estar) == expected


@pytest.mark.parametrize("infinitive, clitic, expected", [
    ("encaminhar", "o", "encaminhá-lo"),
    ("vender", "a", "vendê-la"),
    ("corrigir", "os", "corrigi-los"),
    ("pôr", "o", "pô-lo"),
    ("enviar", "lhe", "enviar-lhe"),
    ("informar", "nos", "informar-nos"),
])
def test_enclitics_on_an_infinitive(infinitive, clitic, expected):
    assert infinitive_with_enclitic(infinitive, clitic) == expected


def test_an_enclitic_moves_before_a_future_in_its_plain_form():
    assert proclitic("lo") == "o" and proclitic("lhe") == "lhe"
