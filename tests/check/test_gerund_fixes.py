"""The gerundismo fix for verbs outside the irregular list: derived and rare conjugations keep
person and tense, and a -mente adverb follows the verb once the gerund is gone."""

from __future__ import annotations

import pytest

from tests.check.conftest import NOW


def fix_of(checker, draft: str) -> tuple[str, str]:
    result = checker.check(draft, "info", now=NOW)
    (finding,) = [f for f in result.findings if f.rule == "gerund"]
    return finding.text, finding.suggestion


@pytest.mark.parametrize("draft, text, fix", [
    ("Estaremos vendo a planilha de custos.", "Estaremos vendo", "Veremos"),
    ("O consultor estará vindo na quinta.", "estará vindo", "virá"),
    ("Estarei tendo acesso ao servidor só à noite.", "Estarei tendo", "Terei"),
    ("Estaremos lendo os logs da integração.", "Estaremos lendo", "Leremos"),
    ("O banco estará dando o retorno do arquivo.", "estará dando", "dará"),
    ("Estarei sabendo do resultado pelo parceiro.", "Estarei sabendo", "Saberei"),
    ("Estaremos podendo liberar a rotina.", "Estaremos podendo", "Poderemos"),
    ("Estaremos mantendo o chamado aberto.", "Estaremos mantendo", "Manteremos"),
    ("O setor estará obtendo as assinaturas.", "estará obtendo", "obterá"),
    ("Estarei propondo um novo fluxo de aprovação.", "Estarei propondo", "Proporei"),
    ("Estaremos repondo o estoque do almoxarifado.", "Estaremos repondo", "Reporemos"),
    ("Estarei revendo o cálculo do frete.", "Estarei revendo", "Reverei"),
    ("A fiscalização estará intervindo no processo.", "estará intervindo", "intervirá"),
    ("Estarão contendo o incidente até a troca do disco.", "Estarão contendo", "Conterão"),
    ("Estarei dispondo os campos na ordem do leiaute.", "Estarei dispondo", "Disporei"),
    ("Estaríamos prevendo a carga do mês.", "Estaríamos prevendo", "Preveríamos"),
    ("Estarei reconstruindo o índice da base.", "Estarei reconstruindo", "Reconstruirei"),
])
def test_irregular_and_derived_futures(checker, draft, text, fix):
    assert fix_of(checker, draft) == (text, fix)


@pytest.mark.parametrize("draft, text, fix", [
    ("Vou estar pessoalmente conferindo o lote.", "Vou estar pessoalmente conferindo", "Vou conferir pessoalmente"),
    ("Estaremos prontamente atendendo a loja.", "Estaremos prontamente atendendo", "Atenderemos prontamente"),
    ("Vamos estar também revisando o contrato.", "Vamos estar também revisando", "Vamos também revisar"),
])
def test_adverbs_keep_a_natural_place(checker, draft, text, fix):
    assert fix_of(checker, draft) == (text, fix)
