"""Zendesk, Movidesk and Odoo Helpdesk tickets map into the contract's Ticket."""

from __future__ import annotations

import json

import pytest

from copilot.errors import InvalidInput, UnsupportedFormat
from copilot.settings import PROJECT_ROOT
from copilot.ticket_formats import parse_ticket

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "tickets"


def load(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def test_zendesk_ticket_with_side_loads():
    ticket = parse_ticket(load("zendesk"), "zendesk")
    assert (ticket.space, ticket.id, ticket.status, ticket.priority, ticket.type, ticket.channel) == (
        "totvs", "18422931", "aberto", "alta", "incidente", "web")
    assert ticket.requester.name == "Carla Menezes" and ticket.requester.organization == "Metalúrgica Sul Ltda"
    assert ticket.assignee.name == "Rafael Antunes"
    assert ticket.fields == {"Release": "Protheus 12.1.2310", "Tipo da Solicitação": "suporte_tecnico"}
    authors = [(c.author, c.public) for c in ticket.comments]
    assert authors == [("agent", True), ("agent", False), ("customer", True), ("system", False)]  # description not repeated
    assert ticket.comments[2].body == "A TES é a 501."  # html_body, inline tags kept in the line


def test_movidesk_ticket_actions_become_description_notes_and_replies():
    ticket = parse_ticket(load("movidesk"), "movidesk")
    assert ticket.space == "enotas" and ticket.priority == "Alta" and ticket.channel == "email"
    assert ticket.description.startswith("Todas as notas dessa semana")
    assert ticket.requester.organization == "Lemos Odontologia" and ticket.assignee.name == "Diego Martins"
    assert ticket.fields == {"Situação no Embed": "Bloqueado", "Fase do cliente": "Pós-onboarding"}
    assert [(c.author, c.public) for c in ticket.comments] == [("system", False), ("agent", False)]
    assert ticket.created_at == "2026-11-23T17:20:00-03:00"


def test_odoo_ticket_with_messages_and_studio_fields():
    ticket = parse_ticket(load("odoo"), "odoo")
    assert (ticket.subject, ticket.status, ticket.priority, ticket.type) == (
        "Quero emitir nota em Campinas", "Novo", "alta", "Solicitação Contábil – Nova prefeitura")
    assert ticket.description.startswith("Olá! Vou começar a atender clientes em Campinas")
    assert ticket.fields == {"roteado_em": "2026-11-24T08:40:00-03:00", "nivel": "N1"}
    assert ticket.tags == ["contabil", "prefeitura"] and ticket.assignee.name == "Juliana Prates"
    assert [(c.author, c.public) for c in ticket.comments] == [("system", False), ("agent", False)]
    assert ticket.created_at == "2026-11-24T11:30:00+00:00"


def test_the_space_parameter_wins_and_the_contract_passes_through():
    ticket = parse_ticket({"subject": "x", "space": "a"}, "contract", space="b")
    assert ticket.space == "b"


def test_bad_input_is_a_pt_br_error():
    with pytest.raises(UnsupportedFormat, match="Formato de ticket desconhecido"):
        parse_ticket({}, "freshdesk")
    with pytest.raises(InvalidInput, match="precisa de 'subject' ou 'description'"):
        parse_ticket({"space": "enotas"}, "contract")
    with pytest.raises(InvalidInput, match="Ticket inválido \\(space\\)"):
        parse_ticket({"subject": "x"}, "zendesk")
