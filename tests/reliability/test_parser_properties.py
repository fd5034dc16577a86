"""Every reader of free text, fed anything: an answer or a domain error in
pt-BR (``CopilotError``), never a crash. Covers what the stage specs do not
yet: helpdesk ticket mapping, the panel's ticket JSON, the suggestion's text
helpers and fact reader, and every loader with arbitrary bytes."""

from __future__ import annotations

import json
import string
import unicodedata
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from copilot.errors import CopilotError
from copilot.kb.catalog import Catalog
from copilot.kb.documents import Document
from copilot.kb.loaders import SUPPORTED_SUFFIXES, load_bytes
from copilot.retrieval.embedders import HashingEmbedder
from copilot.settings import PROJECT_ROOT
from copilot.suggest.fact_reader import FactReader, FactValue
from copilot.suggest.knowledge import load_knowledge
from copilot.suggest.text import compact, contains_text, fold, sentences, stems, words
from copilot.suggest.ticket_view import TicketView, parse_time
from copilot.ticket import Ticket
from copilot.ticket_formats import FORMATS, parse_ticket
from web.routes import panel_view

SPACES = ("enotas", "r3izzy", "totvs", "info", "voalle")
NOW = datetime(2026, 11, 24, 13, 0, tzinfo=timezone.utc)

# Names the helpdesk mappers look for, so random payloads reach their branches.
KEYS = st.sampled_from([
    "space", "id", "subject", "raw_subject", "description", "status", "baseStatus", "priority", "urgency", "type",
    "category", "channel", "origin", "via", "ticket", "users", "organizations", "organization_id", "ticket_fields",
    "requester", "requester_id", "assignee", "assignee_id", "custom_fields", "fields", "customFields",
    "customFieldValues", "customFieldName", "customFieldId", "customFieldItem", "items", "value", "name", "title",
    "comment", "comments", "body", "plain_body", "html_body", "public", "author", "author_id", "role", "actions",
    "createdDate", "lastUpdate", "createdBy", "profileType", "htmlDescription", "clients", "businessName",
    "personType", "owner", "email", "tags", "created_at", "updated_at", "partner_id", "partner_name", "user_id",
    "stage_id", "team_id", "ticket_type_id", "message_ids", "x_cliente_bloqueado", "date", "id_str",
]) | st.text(max_size=12)
SCALARS = (st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False)
           | st.text(max_size=40) | st.sampled_from(["2026-11-20T10:00:00-03:00", "20/11/2026 08:00", "2026-13-45",
                                                    "<p>Nota <b>rejeitada</b></p>", "enotas", "new", "open", "2"]))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6),
                    max_leaves=30)
PAYLOADS = st.dictionaries(KEYS, JSON, max_size=10)
PIECES = st.sampled_from(list("aeiouáéíóúãõçAEIOUÇ-_/:.,;!?\n\t0123456789 ") + [
    " não ", " até amanhã", "Nota", "NFS-e", " Ligar ", "cliente bloqueado", "23/11/2026", " 14h30 ", "e-mail",
    "CNPJ 12.345.678/0001-90", "<b>", "</b>", "ﬁ", "ǅ", "İ", "ß", "\u0301", "\u200b", "🙂"])
FREE_TEXT = st.text(st.characters(codec="utf-8"), max_size=300) | st.lists(PIECES, max_size=60).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


TEXT_FIELDS = ("subject", "description", "name", "raw_subject")


@SETTINGS
@given(payload=PAYLOADS | st.builds(lambda p, texts: {**p, **texts}, PAYLOADS,  # half of them carry some text
                                    st.dictionaries(st.sampled_from(TEXT_FIELDS), FREE_TEXT, min_size=1)),
       format=st.sampled_from(FORMATS), space=st.sampled_from((*SPACES, None)))
def test_any_helpdesk_payload_maps_to_a_ticket_or_a_pt_br_error(payload, format, space):
    try:
        ticket = parse_ticket(payload, format, space)
    except CopilotError as error:
        event("recusado")
        assert error.message and error.http_status in (400, 415, 422)
        return
    event("ticket")
    assert isinstance(ticket, Ticket) and ticket.space
    assert isinstance(ticket.text, str)


@SETTINGS
@given(raw=FREE_TEXT | PAYLOADS.map(json.dumps) | st.builds(lambda p, s: json.dumps({**p, "space": s}), PAYLOADS,
                                                               st.sampled_from(SPACES)))
def test_any_ticket_json_in_the_panel_gives_a_ticket_or_a_pt_br_error(raw):
    try:
        ticket = panel_view.parse_ticket(raw)
    except CopilotError as error:
        assert error.message
        return
    assert isinstance(ticket, Ticket)


@SETTINGS
@given(text=FREE_TEXT, needle=FREE_TEXT)
def test_the_text_helpers_accept_any_text(text, needle):
    folded = fold(text)
    assert folded == folded.strip() and "  " not in folded
    assert not any(unicodedata.combining(c) for c in folded)
    assert words(text) == (folded.split() if folded else [])
    assert len(stems(text)) == len(words(text))
    assert all(s and s == s.strip() for s in sentences(text))
    assert "  " not in compact(text) and compact(text) == compact(text).strip()
    assert contains_text(text, text) == bool(folded)
    assert isinstance(contains_text(text, needle), bool)


@SETTINGS
@given(value=FREE_TEXT | st.sampled_from(["23/11/2026 08:00", "31/02/2026", "2026-11-24T10:00:00Z", "29/02/2025 25:61",
                                          "2026-11-24", "24/11/2026 às 14h30"]) | SCALARS)
def test_any_date_text_is_an_aware_moment_or_nothing(value):
    moment = parse_time(value)
    assert moment is None or moment.tzinfo is not None


@pytest.fixture(scope="module")
def books():
    """Each real space's declared facts (procedures.yaml), read with the hashing embedder."""
    catalog, embedder = Catalog(PROJECT_ROOT / "kb"), HashingEmbedder()
    return {space: load_knowledge(catalog, space, embedder).book for space in SPACES}


COMMENTS = st.lists(st.fixed_dictionaries({
    "author": st.sampled_from(["customer", "agent", "system"]), "public": st.booleans(), "body": FREE_TEXT,
    "created_at": st.none() | st.sampled_from(["2026-11-20T10:00:00-03:00", "21/11/2026 09:30", "ontem", ""])}),
    max_size=4)
TICKETS = st.fixed_dictionaries({
    "space": st.sampled_from(SPACES), "subject": FREE_TEXT, "description": FREE_TEXT,
    "status": st.none() | st.text(max_size=15), "priority": st.none() | st.text(max_size=15),
    "fields": st.dictionaries(st.text(max_size=25) | st.sampled_from(["cliente_bloqueado", "Situação no Embed",
                                                                       "data_acordo_entrega", "tipo"]),
                              SCALARS, max_size=5),
    "tags": st.lists(st.text(max_size=20), max_size=4), "comments": COMMENTS,
    "created_at": st.none() | st.sampled_from(["2026-11-20T09:00:00-03:00", "lixo"])})


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=TICKETS)
def test_every_declared_fact_reads_from_any_ticket(books, data):
    try:
        ticket = Ticket.model_validate(data)
    except ValueError:
        event("recusado pelo contrato")
        return  # the contract refuses it before any reader sees it
    event("lido")
    book = books[ticket.space]
    reader = FactReader(book.facts, TicketView.of(ticket), NOW)
    for name in book.facts:
        assert isinstance(reader.read(name), FactValue)


MAGIC = {".docx": b"PK\x03\x04", ".pdf": b"%PDF-1.4\n", ".html": b"<html><body>", ".htm": b"<p>",
         ".md": b"---\nid: x\n---\n# ", ".markdown": b"# ", ".txt": b""}


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(suffix=st.sampled_from(SUPPORTED_SUFFIXES), magic=st.booleans(), data=st.binary(max_size=2000))
def test_any_bytes_under_any_supported_name_load_or_give_a_pt_br_error(suffix, magic, data):
    name = "upload" + suffix
    try:
        document = load_bytes(name, (MAGIC[suffix] if magic else b"") + data, space="enotas")
    except CopilotError as error:
        event(f"{suffix}: recusado")
        assert name in error.message
        return
    event(f"{suffix}: documento")
    assert isinstance(document, Document) and document.space == "enotas"
    assert set(document.id) <= set(string.ascii_lowercase + string.digits + "-_")
