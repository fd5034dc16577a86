"""The side panel over HTTP: shell or full render, fragments, auth, errors in pt-BR, feedback, demo."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from copilot.settings import Settings
from copilot.storage import FeedbackStore, open_database
from copilot.storage.panel_tokens import sign_panel_token
from tests.web.panel_fakes import TICKET, FixedChecker, fake_runtime_factory, make_kb, panel_app

TOKEN = "token-de-teste-analista"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
HELPDESK = "https://acme.zendesk.com"


@pytest.fixture
def settings(tmp_path):
    return Settings(kb_dir=make_kb(tmp_path), data_dir=tmp_path / "data", token=TOKEN,
                    allowed_frame_origins=[HELPDESK])


@pytest.fixture
def app(settings):
    return panel_app(settings, fake_runtime_factory())


@pytest.fixture
def client(app):
    return TestClient(app)


def textarea(page, selector) -> str:
    """A textarea's value as a browser reads it (the newline right after the tag is not content)."""
    text = page.select_one(selector).text
    return text[1:] if text.startswith("\n") else text


def error_of(response) -> str:
    return BeautifulSoup(response.text, "lxml").select_one(".error").text


def suggester(app):
    return app.state.runtime.suggester


def part(client, name, ticket=TICKET, headers=AUTH):
    return client.post(f"/panel/parts/{name}", data={"ticket": json.dumps(ticket)}, headers=headers)


def test_a_browser_without_a_token_gets_the_shell_and_nothing_is_computed(client, app):
    response = client.get("/panel", params={"space": "acme", "subject": "App fecha ao emitir nota", "id": "7"})
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "lxml")
    assert json.loads(page.select_one("#ticket-json")["value"]) == {
        "space": "acme", "id": "7", "subject": "App fecha ao emitir nota", "fields": {}, "tags": [], "comments": []}
    assert page.body["data-loaded"] == "false" and page.body["data-allowed-origins"] == HELPDESK
    assert {p["hx-post"] for p in page.select(".part-body")} == {
        f"/panel/parts/{name}" for name in ("sla", "next-step", "checklist", "reply", "articles")}
    assert suggester(app).calls == []


def test_the_panel_may_be_framed_only_by_the_configured_helpdesk(client):
    headers = client.get("/panel").headers
    assert f"frame-ancestors 'self' {HELPDESK}" in headers["content-security-policy"]
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "x-frame-options" not in headers


def test_pages_carry_no_inline_script_style_or_handler(client):
    for html in (client.get("/panel", params={"space": "acme", "subject": "x"}, headers=AUTH).text,
                 client.get("/demo").text):
        page = BeautifulSoup(html, "lxml")
        assert all(s.get("src") or s.get("type") == "application/json" for s in page.find_all("script"))
        assert not page.find_all("style")
        assert not [t for t in page.find_all(True) if "style" in t.attrs or any(a.startswith("on") for a in t.attrs)]


def test_with_a_bearer_header_the_whole_panel_is_rendered_from_one_suggestion(client, app):
    response = client.get("/panel", params={"space": "acme", "subject": "App fecha ao emitir nota"}, headers=AUTH)
    page = BeautifulSoup(response.text, "lxml")
    assert page.body["data-loaded"] == "true"
    assert page.select_one("#part-checklist .item-title").text == "Falha no sistema"
    assert "Pendente Financeiro" in page.select_one("#part-next-step .step-text").text
    assert "Verificar se o cliente está ativo no painel" in page.select_one("#part-next-step details blockquote").text
    assert textarea(page, "#reply-text").startswith("Olá [nome cliente]")
    assert "falta 1 h 15 min" not in response.text and "vencido há 1 h 15 min úteis" in response.text
    assert len(suggester(app).calls) == 1


def test_post_panel_takes_a_ticket_as_json(client, app):
    full = client.post("/panel", json=TICKET, headers=AUTH)
    assert full.status_code == 200 and "Olá Maria" in full.text
    shell = client.post("/panel", json=TICKET)
    assert shell.status_code == 200 and len(suggester(app).calls) == 1
    assert json.loads(BeautifulSoup(shell.text, "lxml").select_one("#ticket-json")["value"])["id"] == "48213"
    bad = client.post("/panel", json={"space": "acme"}, headers=AUTH)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_input"


def test_ticket_text_is_escaped_everywhere(client):
    hostile = {**TICKET, "subject": "<img src=x onerror=alert(1)>", "id": '"><script>alert(2)</script>'}
    for response in (client.post("/panel", json=hostile, headers=AUTH), client.post("/panel", json=hostile)):
        page = BeautifulSoup(response.text, "lxml")
        assert not page.find("img") and all(s.get("src") for s in page.find_all("script"))
        assert "<img src=x onerror=alert(1)>" in page.select_one("#ticket-title").text


def test_the_five_parts_share_one_suggestion(client, app):
    for name in ("sla", "next-step", "checklist", "reply", "articles"):
        assert part(client, name).status_code == 200
    assert len(suggester(app).calls) == 1


def test_parts_without_a_token_say_so_in_portuguese(client):
    response = part(client, "checklist", headers={})
    assert response.status_code == 401
    assert "não recebeu um token" in error_of(response)
    wrong = part(client, "checklist", headers={"Authorization": "Bearer outro"})
    assert wrong.status_code == 401 and "Token inválido ou revogado." in wrong.text


def test_a_panel_token_for_another_space_is_refused(client, settings):
    token = sign_panel_token(settings, ["outro"], ttl_seconds=60)
    response = part(client, "reply", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403 and "não dá acesso ao espaço 'acme'" in error_of(response)
    assert "Olá" not in response.text


def test_part_errors_are_readable_sentences_never_tracebacks(client, app):
    unknown = part(client, "sla", ticket={**TICKET, "space": "nenhum"})
    assert unknown.status_code == 404 and error_of(unknown) == "Espaço desconhecido: 'nenhum'."
    invalid = client.post("/panel/parts/sla", data={"ticket": "{não é json"}, headers=AUTH)
    assert invalid.status_code == 422 and "não é um JSON válido" in invalid.text

    def broken(ticket, now=None):
        raise RuntimeError("segredo interno")

    app.state.runtime.suggester.suggest = broken
    crash = part(client, "articles")
    assert crash.status_code == 500 and "tente de novo" in crash.text
    assert "segredo" not in crash.text and "Traceback" not in crash.text


def test_parts_say_the_copilot_is_still_loading(client, app):
    app.state.runtime = None
    response = part(client, "next-step")
    assert response.status_code == 503 and "ainda está carregando" in response.text


def test_the_draft_check_highlights_in_browser_offsets(client):
    draft = "Oi 😀! Vou estar verificando e retorno até amanhã."
    response = client.post("/panel/check", data={"draft": draft, "space": "acme", "ticket": json.dumps(TICKET)},
                           headers=AUTH)
    page = BeautifulSoup(response.text, "lxml")
    assert [m.text for m in page.select(".mirror mark")] == ["Vou estar verificando", "até amanhã"]
    fix = page.select_one("button.apply-fix")
    assert (fix["data-start"], fix["data-end"], fix["data-suggestion"]) == ("7", "28", "Vou verificar")
    everything = page.select_one("button.apply-all")
    assert everything["data-draft"] == draft and everything["data-fixed"] == draft.replace("Vou estar verificando", "Vou verificar")
    assert len(page.select("li.finding")) == 2 and len(page.select("button.apply-fix")) == 1


def test_the_draft_check_limits_and_empty_drafts(client):
    empty = client.post("/panel/check", data={"draft": "  ", "space": "acme"}, headers=AUTH)
    assert empty.status_code == 200 and "aparecem aqui" in empty.text
    long = client.post("/panel/check", data={"draft": "a" * 20_001, "space": "acme"}, headers=AUTH)
    assert long.status_code == 422 and "20.000 caracteres" in long.text
    nowhere = client.post("/panel/check", data={"draft": "Olá"}, headers=AUTH)
    assert nowhere.status_code == 422 and "Abra um ticket" in nowhere.text


def test_ticked_checklist_becomes_the_internal_note(client):
    response = client.post("/panel/checklist/note", headers=AUTH, data={
        "space": "acme", "checklist_id": "acme-checklist-falha", "q:falha-refere-se": "Apps",
        "q:dados-acesso": "Não", "analysis": "Card aberto no desenvolvimento."})
    note = textarea(BeautifulSoup(response.text, "lxml"), "#checklist-note-text")
    assert note == ("Checklist - Falha no sistema\nA falha refere-se a:\n(X) Apps ( ) Painel Emissor ( ) Integração API\n"
                    "Cliente passou dados de acesso?\n( ) Sim (X) Não ( ) Não se aplica\n"
                    "Descrição da análise realizada:\nCard aberto no desenvolvimento.")
    gone = client.post("/panel/checklist/note", headers=AUTH, data={"space": "acme", "checklist_id": "sumiu"})
    assert gone.status_code == 422 and "recarregue o painel" in gone.text


def test_a_vote_is_stored_with_the_ticket_and_what_the_copilot_said(client, settings):
    response = client.post("/panel/feedback", headers=AUTH, data={
        "space": "acme", "target": "checklist", "item_id": "acme-checklist-falha", "vote": "down",
        "ticket": json.dumps(TICKET)})
    assert response.status_code == 200 and "Avaliação registrada" in response.text
    [record] = FeedbackStore(open_database(settings)).list(space="acme")
    assert (record.target, record.vote, record.ticket_id) == ("checklist", "down", "48213")
    assert record.suggestion["title"] == "Falha no sistema" and record.ticket["subject"] == TICKET["subject"]
    bad = client.post("/panel/feedback", headers=AUTH, data={
        "space": "acme", "target": "checklist", "vote": "talvez", "ticket": json.dumps(TICKET)})
    assert bad.status_code == 422 and "Voto desconhecido" in bad.text


def test_demo_hands_out_a_panel_token_only_on_loopback(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")  # the project's kb/
    app = panel_app(settings, fake_runtime_factory(FixedChecker()))
    local = TestClient(app, base_url="http://127.0.0.1:8000", client=("127.0.0.1", 50000)).get("/demo")
    page = BeautifulSoup(local.text, "lxml")
    samples = json.loads(page.select_one("#demo-tickets").string)
    assert sorted(s["ticket"]["space"] for s in samples) == sorted(app.state.runtime.catalog.space_ids())
    assert page.body["data-panel-token"].startswith("pt.") and page.select_one("iframe")["src"] == "/panel"
    proxied = TestClient(app, base_url="https://copilot.example.com", client=("127.0.0.1", 50000)).get("/demo")
    assert BeautifulSoup(proxied.text, "lxml").body["data-panel-token"] == ""
