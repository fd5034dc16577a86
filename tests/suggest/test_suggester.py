"""The whole suggestion for a ticket, on a tiny space, with a deterministic embedder.

The hashing embedder is weak on meaning: these specs check the mechanics
(what is chosen, from where, and when nothing is) — the real model's quality
is measured by ``copilot eval tickets``.
"""

from __future__ import annotations

import pytest

from copilot.errors import UnknownSpace
from copilot.kb.catalog import Catalog
from copilot.settings import Settings
from copilot.suggest import Suggester, SuggestResult
from copilot.ticket import Ticket
from tests.suggest.conftest import NOW, ListRetriever
from tests.suggest.tiny_kb import CHUNKS, write_tiny_kb

CONTRACT_FIELDS = {"space", "checklist", "reply_template", "next_step", "articles", "sla", "timings_ms"}


@pytest.fixture
def suggester(tmp_path, embedder):
    kb = write_tiny_kb(tmp_path)
    retriever = ListRetriever(CHUNKS)
    return Suggester(Catalog(kb), retriever, embedder, Settings(kb_dir=kb, data_dir=tmp_path / "d"))


def late(**extra) -> Ticket:
    return Ticket(space="acme", subject="meu pedido não chegou ainda", description="a entrega está atrasada faz uma semana",
                  requester={"name": "Joana Lima"}, assignee={"name": "Caio"}, **extra)


def test_a_late_delivery_gets_the_checklist_template_step_and_passages(suggester):
    result = suggester.suggest(late(), NOW)
    assert isinstance(result, SuggestResult) and CONTRACT_FIELDS <= set(result.model_dump())
    assert result.checklist.title == "Entrega atrasada" and result.checklist.body.startswith("Checklist - Entrega atrasada")
    assert "solicitar ao cliente" in result.next_step.text and not result.next_step.fallback
    assert result.next_step.source.section == "Atendimento › Bloco 1 - Triagem"
    assert result.reply_template.filled_body.startswith("Olá Joana, recebemos o seu pedido sobre meu pedido não chegou ainda")
    assert 0 < len(result.articles) <= 5 and result.articles[0].excerpt.startswith("Verificar se o cliente informou")
    assert result.timings_ms["total"] > 0


def test_per_request_only_one_retrieval_in_the_tickets_space(suggester):
    suggester.suggest(late(), NOW)
    assert len(suggester.retriever.calls) == 1 and suggester.retriever.calls[0][1] == "acme"


def test_nothing_from_another_space_reaches_the_answer(suggester):
    result = suggester.suggest(late(), NOW)
    assert all(a.doc_id.startswith("acme") for a in result.articles)


def test_once_the_order_number_is_given_the_next_condition_decides(suggester):
    result = suggester.suggest(late(fields={"numero_do_pedido": "#48213"}), NOW)
    assert "transportadora" in result.next_step.text and result.next_step.matched[0]["fact"] == "delivery_late"


def test_with_no_condition_deciding_the_step_comes_from_retrieval_and_says_so(suggester):
    result = suggester.suggest(Ticket(space="acme", subject="pedido #48213 veio com defeito de fábrica",
                                      description="o liquidificador chegou quebrado"), NOW)
    assert result.next_step.fallback and result.next_step.score < 0.5
    assert result.checklist.title == "Produto com defeito"


def test_an_off_topic_ticket_gets_nothing(suggester):
    result = suggester.suggest(Ticket(space="acme", subject="Feliz natal", description="feliz natal a toda a equipe"), NOW)
    assert (result.checklist, result.reply_template, result.next_step, result.articles) == (None, None, None, [])


def test_calibrated_scores_rank_the_right_checklist_above_the_other(suggester, embedder):
    index = suggester.knowledge("acme").checklists
    fits = index.rank(embedder.embed_query("a entrega está atrasada e o pedido não chegou"))
    assert fits[0].id == "acme-entrega" and fits[0].score > fits[1].score


def test_an_unknown_space_is_an_error(suggester):
    with pytest.raises(UnknownSpace):
        suggester.suggest(Ticket(space="nada", subject="x"), NOW)
