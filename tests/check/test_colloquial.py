"""Chat spelling ("pra", "pro", "tá", "tô", "vc") is read as standard Portuguese by every rule,
and every finding still points at exactly what the analyst typed."""

from __future__ import annotations

import pytest

from copilot.check.colloquial import normalise
from tests.check.conftest import NOW, ticket


def findings(checker, draft: str, space: str = "enotas", rule: str | None = None, **kwargs):
    result = checker.check(draft, space, now=NOW, **kwargs)
    return [f for f in result.findings if rule is None or f.rule == rule]


@pytest.mark.parametrize("typed, standard", [
    ("Mando pra vc hoje.", "Mando para você hoje."),
    ("Segue pro time fiscal.", "Segue para o time fiscal."),
    ("Tá tudo certo pros dois.", "Está tudo certo para os dois."),
    ("Tô conferindo agora.", "Estou conferindo agora."),
    ("tava fora do ar", "estava fora do ar"),
    ("Mandei p/ o contador c/ a planilha.", "Mandei para o contador com a planilha."),
])
def test_contractions_are_spelled_out(typed, standard):
    assert normalise(typed).text == standard


@pytest.mark.parametrize("typed", [
    "O plano Pro inclui relatórios.",       # a capitalised word mid-sentence is a name
    "I want to renew the certificate.",     # "to" is English unless a gerund follows
    "A resposta foi tão rápida.",           # "tão" is "so" unless a gerund follows
    "Escreva para pro@contabil.com.br.",    # an address is not a word
])
def test_names_english_and_standard_words_are_left_alone(typed):
    assert normalise(typed).text == typed


def test_every_normalised_offset_maps_back_inside_what_was_typed():
    typed = "Vc vai ver que tá pronto pro envio hj."
    normal = normalise(typed)
    start = normal.text.index("para o envio")
    assert normal.span(start, start + len("para o envio")) == (typed.index("pro envio"), typed.index(" hj"))
    hoje = normal.text.index("hoje")
    assert typed[slice(*normal.span(hoje, hoje + 4))] == "hj"


def test_gerundismo_with_ta_is_an_error_fixed_to_the_plain_verb(checker):
    found = findings(checker, "Vamos tá conferindo o XML hoje à tarde.", rule="gerund")
    assert [(f.text, f.severity, f.suggestion) for f in found] == [("Vamos tá conferindo", "error", "Vamos conferir")]


def test_to_before_a_gerund_is_a_plain_gerund(checker):
    found = findings(checker, "Tô revisando as guias da folha.", rule="gerund")
    assert [(f.text, f.severity) for f in found] == [("revisando", "warning")]


def test_the_fixed_draft_keeps_the_chat_words_outside_the_fix(checker):
    result = checker.check("Vou tá mandando pra vc o relatório.", "info", now=NOW)
    assert result.fixed_draft == "Vou mandar pra vc o relatório."


def test_a_bare_transfer_spelled_with_pro(checker):
    found = findings(checker, "Seu pedido foi encaminhado pro setor correto.", rule="bare-transfer")
    assert [f.text for f in found] == ["encaminhado pro setor correto"]


def test_a_boleto_promised_pro_email(checker):
    found = findings(checker, "Pode ficar tranquila, o boleto chega pro seu e-mail.", "info", rule="boleto-email")
    assert found and "boleto" in found[0].text and found[0].text.endswith("e-mail")


def test_a_date_after_fica_pra_is_a_scheduled_promise(checker):
    found = findings(checker, "A instalação do certificado fica pra terça que vem.", rule="unverified-deadline")
    assert [f.text for f in found] == ["pra terça que vem"]


def test_hj_is_today(checker):
    found = findings(checker, "Libero seu acesso hj no fim da tarde.", rule="unverified-deadline")
    assert [f.text for f in found] == ["hj no fim da tarde"]


def test_vc_as_subject_of_a_request_is_no_promise(checker):
    assert findings(checker, "Vc consegue reenviar a planilha até amanhã?", rule="unverified-deadline") == []


def test_redundant_request_in_chat_spelling(checker):
    held = ticket(requester={"name": "Sílvia Porto", "email": "silvia@grafica.com.br"})
    found = findings(checker, "Me passa o seu e-mail pra eu cadastrar?", "totvs", rule="redundant-request",
                     ticket=held)
    assert [f.text for f in found] == ["seu e-mail"]
