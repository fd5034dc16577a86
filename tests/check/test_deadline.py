"""unverified-deadline: every promised date, time or duration, unless something backs it.

"Now" is Tuesday 24/11/2026 10:00 in São Paulo: amanhã = 25/11, sexta = 27/11.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from copilot.check import DraftChecker
from tests.check.conftest import NOW, FakeSla, ticket


def deadlines(checker, draft: str, space: str = "enotas", **kwargs):
    result = checker.check(draft, space, now=NOW, **kwargs)
    return [f for f in result.findings if f.rule == "unverified-deadline"]


PROMISES = [
    ("Retornaremos até amanhã com a análise da rejeição.", "até amanhã"),
    ("Te retorno hoje ainda sobre a nota 1542.", "hoje ainda"),
    ("Ainda hoje envio o arquivo corrigido.", "Ainda hoje"),
    ("Vamos resolver depois de amanhã, sem falta.", "depois de amanhã"),
    ("Envio o relatório até sexta.", "até sexta"),
    ("Na segunda-feira eu libero o acesso ao painel.", "Na segunda-feira"),
    ("A correção fica pronta dia 15.", "dia 15"),
    ("Entraremos em contato em 2 horas.", "em 2 horas"),
    ("Sua solicitação será atendida em até 48h.", "em até 48h"),
    ("Concluímos a importação em 3 dias úteis.", "em 3 dias úteis"),
    ("Retorno na próxima semana com o parecer.", "na próxima semana"),
    ("A integração volta a funcionar semana que vem.", "semana que vem"),
    ("Consigo te dar uma posição até o fim do dia.", "até o fim do dia"),
    ("A melhoria sai na próxima versão do aplicativo.", "na próxima versão"),
    ("Enviaremos a segunda via até 15/12.", "até 15/12"),
    ("A nova tela será liberada em 15 de dezembro.", "15 de dezembro"),
    ("Amanhã às 10h eu te ligo para acompanhar a emissão.", "Amanhã às 10h"),
    ("O técnico passa no seu endereço na quinta pela manhã.", "na quinta"),
    ("Vou te mandar o passo a passo em duas horas.", "em duas horas"),
    ("Dentro de 30 minutos o sistema estará normalizado.", "Dentro de 30 minutos"),
    ("Até as 18h o certificado estará instalado.", "Até as 18h"),
    ("O técnico chega entre 14h e 16h.", "entre 14h e 16h"),
    ("Conforme combinado, a visita fica para amanhã às 9h.", "amanhã às 9h"),
    ("A previsão é sexta-feira.", "sexta-feira"),
    ("Seu acesso é liberado hoje até as 18h.", "hoje até as 18h"),
    ("A gente resolve isso amanhã.", "amanhã"),
]


@pytest.mark.parametrize("draft, text", PROMISES)
def test_a_promise_with_nothing_behind_it_is_flagged(checker, draft, text):
    found = deadlines(checker, draft)
    assert text in [f.text for f in found]
    flagged = next(f for f in found if f.text == text)
    assert draft[flagged.start:flagged.end] == text
    assert flagged.suggestion is None


NOT_PROMISES = [
    "O erro acontece desde ontem, segundo o seu relato.",
    "O vencimento foi dia 5 e o pagamento entrou no dia 6.",
    "Recebemos o seu e-mail ontem à tarde.",
    "Na última sexta-feira a prefeitura ficou fora do ar.",
    "O atendimento é das 07h às 19h, de segunda a sexta.",
    "O vencimento da sua fatura é todo dia 10.",
    "Por favor, nos envie o XML até amanhã.",
    "Caso não receba o e-mail até amanhã, nos avise por aqui.",
    "Você consegue nos mandar o print até sexta?",
    "Podemos agendar a videoconferência para amanhã às 14h?",
    "A compensação do boleto demora até 3 dias úteis.",
    "Na segunda via do boleto o valor já vem atualizado.",
    "Na quarta tentativa a nota foi autorizada.",
    "A nota de 10/10 foi cancelada pela prefeitura.",
    "Vamos analisar com calma e retornamos assim que possível.",
    "A geração das notas leva mais de 10 minutos por pedido.",
    "O boleto pode levar até 3 dias úteis para compensar.",
    "Se precisar, pode me ligar amanhã de manhã.",
    "Aguardo o seu retorno até amanhã para seguirmos com a análise.",
    "Seu certificado vence amanhã, por isso recomendo a renovação hoje.",
    "A data limite para envio da DCTF é dia 15.",
    "Abraço e até amanhã!",
]


@pytest.mark.parametrize("draft", NOT_PROMISES)
def test_past_facts_requests_conditions_questions_and_rules_are_not_promises(checker, draft):
    assert deadlines(checker, draft) == []


@pytest.mark.parametrize("draft, text", [
    ("O desenvolvimento entrega a correção até dia 10.", "até dia 10"),
    ("O financeiro libera o seu acesso amanhã.", "amanhã"),
    ("Conversei com o time financeiro e eles confirmam a baixa até quinta-feira.", "até quinta-feira"),
    ("Vou pedir ao desenvolvimento que corrija até sexta.", "até sexta"),
    ("A correção entra na próxima versão.", "na próxima versão"),
])
def test_a_promise_for_another_sector_has_its_own_message(checker, draft, text):
    found = {f.text: f for f in deadlines(checker, draft, space="info")}
    assert found[text].severity == "error"
    assert "outros setores" in found[text].message
    assert found[text].source.doc_id == "info-procedimentos-atendimento"


def test_a_promise_on_the_agreed_date_of_the_ticket_is_backed(checker):
    agreed = ticket(fields={"data_acordo_entrega": "2026-12-04"})
    assert deadlines(checker, "A correção será entregue até sexta-feira, 04/12.", "totvs", ticket=agreed) == []
    assert deadlines(checker, "A correção está prevista para dia 4.", "totvs", ticket=agreed) == []
    late = deadlines(checker, "A correção será entregue até 11/12.", "totvs", ticket=agreed)
    assert [f.text for f in late] == ["até 11/12"]
    early = deadlines(checker, "A correção será entregue amanhã.", "totvs", ticket=agreed)
    assert [f.text for f in early] == ["amanhã"]


@pytest.mark.parametrize("name, value", [
    ("Data Acordo Entrega", "04/12/2026"),
    ("dataAcordoEntrega", "2026-12-04T18:00:00-03:00"),
    ("data-controle", "2026-12-04"),
    ("Data final", "2026-12-04"),
])
def test_agreed_date_fields_are_matched_by_meaning(checker, name, value):
    agreed = ticket(fields={name: value})
    assert deadlines(checker, "Daremos um posicionamento até 04/12.", "totvs", ticket=agreed) == []


def test_a_promise_within_the_sla_due_time_is_backed(catalog):
    sla = FakeSla(resolution=timedelta(days=3))  # due Friday 27/11 10:00
    with_sla = DraftChecker(catalog, sla)
    ticket_ = ticket("r3izzy")
    assert deadlines(with_sla, "Te respondo sobre a dedução até amanhã.", "r3izzy", ticket=ticket_) == []
    assert deadlines(with_sla, "Concluímos em 2 dias úteis.", "r3izzy", ticket=ticket_) == []
    beyond = deadlines(with_sla, "Te respondo na próxima semana.", "r3izzy", ticket=ticket_)
    assert [f.text for f in beyond] == ["na próxima semana"]
    assert sla.calls and sla.calls[0][0] == "r3izzy"


def test_without_a_ticket_the_sla_is_not_consulted(catalog):
    sla = FakeSla(resolution=timedelta(days=30))
    found = deadlines(DraftChecker(catalog, sla), "Retorno até amanhã.", "r3izzy")
    assert [f.text for f in found] == ["até amanhã"] and sla.calls == []


@pytest.mark.parametrize("draft", [
    "Se o vencimento for dia 05, o bloqueio ocorrerá no dia 12.",
    "O sistema só é bloqueado no sétimo dia após o vencimento.",
    "O pagamento via boleto demora em até 5 dias úteis para compensar.",
    "Para o Field Desk, o padrão é de 4h a 24h comerciais.",
])
def test_the_spaces_policy_facts_are_not_promises(checker, draft):
    assert deadlines(checker, draft, space="info") == []


def test_a_policy_fact_does_not_excuse_a_promise_in_another_clause(checker):
    draft = "O sistema só é bloqueado no sétimo dia após o vencimento, mas o financeiro prorroga até segunda."
    assert [f.text for f in deadlines(checker, draft, space="info")] == ["até segunda"]


def test_now_defaults_to_the_last_comment_of_the_ticket(checker):
    commented = ticket(comments=[{"author": "customer", "body": "E aí?", "created_at": "2026-11-26T15:00:00-03:00"}],
                       fields={"data_controle": "2026-11-27"})
    result = checker.check("Retorno amanhã com a análise.", "totvs", ticket=commented)
    assert [f for f in result.findings if f.rule == "unverified-deadline"] == []
