"""Checklists are pre-answered only with evidence; templates are filled only with what the ticket knows."""

from __future__ import annotations

from copilot.kb.macros import ReplyTemplate, SourceRef
from copilot.suggest import checklists as notes
from copilot.suggest.fact_reader import FactReader
from copilot.suggest.knowledge import GROUNDING_THRESHOLD
from copilot.suggest.templates import TemplateFiller, placeholder_kind, problem_summary
from copilot.suggest.ticket_view import TicketView
from copilot.ticket import Ticket
from tests.suggest.conftest import NOW


def prefilled(knowledge, checklist_id: str, **ticket):
    k = knowledge("enotas")
    parsed = Ticket(space="enotas", **ticket)
    checklist = k.checklist(checklist_id)
    view = TicketView.of(parsed)
    answers = notes.prefill(checklist, k.book.checklist_answers, view, FactReader(k.book.facts, view, NOW))
    return checklist, answers


def test_falha_no_sistema_is_rendered_in_the_pop_format_with_the_app_ticked(knowledge):
    checklist, answers = prefilled(knowledge, "enotas-checklist-falha-sistema",
                                   subject="app travando", description="o app do enotas fecha sozinho no celular")
    body = notes.render(checklist, answers)
    assert body.startswith("Checklist - Falha no sistema\nA falha refere-se a:\n(X) Apps ( ) Painel Emissor")
    assert body.rstrip().endswith("Descrição da análise realizada:")
    first = answers[0]
    assert first.prefilled and first.selected == ["Apps"] and "celular" in first.evidence


def test_questions_the_ticket_does_not_answer_stay_blank(knowledge):
    _, answers = prefilled(knowledge, "enotas-checklist-falha-sistema", subject="erro", description="não funciona")
    blank = [a for a in answers if not a.prefilled]
    assert blank and all(a.selected == [] and a.evidence == "" for a in blank)


def test_a_multiple_choice_question_can_take_several_options(knowledge):
    _, answers = prefilled(knowledge, "enotas-checklist-emissao-rejeicao", subject="NFS-e rejeitada",
                           description="A NFS-e foi rejeitada pela prefeitura; quero cancelar a nota e emitir de novo.")
    operation = next(a for a in answers if a.id == "operacao")
    assert {"Correção de nota rejeitada", "Cancelamento/substituição"} <= set(operation.selected)
    document = next(a for a in answers if a.id == "tipo-documento")
    assert document.selected == ["NFS-e (serviço)"]


TEMPLATE = ReplyTemplate(
    id="t", title="Primeiro contato", when_to_use="x", source=SourceRef(doc_id="d"),
    body="Olá [nome cliente], eu sou o analista [seu nome]. Entendi que seu incidente é [detalhar o que entendeu], "
         "certo? Envie [dados].")


def fill(**ticket):
    parsed = Ticket(space="totvs", **ticket)
    view = TicketView.of(parsed)
    return TemplateFiller([]).fill(TEMPLATE, parsed, view, FactReader({}, view, NOW))


def test_known_placeholders_are_filled_and_unknown_ones_stay_visible():
    filled, left = fill(subject="Re: Erro ao gerar borderô - FINA240", requester={"name": "Adriana Souza"},
                        assignee={"name": "Rafael Monteiro"})
    assert filled.startswith("Olá Adriana, eu sou o analista Rafael Monteiro. Entendi que seu incidente é erro ao gerar borderô - FINA240")
    assert "[dados]" in filled and left == ["dados"]


def test_without_requester_or_assignee_their_placeholders_stay():
    filled, left = fill(subject="Erro ao gerar borderô na rotina")
    assert "[nome cliente]" in filled and "[seu nome]" in filled and {"nome cliente", "seu nome"} <= set(left)


def test_the_summary_skips_greetings_and_weak_subjects():
    ticket = Ticket(space="x", subject="Urgente", description="Bom dia, pessoal! O cálculo de férias está errado. Segue anexo.")
    assert problem_summary(ticket) == "o cálculo de férias está errado"
    assert placeholder_kind("descrever com suas próprias palavras o problema interpretado") == "problem"
    assert placeholder_kind("nome do outro analista") is None


def test_templates_whose_words_are_not_in_the_documents_are_not_offered(knowledge):
    enotas, totvs = knowledge("enotas"), knowledge("totvs")
    assert all(g < GROUNDING_THRESHOLD for g in enotas.grounded.values())  # curated replies the POP never gives
    assert totvs.grounded["totvs-primeiro-contato"] == 1.0
    assert enotas.template("enotas-resposta-bloqueio-financeiro") is None
