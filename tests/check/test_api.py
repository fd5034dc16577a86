"""``POST /api/v1/check`` per the contract: findings, fixed draft, timings; errors as JSON."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from copilot.settings import Settings
from tests.check.conftest import REPO
from web.errors import install_error_handlers
from web.routes.check import INLINE_DRAFT_CHARS, router

TOKEN = "token-de-teste"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def client(checker, tmp_path_factory):
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(router)
    app.state.settings = Settings(token=TOKEN, kb_dir=REPO / "kb", data_dir=tmp_path_factory.mktemp("data"))
    app.state.runtime = SimpleNamespace(checker=checker)
    app.state.startup_error = None
    return TestClient(app)


def test_a_draft_gets_findings_fixed_draft_and_timings(client):
    response = client.post("/api/v1/check", headers=AUTH,
                           json={"draft": "Olá! Vou estar verificando o problema.", "space": "info"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["findings"][0] | {"source": None, "message": None} == {
        "rule": "gerund", "severity": "error", "start": 5, "end": 26, "text": "Vou estar verificando",
        "message": None, "suggestion": "Vou verificar", "source": None, "safe": True, "rule_title": "Gerúndio",
        "passage": body["findings"][0]["passage"]}
    assert body["findings"][0]["source"]["doc_id"] == "info-atendimento-padrao"
    assert body["fixed_draft"] == "Olá! Vou verificar o problema."
    assert body["timings_ms"]["total"] >= 0


def test_a_long_draft_gets_the_same_findings_as_a_short_one_at_the_right_offsets(client):
    """Reply-sized drafts are checked on the event loop, long ones on a worker thread: same answer."""
    short = "Olá! Vou estar verificando o problema."
    padding = "Conferimos o cadastro da empresa e a alíquota do ISS informada na nota. " * 40
    assert len(padding + short) > INLINE_DRAFT_CHARS
    alone = client.post("/api/v1/check", headers=AUTH, json={"draft": short, "space": "info"}).json()
    long = client.post("/api/v1/check", headers=AUTH, json={"draft": padding + short, "space": "info"}).json()
    moved = [f | {"start": f["start"] + len(padding), "end": f["end"] + len(padding)} for f in alone["findings"]]
    assert [f for f in long["findings"] if f["start"] >= len(padding)] == moved
    assert long["fixed_draft"].endswith(alone["fixed_draft"])


def test_the_space_may_come_from_the_ticket(client):
    ticket = {"space": "totvs", "subject": "Erro no SPED", "requester": {"email": "rita@transvale.com.br"}}
    response = client.post("/api/v1/check", headers=AUTH,
                           json={"draft": "Por favor, informe o seu e-mail.", "ticket": ticket})
    assert response.status_code == 200, response.text
    assert [f["rule"] for f in response.json()["findings"]] == ["redundant-request"]


def test_a_space_that_differs_from_the_tickets_is_422(client):
    response = client.post("/api/v1/check", headers=AUTH,
                           json={"draft": "Olá.", "space": "info", "ticket": {"space": "totvs", "subject": "x"}})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"
    assert "difere do espaço do ticket" in response.json()["error"]["message"]


def test_an_unknown_space_is_404(client):
    response = client.post("/api/v1/check", headers=AUTH, json={"draft": "Olá.", "space": "marte"})
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "unknown_space", "message": "Espaço desconhecido: 'marte'."}}


def test_a_draft_over_20000_characters_is_413(client):
    response = client.post("/api/v1/check", headers=AUTH, json={"draft": "a" * 20_001, "space": "info"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert "20000" in response.json()["error"]["message"]


def test_without_a_token_it_is_401(client):
    response = client.post("/api/v1/check", json={"draft": "Olá.", "space": "info"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_a_missing_draft_is_422_in_portuguese(client):
    response = client.post("/api/v1/check", headers=AUTH, json={"space": "info"})
    assert response.status_code == 422
    assert "draft: campo obrigatório" in response.json()["error"]["message"]


def test_the_openapi_schema_shows_the_check_result(client):
    schema = client.get("/openapi.json").json()
    answer = schema["paths"]["/api/v1/check"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer["$ref"].endswith("/CheckResult")
    finding = schema["components"]["schemas"]["Finding"]["properties"]
    assert {"rule", "severity", "start", "end", "text", "message", "suggestion", "source"} <= set(finding)
