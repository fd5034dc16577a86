"""How the deadline rule reads a sentence it has never seen: tag questions, either word order,
another team in any tense, English commitments, and the systematic shapes of pt-BR time.

"Now" is Tuesday 24/11/2026 10:00 in São Paulo.
"""

from __future__ import annotations

import pytest

from copilot.check.calendar import Calendar
from copilot.check.rules import BusinessHours
from copilot.check.temporal import find_expressions
from copilot.check.text import fold
from tests.check.conftest import NOW


def deadlines(checker, draft: str, space: str = "totvs"):
    return [f for f in checker.check(draft, space, now=NOW).findings if f.rule == "unverified-deadline"]


def texts(checker, draft: str, space: str = "totvs") -> list[str]:
    return [f.text for f in deadlines(checker, draft, space)]


@pytest.mark.parametrize("draft, text", [
    ("Devolvo o parecer até quinta, ok?", "até quinta"),
    ("Amanhã cedo o acesso volta, combinado?", "Amanhã cedo"),
    ("Publicamos o ajuste na próxima semana, certo?", "na próxima semana"),
    ("Te ligo às 16h, tudo bem?", "às 16h"),
    ("Resolvemos ainda hoje, tá?", "ainda hoje"),
    ("O técnico instala o leitor depois de amanhã, beleza?", "depois de amanhã"),
    ("Retorno até sexta-feira, pode ser?", "até sexta-feira"),
])
def test_a_promise_closed_by_a_tag_question_is_still_a_promise(checker, draft, text):
    assert text in texts(checker, draft)


@pytest.mark.parametrize("draft", [
    "Podemos fazer a reunião amanhã às 14h?",
    "Você consegue reenviar o arquivo até quinta?",
    "O sistema voltou a funcionar hoje, certo?",
])
def test_a_real_question_is_not_a_promise(checker, draft):
    assert texts(checker, draft) == []


@pytest.mark.parametrize("draft, text", [
    ("Em duas horas o painel fica normalizado.", "Em duas horas"),
    ("O painel fica normalizado em duas horas.", "em duas horas"),
    ("Até quarta as guias estão recalculadas.", "Até quarta"),
    ("As guias estão recalculadas até quarta.", "até quarta"),
    ("Dentro de 40 minutos o serviço é restabelecido.", "Dentro de 40 minutos"),
])
def test_the_governing_verb_is_found_on_either_side_of_the_date(checker, draft, text):
    assert texts(checker, draft) == [text]


@pytest.mark.parametrize("draft, text", [
    ("O time de Redes troca o equipamento até o fim da semana.", "até o fim da semana"),
    ("A equipe do ERP corrige a rotina até dia 18.", "até dia 18"),
    ("O pessoal da Tesouraria baixa o título amanhã.", "amanhã"),
    ("O setor de Compras conclui o pedido na segunda-feira.", "na segunda-feira"),
])
def test_another_team_promising_in_the_present_gets_the_other_sector_message(checker, draft, text):
    found = {f.text: f for f in deadlines(checker, draft, "info")}
    assert found[text].severity == "error"
    assert "outros setores" in found[text].message


def test_the_analysts_own_team_is_not_another_sector(checker):
    found = deadlines(checker, "A equipe de suporte conclui a análise até sexta.", "info")
    assert [(f.text, f.severity) for f in found] == [("até sexta", "warning")]


@pytest.mark.parametrize("draft, text", [
    ("O consultor vai dia 9 configurar o módulo.", "dia 9"),
    ("O instalador vai amanhã de manhã.", "amanhã de manhã"),
    ("We'll send the corrected file até sexta.", "até sexta"),
    ("I will call you amanhã às 9h.", "amanhã às 9h"),
    ("The team will deploy the fix na próxima semana.", "na próxima semana"),
])
def test_a_bare_ir_and_english_futures_commit_to_the_date(checker, draft, text):
    assert text in texts(checker, draft)


@pytest.mark.parametrize("draft, text", [
    ("Semana que vem a gente fecha isso.", "Semana que vem"),          # "a gente" is the analyst's "we"
    ("Você terá uma posição até quinta.", "até quinta"),               # the customer receives, we deliver
    ("Reprocessamos as notas na sexta-feira.", "na sexta-feira"),      # a prefixed verb the dictionary lacks
    ("Prazo: 4 dias úteis.", "Prazo: 4 dias úteis"),                   # a labelled duration
])
def test_subjects_and_verbs_the_dictionary_reads_poorly(checker, draft, text):
    assert texts(checker, draft) == [text]


def test_a_deadline_given_to_the_customer_is_no_promise(checker):
    assert texts(checker, "Você terá até quinta para enviar os comprovantes.") == []


@pytest.mark.parametrize("draft", [
    "A campanha de desconto vai até o fim do mês.",
    "A nota é gerada no dia 10 de cada mês.",
    "O backup roda todo dia às 3h.",
    "Recebemos o seu arquivo ontem às 17h.",
    "A agência fecha às 16h.",
    "O débito cai no próximo dia útil após o vencimento.",
    "Will you be in the office amanhã?",
    "Me avisa se o erro voltar amanhã, beleza?",
])
def test_durations_of_facts_recurring_times_and_past_hours_are_not_promises(checker, draft):
    assert texts(checker, draft) == []


@pytest.mark.parametrize("draft, text", [
    ("Libero o módulo até o próximo dia útil.", "até o próximo dia útil"),
    ("Nas próximas 36h o certificado é renovado.", "Nas próximas 36h"),
    ("No mais tardar quarta o cadastro é ajustado.", "No mais tardar quarta"),
    ("A contabilidade encerra o balancete no início de fevereiro.", "no início de fevereiro"),
    ("Concluímos o inventário em meados de janeiro.", "em meados de janeiro"),
    ("Enviamos a planilha até o fim da semana.", "até o fim da semana"),
    ("Reprocessamos o lote daqui a 2 dias.", "daqui a 2 dias"),
    ("Regularizamos em 4 dias úteis.", "em 4 dias úteis"),
    ("Entramos em contato amanhã à tarde.", "amanhã à tarde"),
    ("Te retorno ainda hoje.", "ainda hoje"),
    ("Ligamos às 15h30.", "às 15h30"),
    ("Ligamos ao meio-dia.", "ao meio-dia"),
    ("Ligamos às duas da tarde.", "às duas da tarde"),
    ("Ligamos às 11 horas.", "às 11 horas"),
    ("Concluímos a carga na próxima hora.", "na próxima hora"),
    ("Entregamos o laudo em 3 a 5 dias úteis.", "em 3 a 5 dias úteis"),
    ("Até o segundo dia útil devolvemos o parecer.", "Até o segundo dia útil"),
    ("Reagendamos a visita para o fim de semana.", "para o fim de semana"),
    ("Publicamos o pacote no começo do mês que vem.", "no começo do mês que vem"),
    ("Encaminho o comprovante daqui a pouco.", "daqui a pouco"),
])
def test_the_recogniser_reads_relative_units_limits_parts_of_periods_and_hours(checker, draft, text):
    assert text in texts(checker, draft)


@pytest.mark.parametrize("expression, first, last", [
    ("até o próximo dia útil", "24/11", "25/11"),       # Tuesday → Wednesday
    ("no início de dezembro", "01/12", "10/12"),
    ("em meados de janeiro", "11/01", "21/01"),
    ("no fim do mês", "24/11", "30/11"),                # the last third, never before now
    ("no fim de semana", "28/11", "29/11"),
    ("nas próximas 48h", "24/11", "26/11"),
    ("daqui a 3 dias", "24/11", "27/11"),
])
def test_each_expression_is_placed_on_the_calendar(expression, first, last):
    (when,) = find_expressions(fold(expression))
    start, end = Calendar(BusinessHours()).window(when, NOW)
    assert (start.strftime("%d/%m"), end.strftime("%d/%m")) == (first, last)


def test_a_part_of_a_month_is_backed_by_an_agreed_date_inside_it(checker):
    from tests.check.conftest import ticket
    agreed = ticket(fields={"data_acordo_entrega": "2026-12-08"})
    draft = "O ajuste é publicado no início de dezembro."
    assert [f.text for f in checker.check(draft, "totvs", ticket=agreed, now=NOW).findings] == []
    late = ticket(fields={"data_acordo_entrega": "2026-12-22"})
    assert [f.text for f in checker.check(draft, "totvs", ticket=late, now=NOW).findings] == ["no início de dezembro"]
