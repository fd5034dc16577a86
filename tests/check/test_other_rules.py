"""Placeholders, redundant requests, bare transfers, personal data and the boleto
promise: each with the span, message and source the analyst sees."""

from __future__ import annotations

import pytest

from tests.check.conftest import NOW, rules_of, ticket


def findings(checker, draft, space="totvs", rule=None, **kwargs):
    result = checker.check(draft, space, now=NOW, **kwargs)
    return [f for f in result.findings if rule is None or f.rule == rule]


@pytest.mark.parametrize("draft, text", [
    ("Olá [nome cliente], eu sou o analista [seu nome].", "[nome cliente]"),
    ("O novo incidente será tratado no ticket xxxxx.", "xxxxx"),
    ("Olá {{ nome }}, tudo bem?", "{{ nome }}"),
    ("Prezado <nome do cliente>, segue a resposta.", "<nome do cliente>"),
    ("Estarei passando para o fulano de tal.", "fulano de tal"),
    ("Favor nos encaminhar [dados].", "[dados]"),
])
def test_unfilled_placeholders_are_errors(checker, draft, text):
    found = findings(checker, draft, rule="unfilled-placeholder")
    assert text in [f.text for f in found]
    assert all(f.severity == "error" for f in found)


def test_placeholders_naming_ticket_values_are_filled_safely(checker):
    draft = "Olá [nome cliente], eu sou o analista [seu nome] e sigo com o ticket [número do ticket]."
    owned = ticket(id="19283746", requester={"name": "Roberta Aguiar"}, assignee={"name": "Luciana Prado"})
    result = checker.check(draft, "totvs", ticket=owned, now=NOW)
    assert [(f.text, f.suggestion, f.safe) for f in result.findings] == [
        ("[nome cliente]", "Roberta", True), ("[seu nome]", "Luciana", True), ("[número do ticket]", "19283746", True)]
    assert result.fixed_draft == "Olá Roberta, eu sou o analista Luciana e sigo com o ticket 19283746."


@pytest.mark.parametrize("draft", ["Marque [X] Sim ou [ ] Não.", "Veja a documentação [1].",
                                   "Acesse [o portal](https://portal.exemplo.com.br)."])
def test_checkboxes_footnotes_and_links_are_not_placeholders(checker, draft):
    assert findings(checker, draft, rule="unfilled-placeholder") == []


def test_asking_for_data_the_ticket_already_holds(checker):
    held = ticket(requester={"name": "Rita Cardoso", "email": "rita@transvale.com.br", "organization": "Transvale"},
                  fields={"Telefone Contato": "(51) 3344-5566"},
                  description="Segue o CNPJ 09.321.547/0001-63 da filial.")
    draft = "Para seguirmos, informe o seu e-mail, o CNPJ e o telefone para contato. Qual é a razão social?"
    found = findings(checker, draft, rule="redundant-request", ticket=held)
    assert [f.text for f in found] == ["seu e-mail", "CNPJ", "telefone para contato", "razão social"]
    assert "rita@transvale.com.br" in found[0].message and "09.321.547/0001-63" in found[1].message
    assert found[0].source.section == "6. Quando assumir tickets de outros analistas › Durante atuação offline"


def test_asking_for_data_the_ticket_lacks_is_fine(checker):
    bare = ticket(requester={"name": "Rita Cardoso"})
    draft = "Para seguirmos, informe o seu e-mail e o CNPJ da empresa. Informe também o nome da rotina."
    assert findings(checker, draft, rule="redundant-request", ticket=bare) == []


def test_telling_is_not_asking(checker):
    held = ticket(requester={"name": "Rita", "email": "rita@transvale.com.br"})
    draft = "Enviaremos o relatório para o seu e-mail. Confirme se recebeu o e-mail com o link."
    assert findings(checker, draft, rule="redundant-request", ticket=held) == []


def test_a_list_after_a_request_is_read_item_by_item(checker):
    held = ticket(requester={"name": "Rita Cardoso"}, fields={"telefone": "(51) 3344-5566"})
    draft = "Favor nos encaminhar:\n- o Profiler do processo;\n- o nome e o fone (com DDD) para contato."
    found = findings(checker, draft, rule="redundant-request", ticket=held)
    assert [f.text for f in found] == ["nome", "fone"]


@pytest.mark.parametrize("draft, flagged", [
    ("O seu ticket foi transferido para a equipe correta.", True),
    ("Chamado encaminhado ao setor responsável.", True),
    ("Transferimos o ticket para o time pertinente.", True),
    ("O ticket foi transferido para a equipe correta, pois a rotina pertence ao módulo de Folha.", False),
    ("Transferido para a equipe responsável pelo módulo Fiscal.", False),
    ("O ticket foi transferido para a equipe de Framework, que cuida da API REST.", False),
])
def test_a_transfer_must_say_why(checker, draft, flagged):
    found = findings(checker, draft, rule="bare-transfer")
    assert bool(found) is flagged
    if flagged:
        assert found[0].source.doc_id == "totvs-processo-boas-praticas"


def test_personal_data_in_a_public_reply(checker):
    draft = ("Seu CPF 529.982.247-25 está no cadastro. Usuário joana.pires, senha provisória Fibra@2026. "
             "Cartão 4111 1111 1111 1111.")
    found = findings(checker, draft, rule="personal-data")
    assert [(f.text, f.suggestion, f.safe) for f in found] == [
        ("529.982.247-25", "***.***.***-25", False), ("Fibra@2026", "**********", False),
        ("4111 1111 1111 1111", "**** **** **** **11", False)]
    assert "Senha" in found[1].message and "CPF" in found[0].message


def test_personal_data_is_allowed_in_an_internal_note(checker):
    draft = "CPF do titular: 529.982.247-25; senha provisória Fibra@2026."
    assert findings(checker, draft, rule="personal-data", public=False) == []


@pytest.mark.parametrize("draft", ["O número do pedido é 123.456.789-10.", "A senha é pessoal e intransferível.",
                                   "Ligue para (21) 98016-8691.", "Não compartilhe a sua senha com ninguém."])
def test_numbers_and_words_that_are_not_personal_data(checker, draft):
    assert findings(checker, draft, rule="personal-data") == []


@pytest.mark.parametrize("draft, flagged", [
    ("Vou enviar o boleto por e-mail ainda hoje.", True),
    ("Fique tranquila, o boleto segue por e-mail.", True),
    ("Te mando por e-mail o boleto atualizado.", True),
    ("O boleto não é enviado por e-mail: ele fica disponível no sistema.", False),
    ("Os lembretes do boleto são enviados por e-mail antes do vencimento.", False),
])
def test_promising_a_boleto_by_email_is_an_error_in_info(checker, draft, flagged):
    found = findings(checker, draft, space="info", rule="boleto-email")
    assert bool(found) is flagged
    if flagged:
        assert found[0].severity == "error" and found[0].source.doc_id == "info-procedimentos-atendimento"


def test_the_boleto_rule_is_info_policy_only(checker):
    assert findings(checker, "Vou enviar o boleto por e-mail.", space="enotas", rule="boleto-email") == []


def test_every_finding_carries_message_source_and_exact_span(checker):
    draft = ("Olá [nome cliente], vou estar verificando. O ticket foi transferido para a equipe correta "
             "e retorno amanhã. Senha: Abc@1234.")
    result = checker.check(draft, "totvs", now=NOW)
    assert {rule for rule, _ in rules_of(result)} == {
        "unfilled-placeholder", "gerund", "bare-transfer", "unverified-deadline", "personal-data"}
    for finding in result.findings:
        assert draft[finding.start:finding.end] == finding.text
        assert finding.message and finding.source is not None and finding.rule_title
