"""POST /api/v1/suggest: the contract's answer, helpdesk formats, size limit, errors."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from copilot.kb.catalog import Catalog
from copilot.settings import Settings
from copilot.suggest import Suggester
from tests.suggest.conftest import ListRetriever
from tests.suggest.tiny_kb import CHUNKS, write_tiny_kb
from web.errors import install_error_handlers
from web.routes.suggest import router

TOKEN = "token-de-teste"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(tmp_path, embedder):
    kb = write_tiny_kb(tmp_path)
    settings = Settings(kb_dir=kb, data_dir=tmp_path / "data", token=TOKEN)
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(router)
    app.state.settings = settings
    app.state.startup_error = None
    suggester = Suggester(Catalog(kb), ListRetriever(CHUNKS), embedder, settings)
    app.state.runtime = SimpleNamespace(settings=settings, suggester=suggester)
    return TestClient(app)


TICKET = {"space": "acme", "subject": "meu pedido não chegou ainda", "description": "a entrega está atrasada",
          "requester": {"name": "Joana Lima"}}


def test_a_contract_ticket_gets_the_contract_answer(client):
    response = client.post("/api/v1/suggest", json=TICKET, headers=AUTH)
    assert response.status_code == 200
    body = response.json()
    assert {"space", "checklist", "reply_template", "next_step", "articles", "sla", "timings_ms"} <= set(body)
    assert body["checklist"]["title"] == "Entrega atrasada" and "total" in body["timings_ms"]
    assert set(body["next_step"]) >= {"text", "procedure", "step", "score", "source"}


def test_a_helpdesk_ticket_is_mapped_first(client):
    zendesk = {"ticket": {"id": 1, "subject": "meu pedido não chegou", "description": "entrega atrasada", "status": "new"}}
    response = client.post("/api/v1/suggest?format=zendesk&space=acme", json=zendesk, headers=AUTH)
    assert response.status_code == 200 and response.json()["space"] == "acme"


def test_an_unknown_space_is_404_in_the_contract_shape(client):
    response = client.post("/api/v1/suggest", json={**TICKET, "space": "inexistente"}, headers=AUTH)
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_space"


def test_a_body_over_256_kb_is_413(client):
    big = {**TICKET, "description": "x" * (257 * 1024)}
    response = client.post("/api/v1/suggest", content=json.dumps(big), headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "payload_too_large"
    assert "256 KB" in response.json()["error"]["message"]


def test_bad_json_missing_text_and_no_token(client):
    assert client.post("/api/v1/suggest", content=b"{", headers={**AUTH, "Content-Type": "application/json"}).status_code == 422
    missing = client.post("/api/v1/suggest", json={"space": "acme"}, headers=AUTH)
    assert missing.status_code == 422 and "subject" in missing.json()["error"]["message"]
    assert client.post("/api/v1/suggest", json=TICKET).status_code == 401


def test_the_openapi_schema_shows_the_ticket_body(client):
    schema = client.get("/openapi.json").json()
    body = schema["paths"]["/api/v1/suggest"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "space" in body["properties"] and "$ref" not in json.dumps(body)
