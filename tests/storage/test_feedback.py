"""Analysts' votes: stored with the ticket and suggestion as they were, listed, reviewed, exported."""

from __future__ import annotations

import pytest

from copilot.errors import InvalidInput
from copilot.storage import FeedbackNotFound

TICKET = {
    "space": "enotas", "id": "48213", "subject": "Nota rejeitada pela prefeitura",
    "description": "Boa tarde, a NFS-e da padaria voltou rejeitada com código E160, o que faço?",
    "requester": {"name": "Maria Souza", "email": "maria@padaria.com.br"},
}
SOURCE = {"doc_id": "enotas-pop-suporte", "title": "POP Suporte Emissor", "section": "Bloco 2 - Checklists"}
SUGGESTION = {
    "space": "enotas",
    "checklist": {"id": "enotas-checklist-emissao-rejeicao", "title": "Emissão de notas / Rejeição (correção)",
                  "body": "A nota refere-se a:\n(X) NFS-e (serviço) ( ) NF-e (produto)", "score": 0.91, "source": SOURCE},
    "reply_template": {"id": "enotas-modelo-rejeicao", "title": "Rejeição - aguardando dados", "body": "Olá, [nome cliente]!",
                       "filled_body": "Olá, Maria!", "score": 0.8, "source": SOURCE},
    "next_step": {"text": "Inserir anotação interna com a macro do checklist", "procedure": "Atendimento",
                  "step": "Bloco 2, passo 1", "score": 0.7, "source": SOURCE},
    "articles": [{"doc_id": "enotas-pop-suporte", "title": "POP Suporte Emissor", "section": "Bloco 2 - Checklists",
                  "excerpt": "Rejeição de nota pela prefeitura: conferir o código de serviço e a alíquota do ISS no cadastro da empresa emissora.",
                  "score": 0.7}],
}


def test_a_vote_keeps_the_ticket_and_the_suggestion_as_they_were(feedback):
    ticket = dict(TICKET)
    saved = feedback.record(space="enotas", target="checklist", vote="up", ticket=ticket, suggestion=SUGGESTION,
                            item_id="enotas-checklist-emissao-rejeicao", comment="  certinho  ")
    ticket["subject"] = "mudou depois"
    stored = feedback.get(saved.id)
    assert stored.ticket["subject"] == "Nota rejeitada pela prefeitura"
    assert stored.ticket_id == "48213" and stored.comment == "certinho"
    assert stored.suggestion["checklist"]["title"] == "Emissão de notas / Rejeição (correção)"
    assert stored.created_at.tzinfo is not None and stored.reviewed_at is None and not stored.turned_into_case


def test_lists_filter_by_space_vote_and_review(feedback):
    a = feedback.record(space="enotas", target="checklist", vote="down", ticket=TICKET)
    feedback.record(space="enotas", target="article", vote="up", ticket=TICKET)
    c = feedback.record(space="voalle", target="next_step", vote="down", ticket={"space": "voalle", "id": "9"})
    assert [r.id for r in feedback.list(space="enotas")] == [a.id, a.id + 1]
    assert [r.id for r in feedback.list(vote="down")] == [a.id, c.id]
    feedback.mark_reviewed(a.id, turned_into_case=True)
    assert [r.id for r in feedback.list(vote="down", unreviewed_only=True)] == [c.id]
    reviewed = feedback.get(a.id)
    assert reviewed.reviewed_at is not None and reviewed.turned_into_case


def test_marking_an_unknown_vote_says_so(feedback):
    with pytest.raises(FeedbackNotFound, match="Nenhuma avaliação com id 7"):
        feedback.mark_reviewed(7)


@pytest.mark.parametrize(("fields", "message"), [
    ({"target": "macro"}, "Alvo desconhecido 'macro'"),
    ({"vote": "meh"}, "Voto desconhecido 'meh'"),
    ({"space": "Outro Espaço"}, "Espaço inválido"),
    ({"comment": "x" * 2001}, "comentário passa de 2000"),
    ({"ticket": {"description": "a" * 300_000}}, "ticket da avaliação passa de 256 KB"),
])
def test_bad_votes_are_refused_in_portuguese_and_nothing_is_stored(feedback, fields, message):
    vote = {"space": "enotas", "target": "checklist", "vote": "up", **fields}
    with pytest.raises(InvalidInput, match=message):
        feedback.record(**vote)
    assert feedback.list() == []


def test_a_thumbs_up_becomes_a_labelled_case_in_the_tickets_format(feedback):
    feedback.record(space="enotas", target="checklist", vote="up", ticket=TICKET, suggestion=SUGGESTION)
    feedback.record(space="enotas", target="next_step", vote="up", ticket=TICKET, suggestion=SUGGESTION)
    [case] = feedback.export_cases()
    assert {"id", "lang", "branch", "now", "ticket", "expected", "nothing_fits"} <= set(case)
    assert case["ticket"] == TICKET and case["needs_label"] is False and case["nothing_fits"] is False
    assert case["expected"]["checklist"] == "Emissão de notas / Rejeição (correção)"
    assert case["expected"]["next_step"] == {"contains": ["Inserir anotação interna com a macro do checklist"],
                                             "section": "Bloco 2 - Checklists"}
    assert case["expected"]["template"] == "Rejeição - aguardando dados"  # not voted: pre-filled, flagged
    assert case["unconfirmed"] == ["template", "articles"]
    [quote] = case["expected"]["articles"]
    assert len(quote) <= 90 and quote.startswith("Rejeição de nota pela prefeitura: conferir o código")


def test_a_thumbs_down_leaves_the_part_unlabelled_and_flags_the_case(feedback):
    feedback.record(space="enotas", target="reply_template", vote="down", ticket=TICKET, suggestion=SUGGESTION,
                    comment="o cliente não pediu prazo")
    [case] = feedback.export_cases(space="enotas")
    assert case["needs_label"] is True and case["expected"]["template"] is None
    assert case["feedback"][0]["suggested"]["title"] == "Rejeição - aguardando dados"
    assert case["feedback"][0]["comment"] == "o cliente não pediu prazo"


def test_a_vote_on_one_article_sent_alone_is_enough_to_label_it(feedback):
    article = SUGGESTION["articles"][0]
    feedback.record(space="enotas", target="article", vote="up", ticket=TICKET, suggestion=article,
                    item_id=article["doc_id"])
    [case] = feedback.export_cases()
    assert case["expected"]["checklist"] is None and len(case["expected"]["articles"]) == 1


def test_export_keeps_spaces_apart_and_skips_draft_findings(feedback):
    feedback.record(space="enotas", target="checklist", vote="up", ticket=TICKET, suggestion=SUGGESTION)
    feedback.record(space="voalle", target="checklist", vote="down", ticket={"space": "voalle", "id": "77"})
    feedback.record(space="enotas", target="finding", vote="down", ticket=TICKET,
                    suggestion={"rule": "gerund", "text": "vou estar verificando"})
    assert [c["ticket"]["space"] for c in feedback.export_cases()] == ["enotas", "voalle"]
    assert [c["ticket"]["id"] for c in feedback.export_cases(space="voalle")] == ["77"]
    assert all("finding" not in str(c["feedback"]) for c in feedback.export_cases())
