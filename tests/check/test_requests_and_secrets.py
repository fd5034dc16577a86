"""Redundant requests asked as direct questions or about any held attribute, and passwords
handed over in any of the ways a reply does it."""

from __future__ import annotations

import pytest

from tests.check.conftest import NOW, ticket


def found(checker, draft: str, rule: str, space: str = "totvs", **kwargs) -> list[str]:
    result = checker.check(draft, space, now=NOW, **kwargs)
    return [f.text for f in result.findings if f.rule == rule]


HELD = ticket(requester={"name": "Otávio Brandão", "organization": "Laticínios Serra Azul",
                         "phone": "(35) 3221-4400", "email": "otavio@serraazul.ind.br"},
              description="O CNPJ da matriz é 41.233.908/0001-72.")


@pytest.mark.parametrize("draft, text", [
    ("Qual o nome da sua empresa?", "nome da sua empresa"),
    ("Qual é o CNPJ da matriz?", "CNPJ"),
    ("Me passa seu telefone, por favor.", "seu telefone"),
    ("Poderia me dizer o seu e-mail de acesso?", "seu e-mail"),
    ("Preciso saber a razão social da empresa.", "razão social"),
    ("Para retornarmos, informe o seu telefone com DDD.", "seu telefone"),
])
def test_direct_questions_for_held_data_are_redundant(checker, draft, text):
    assert text in found(checker, draft, "redundant-request", ticket=HELD)


@pytest.mark.parametrize("requester", [
    {"name": "Otávio", "mobile_phone": "(35) 99811-2200"},
    {"name": "Otávio", "telefone": "(35) 3221-4400"},
    {"name": "Otávio", "Celular": "35998112200"},
])
def test_the_requesters_phone_is_found_under_any_name(checker, requester):
    holder = ticket(requester=requester)
    assert found(checker, "Qual o seu telefone para contato?", "redundant-request", ticket=holder)


def test_a_custom_field_named_differently_holds_the_phone(checker):
    holder = ticket(requester={"name": "Otávio"}, fields={"fone_comercial": "(35) 3221-4400"})
    assert found(checker, "Pode nos informar um telefone?", "redundant-request", ticket=holder)


@pytest.mark.parametrize("draft", [
    "Qual o nome do relatório que apresenta a diferença?",
    "Qual o telefone do seu contador?",
    "Informe o e-mail do responsável pelo financeiro.",
])
def test_asking_for_someone_elses_data_is_fine(checker, draft):
    assert found(checker, draft, "redundant-request", ticket=HELD) == []


@pytest.mark.parametrize("draft, secret", [
    ("A senha do portal foi redefinida para Lp4$wq90.", "Lp4$wq90"),
    ("Nova senha: Ut7kk-31", "Ut7kk-31"),
    ("Use a senha provisória Ma9!rte e troque no primeiro acesso.", "Ma9!rte"),
    ("Alteramos a sua senha para Gz22xpto.", "Gz22xpto"),
    ("A senha do usuário fiscal1 foi trocada para Bx#7710.", "Bx#7710"),
    ("Password: Qe5tt0k", "Qe5tt0k"),
])
def test_a_password_handed_over_is_personal_data(checker, draft, secret):
    result = checker.check(draft, "voalle", now=NOW)
    hit = next(f for f in result.findings if f.rule == "personal-data")
    assert hit.text == secret and hit.suggestion == "*" * len(secret) and not hit.safe


@pytest.mark.parametrize("draft", [
    "A senha deve ter ao menos 8 caracteres, com letras e números.",
    "A senha foi redefinida para o padrão informado no cadastro.",
    "Nunca compartilhe a sua senha do Wi-Fi.",
])
def test_talking_about_passwords_is_not_a_leak(checker, draft):
    assert found(checker, draft, "personal-data", "voalle") == []
