"""The optional language model: its text is shown only after the draft checker passes it."""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from copilot.check import DraftChecker
from copilot.kb.documents import Chunk
from copilot.prompts import load_prompt, render, slots
from copilot.retrieval.base import Hit
from copilot.settings import Settings
from copilot.suggest import Suggester
from copilot.suggest.generation import Generator
from copilot.ticket import Ticket
from tests.suggest.conftest import NOW, ListRetriever

TICKET = Ticket(space="totvs", subject="Erro ao gerar borderô - FINA240", status="novo",
                description="Ao gerar o borderô aparece 'Banco não cadastrado' para o banco 341.",
                requester={"name": "Adriana Souza"}, assignee={"name": "Rafael Monteiro"})
OWN = Chunk("totvs", "totvs-processo-boas-praticas", "Boas Práticas", "pop", "2 - Interação", "Ler a descrição inicial.", 0)
FOREIGN = Chunk("enotas", "enotas-pop", "POP eNotas", "pop", "Bloco 1", "SEGREDO-DE-OUTRO-ESPACO", 0)


class RecordingChat(FakeListChatModel):
    """LangChain's fake chat model, remembering the prompts it was sent."""

    prompts: list = []

    def invoke(self, input, config=None, **kwargs):
        self.prompts.append(str(input))
        return super().invoke(input, config, **kwargs)


def test_prompts_are_pt_br_templates_with_named_slots():
    assert "Entendi que seu incidente é" in load_prompt("summarize_problem")
    assert slots("polish_reply") == {"space", "passages", "reply"}
    assert "gerúndio" in render("polish_reply", space="totvs", passages="-", reply="Olá")


def test_a_clean_summary_passes_and_only_the_tickets_space_reaches_the_prompt(catalog):
    chat = RecordingChat(responses=["o borderô não reconhece o banco 341 cadastrado"], prompts=[])
    generator = Generator(chat, DraftChecker(catalog))
    summary = generator.summarize(TICKET, [Hit(OWN, 1.0), Hit(FOREIGN, 0.9)])
    assert summary == "o borderô não reconhece o banco 341 cadastrado"
    assert "Ler a descrição inicial." in chat.prompts[0] and "SEGREDO-DE-OUTRO-ESPACO" not in chat.prompts[0]


def test_generated_text_with_gerundism_is_dropped(catalog):
    generator = Generator(FakeListChatModel(responses=["vou estar verificando o cadastro do banco"]), DraftChecker(catalog))
    assert generator.summarize(TICKET, []) is None


def test_without_a_checker_nothing_generated_is_shown():
    assert Generator(FakeListChatModel(responses=["o banco 341 não é reconhecido"]), None).summarize(TICKET, []) is None


def test_a_polish_that_drops_a_placeholder_is_refused(catalog):
    generator = Generator(FakeListChatModel(responses=["Olá Adriana, envie os dados."]), DraftChecker(catalog))
    assert generator.polish("Olá Adriana, envie [dados].", TICKET, []) is None


def test_the_suggester_falls_back_to_the_deterministic_fill_when_the_model_writes_a_gerund(catalog, embedder, tmp_path):
    chat = FakeListChatModel(responses=["vamos estar analisando o borderô", "Estarei passando para o time."])
    suggester = Suggester(catalog, ListRetriever([OWN]), embedder, Settings(data_dir=tmp_path), llm=chat,
                          checker=DraftChecker(catalog))
    template = suggester._template(suggester.knowledge("totvs"), embedder.embed_query(TICKET.text), None, TICKET,
                                   *_view_reader(suggester, TICKET), [], True)
    assert template is not None and not template.generated
    assert "Entendi que seu incidente é erro ao gerar borderô - FINA240" in template.filled_body
    assert "analisando" not in template.filled_body and "passando" not in template.filled_body


def _view_reader(suggester, ticket):
    from copilot.suggest.fact_reader import FactReader
    from copilot.suggest.ticket_view import TicketView

    view = TicketView.of(ticket)
    return view, FactReader(suggester.knowledge(ticket.space).book.facts, view, NOW)
