"""The curator rules for bare transfers and boletos by e-mail cover the verbs analysts actually use."""

from __future__ import annotations

import pytest

from tests.check.conftest import NOW


def rule_texts(checker, draft: str, rule: str, space: str) -> list[str]:
    return [f.text for f in checker.check(draft, space, now=NOW).findings if f.rule == rule]


@pytest.mark.parametrize("draft", [
    "Passamos o seu pedido para o time certo.",
    "Seu chamado foi escalado para a equipe adequada.",
    "A solicitação foi movida para a fila correta.",
    "Atribuímos o caso ao setor competente.",
])
def test_a_transfer_without_its_reason_in_other_words(checker, draft):
    assert rule_texts(checker, draft, "bare-transfer", "totvs")


def test_a_transfer_with_its_reason_is_fine(checker):
    draft = "Passamos o seu pedido para o time certo, que é responsável pela integração bancária."
    assert rule_texts(checker, draft, "bare-transfer", "totvs") == []


@pytest.mark.parametrize("draft", [
    "A senhora vai receber o boleto por e-mail.",
    "O boleto cai direto no seu email.",
    "Você recebe o boleto atualizado no e-mail cadastrado.",
])
def test_a_boleto_arriving_by_email_is_a_promise_to_send_it(checker, draft):
    assert rule_texts(checker, draft, "boleto-email", "info")


@pytest.mark.parametrize("draft", [
    "A senhora recebeu o boleto por e-mail?",
    "O boleto não é enviado por e-mail; emita a segunda via no sistema.",
])
def test_asking_about_or_denying_a_boleto_by_email_is_fine(checker, draft):
    assert rule_texts(checker, draft, "boleto-email", "info") == []
