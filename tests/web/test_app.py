"""The HTTP edge: health, auth and the contract's error shape, in pt-BR and English."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from copilot.errors import IndexUnavailable
from copilot.kb.catalog import Catalog
from copilot.kb.documents import Chunk
from copilot.retrieval.base import Hit
from copilot.settings import Settings
from web.app import create_app

TOKEN = "token-de-teste-analista"


class FakeRetriever:
    def search(self, query, space, k=5, kinds=None, method="hybrid"):
        chunk = Chunk(space, f"{space}-pop", "POP", "pop", "Bloco 1 › 2", f"Trecho de {space} sobre {query}", 2)
        return [Hit(chunk, 0.9, method)]


def fake_runtime(settings):
    return SimpleNamespace(settings=settings, catalog=Catalog(settings.kb_dir), retriever=FakeRetriever(),
                           checker=None, suggester=None)


@pytest.fixture
def client(tmp_path):
    (tmp_path / "kb" / "acme").mkdir(parents=True)
    (tmp_path / "kb" / "acme" / "space.yaml").write_text("id: acme\nname: Acme\n", encoding="utf-8")
    settings = Settings(kb_dir=tmp_path / "kb", data_dir=tmp_path / "data", token=TOKEN)
    return TestClient(create_app(settings, runtime_factory=fake_runtime, background=False))


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_health_is_200_once_ready(client):
    assert client.get("/healthz").json()["status"] == "ok"


def test_health_is_503_while_loading(tmp_path):
    release = threading.Event()

    def slow_runtime(settings):
        release.wait(5)
        return fake_runtime(settings)

    app = create_app(Settings(kb_dir=tmp_path, data_dir=tmp_path), runtime_factory=slow_runtime, background=True)
    with TestClient(app) as c:
        response = c.get("/healthz")
        assert response.status_code == 503 and response.json()["status"] == "carregando"
        assert c.get("/api/v1/search", params={"q": "x", "space": "acme"}, headers=AUTH).status_code in (401, 503)
        release.set()


def test_health_reports_a_broken_index_instead_of_crashing(tmp_path):
    def broken(settings):
        raise IndexUnavailable("O índice está corrompido. Para reconstruí-lo: `copilot index --rebuild`.")

    app = create_app(Settings(kb_dir=tmp_path, data_dir=tmp_path), runtime_factory=broken, background=False)
    response = TestClient(app).get("/healthz")
    assert response.status_code == 503
    assert "copilot index --rebuild" in response.json()["error"]["message"]


def test_api_needs_a_bearer_token(client):
    response = client.get("/api/v1/search", params={"q": "nota", "space": "acme"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert "Authorization" in response.json()["error"]["message"]
    wrong = client.get("/api/v1/search", params={"q": "nota", "space": "acme"}, headers={"Authorization": "Bearer x"})
    assert wrong.status_code == 401 and wrong.json()["error"]["message"] == "Token inválido ou revogado."


def test_search_answers_within_the_space(client):
    body = client.get("/api/v1/search", params={"q": "nota", "space": "acme"}, headers=AUTH).json()
    assert body["passages"][0]["section"] == "Bloco 1 › 2" and body["passages"][0]["doc_id"] == "acme-pop"


def test_unknown_space_is_404_in_the_requests_language(client):
    pt = client.get("/api/v1/search", params={"q": "nota", "space": "nada"}, headers=AUTH)
    assert pt.status_code == 404 and pt.json() == {"error": {"code": "unknown_space", "message": "Espaço desconhecido: 'nada'."}}
    en = client.get("/api/v1/search", params={"q": "nota", "space": "nada"}, headers={**AUTH, "Accept-Language": "en-US,en;q=0.9"})
    assert en.json()["error"]["message"] == "Unknown space: 'nada'."


def test_validation_errors_use_the_contract_shape(client):
    response = client.get("/api/v1/search", params={"space": "acme"}, headers=AUTH)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and "q" in error["message"] and "obrigatório" in error["message"]


def test_unknown_route_is_a_json_404(client):
    response = client.get("/nada-aqui")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
