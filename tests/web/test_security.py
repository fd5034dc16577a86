"""HTTP hardening: headers on every response, body limits before parsing, CORS off, no token in logs."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI, File, Request, UploadFile
from fastapi.testclient import TestClient

from copilot.settings import Settings
from tests.conftest import free_port
from web.app import create_app
from web.errors import install_error_handlers
from web.security import RedactTokens, install_log_redaction, install_security, redact

KB, MB = 1024, 1024 * 1024
HELPDESK = "https://suporte-acme.zendesk.com"
TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"


def _app(**settings) -> FastAPI:
    """A bare app with routes at the paths whose limits differ, each echoing what it read."""
    app = FastAPI()
    install_error_handlers(app)
    install_security(app, Settings(**{"allowed_frame_origins": [HELPDESK], **settings}))

    async def echo(request: Request) -> dict:
        return {"bytes": len(await request.body())}

    for path in ("/api/v1/suggest", "/api/v1/check", "/panel/check", "/panel", "/api/v1/feedback"):
        app.add_api_route(path, echo, methods=["POST"])

    @app.post("/api/v1/spaces/acme/documents")
    async def upload(file: UploadFile = File(...)) -> dict:
        return {"bytes": len(await file.read())}

    @app.get("/panel")
    def panel() -> dict:
        return {"ok": True}

    @app.get("/demo")
    def demo() -> dict:
        return {"ok": True}

    @app.get("/api/v1/boom")
    def boom() -> dict:
        raise RuntimeError("falha inesperada")

    return app


@pytest.fixture(scope="module")
def client():
    return TestClient(_app(), raise_server_exceptions=False)


# ── headers ────────────────────────────────────────────────────────────────────

def _csp(response) -> dict[str, str]:
    parts = [p.strip().split(" ", 1) for p in response.headers["content-security-policy"].split(";")]
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


@pytest.mark.parametrize(("method", "path"), [("POST", "/api/v1/suggest"), ("GET", "/nada-aqui"), ("GET", "/api/v1/boom")])
def test_api_and_error_responses_carry_the_headers_and_refuse_framing(client, method, path):
    response = client.request(method, path, json={})
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"
    csp = _csp(response)
    assert csp["default-src"] == "'self'" and csp["script-src"] == "'self'" and csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response.headers["content-security-policy"]


def test_an_unexpected_error_is_a_500_with_the_headers(client):
    response = client.get("/api/v1/boom")
    assert response.status_code == 500 and response.json()["error"]["code"] == "internal_error"
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/panel", "/demo"])
def test_the_panel_may_be_framed_by_the_configured_helpdesk_only(client, path):
    response = client.get(path)
    assert "x-frame-options" not in response.headers
    assert _csp(response)["frame-ancestors"] == f"'self' {HELPDESK}"
    assert _csp(response)["script-src"] == "'self'"


def test_api_answers_are_never_cached(client):
    assert client.post("/api/v1/check", json={}).headers["cache-control"] == "no-store"
    assert client.get("/panel").headers["cache-control"] == "no-store"


@pytest.mark.parametrize("bad", ["https://evil.example; script-src *", "javascript:alert(1)", "*", "https://a.com/x y"])
def test_a_malformed_frame_origin_is_ignored_rather_than_injected_into_the_policy(bad):
    response = TestClient(_app(allowed_frame_origins=[HELPDESK, bad])).get("/panel")
    assert _csp(response)["frame-ancestors"] == f"'self' {HELPDESK}"


def test_cors_is_off(client):
    preflight = client.options("/api/v1/suggest", headers={"Origin": "https://evil.example",
                                                          "Access-Control-Request-Method": "POST"})
    simple = client.post("/api/v1/suggest", json={}, headers={"Origin": "https://evil.example"})
    for response in (preflight, simple):
        assert not [h for h in response.headers if h.lower().startswith("access-control-")]


def test_the_panel_templates_need_nothing_the_policy_forbids():
    """No inline script, style or event handler: the CSP would block them in the browser."""
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        inline_scripts = [m for m in re.finditer(r"<script\b([^>]*)>", text)
                          if "src=" not in m.group(1) and "application/json" not in m.group(1)]
        assert not inline_scripts, f"{template.name}: inline <script>"
        assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=|javascript:", text), f"{template.name}: inline style/handler"


# ── body limits ────────────────────────────────────────────────────────────────

@pytest.mark.parametrize(("path", "limit"), [("/api/v1/suggest", 256 * KB), ("/panel", 256 * KB),
                                             ("/api/v1/check", 128 * KB), ("/panel/check", 128 * KB),
                                             ("/api/v1/feedback", 1 * MB)])
def test_a_body_at_the_limit_passes_and_one_byte_more_is_a_413(client, path, limit):
    assert client.post(path, content=b"x" * limit).json() == {"bytes": limit}
    refused = client.post(path, content=b"x" * (limit + 1))
    assert refused.status_code == 413
    assert refused.json()["error"]["code"] == "payload_too_large"
    size = f"{limit // KB} KB" if limit < MB else "1 MB"
    assert refused.json()["error"]["message"] == f"O corpo da requisição passa do limite de {size} para {path}."
    assert refused.headers["x-content-type-options"] == "nosniff"


def test_the_413_speaks_english_when_asked(client):
    refused = client.post("/api/v1/check", content=b"x" * (129 * KB), headers={"Accept-Language": "en-US,en;q=0.8"})
    assert refused.json()["error"]["message"] == "The request body exceeds the 128 KB limit for /api/v1/check."


def test_a_chunked_body_is_counted_as_it_arrives(client):
    def chunks(total: int):
        for _ in range(total // (16 * KB)):
            yield b"y" * (16 * KB)

    assert client.post("/api/v1/suggest", content=chunks(256 * KB)).json() == {"bytes": 256 * KB}
    refused = client.post("/api/v1/suggest", content=chunks(272 * KB))
    assert refused.status_code == 413 and refused.json()["error"]["code"] == "payload_too_large"


def test_uploads_may_reach_20_mb(client):
    files = {"file": ("pop-atendimento.md", b"# POP\n" + b"a" * (19 * MB), "text/markdown")}
    assert client.post("/api/v1/spaces/acme/documents", files=files).json() == {"bytes": 19 * MB + 6}
    files = {"file": ("pop-atendimento.md", b"a" * (20 * MB + 1), "text/markdown")}
    refused = client.post("/api/v1/spaces/acme/documents", files=files)
    assert refused.status_code == 413 and "20 MB" in refused.json()["error"]["message"]


# ── the real app ───────────────────────────────────────────────────────────────

def _fake_runtime(settings):
    return SimpleNamespace(settings=settings, catalog=None, retriever=None, checker=None, suggester=None)


def test_the_app_installs_the_hardening(tmp_path):
    settings = Settings(kb_dir=tmp_path / "kb", data_dir=tmp_path / "data", token="t",
                        allowed_frame_origins=[HELPDESK])
    app = create_app(settings, runtime_factory=_fake_runtime, background=False)
    client = TestClient(app)
    health = client.get("/healthz")
    assert health.headers["x-frame-options"] == "DENY" and _csp(health)["frame-ancestors"] == "'none'"
    assert _csp(client.get("/panel"))["frame-ancestors"] == f"'self' {HELPDESK}"
    refused = client.post("/api/v1/suggest", content=b"{" + b" " * (300 * KB) + b"}",
                          headers={"Authorization": "Bearer t", "Content-Type": "application/json"})
    assert refused.status_code == 413
    assert refused.json()["error"]["message"].endswith("para /api/v1/suggest.")  # refused before the route read it


# ── no token in logs ───────────────────────────────────────────────────────────

@pytest.mark.parametrize(("line", "clean"), [
    ("Authorization: Bearer cpl_Xy9-abcdefghijklmnopqrstuvwxyz012345", "Authorization: Bearer [redigido]"),
    ("authorization: bearer pt.eyJzcGFjZXMiOlsi.c2lnbmF0dXJl", "authorization: bearer [redigido]"),
    ('127.0.0.1:5000 - "GET /panel?space=enotas&token=segredo123 HTTP/1.1" 200',
     '127.0.0.1:5000 - "GET /panel?space=enotas&token=[redigido] HTTP/1.1" 200'),
    ("/api/v1/search?access_token=abc&q=nota", "/api/v1/search?access_token=[redigido]&q=nota"),
    ("token criado: cpl_AbCdEfGhIjKlMnOpQrStUv", "token criado: cpl_[redigido]"),
    ("link: /panel#pt.eyJzcGFjZXMiOlsiZW5vdGFzIl19.7vtFJH3EGjcLZnAN9p10UOf7XWzdDOfrZo8k3TwUBSk",
     "link: /panel#pt.[redigido]"),
    ("Vou estar verificando o token do cliente no painel", "Vou estar verificando o token do cliente no painel"),
])
def test_redaction_hides_tokens_and_keeps_the_rest(line, clean):
    assert redact(line) == clean


def test_the_filter_redacts_arguments_and_keeps_their_positions():
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/panel?token=segredo", "1.1", 200), None)
    assert RedactTokens().filter(record) is True
    assert record.getMessage() == '127.0.0.1:5000 - "GET /panel?token=[redigido] HTTP/1.1" 200'


def test_every_log_record_is_redacted_once_installed(caplog):
    install_log_redaction()
    install_log_redaction()  # idempotent
    with caplog.at_level(logging.INFO):
        logging.getLogger("copilot.web").info("cabeçalho recebido: %s", "Bearer cpl_segredo_muito_longo_1234567890")
    assert "segredo" not in caplog.text and "Bearer [redigido]" in caplog.text


@pytest.mark.slow
def test_uvicorn_access_log_never_shows_a_token(tmp_path):
    (tmp_path / "kb").mkdir()
    script = tmp_path / "serve.py"
    script.write_text(textwrap.dedent(f"""
        import sys, uvicorn
        from types import SimpleNamespace
        from copilot.settings import Settings
        from web.app import create_app
        settings = Settings(kb_dir={str(tmp_path / 'kb')!r}, data_dir={str(tmp_path / 'data')!r}, token="segredo-do-ambiente")
        runtime = lambda s: SimpleNamespace(settings=s, catalog=None, retriever=None, checker=None, suggester=None)
        uvicorn.run(create_app(settings, runtime_factory=runtime, background=False),
                    host="127.0.0.1", port=int(sys.argv[1]), log_level="info")
    """), encoding="utf-8")
    port = free_port()
    server = subprocess.Popen([sys.executable, str(script), str(port)], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, cwd=Path(__file__).resolve().parents[2])
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and server.poll() is None, "uvicorn did not start"
                time.sleep(0.2)
        httpx.get(f"{base}/panel?space=enotas&token=segredo-na-query-1")
        httpx.get(f"{base}/api/v1/search?q=nota&space=enotas&access_token=segredo-na-query-2",
                  headers={"Authorization": "Bearer segredo-do-ambiente"})
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "GET /panel?space=enotas&token=[redigido]" in output
    assert "access_token=[redigido]" in output
    assert "segredo" not in output
