"""Who may call what: every kind of token, and one space never reaching another.

The space test enumerates the app's routes when it runs, so an endpoint added
later is covered without touching this file: each route that takes a space
(path, query, form field, JSON body or a ticket) is called with a token for
space A on space B and must answer 403 without a word of B; the same call on
A must work. The app runs on the real knowledge base with the hashing
embedder, so "a word of B" means B's own passages.
"""

from __future__ import annotations

import html
import inspect
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from copilot.errors import Forbidden, Unauthorized
from copilot.kb.catalog import Catalog
from copilot.retrieval.embedders import HashingEmbedder
from copilot.retrieval.indexer import index_kb
from copilot.retrieval.memory_store import MemoryStore
from copilot.runtime import Components, build_runtime
from copilot.settings import Settings
from copilot.storage import TokenStore, dispose_engines, open_database, sign_panel_token
from web.app import create_app
from web.auth import ALL_SPACES, Principal, authenticate, authenticate_locally, ensure_local_token
from web.deps import get_principal

REPO = Path(__file__).resolve().parents[2]
SPACE_A, SPACE_B = "enotas", "voalle"
ENV_TOKEN = "token-de-ambiente-para-testes"
TICKET_TEXT = {"subject": "Nota rejeitada pela prefeitura",
               "description": "Boa tarde, a NFS-e voltou rejeitada com o código E160. O que eu faço?"}
TEXT_FIELDS = {"subject": TICKET_TEXT["subject"], "description": TICKET_TEXT["description"],
               "draft": "Olá, Maria! Vou estar verificando o seu cadastro e retorno até amanhã.",
               "q": "nota rejeitada pela prefeitura", "query": "nota rejeitada pela prefeitura"}
# Values for parameters whose name says what they hold (path parameters need one that exists);
# a new route with a new such name adds it here.
SAMPLES = {"part": "checklist", "target": "checklist", "vote": "up", "doc_id": "enotas-pop-atendimento-emissor",
           "job_id": "job-inexistente", "name": "macros.yaml", "feedback_id": "1"}
# Routes that read their input from the raw request, invisible to FastAPI's signature.
RAW_QUERY = {("GET", "/panel"): lambda space: {"space": space, **TICKET_TEXT}}


# ── authenticate(): each kind of token ─────────────────────────────────────────

@pytest.fixture
def settings(tmp_path):
    yield Settings(kb_dir=tmp_path / "kb", data_dir=tmp_path / "data", token=ENV_TOKEN)
    dispose_engines()


@pytest.fixture
def tokens(settings):
    return TokenStore(open_database(settings))


def test_the_environment_token_is_an_analyst_for_every_space(settings):
    principal = authenticate(f"Bearer {ENV_TOKEN}", settings)
    assert (principal.role, principal.spaces) == ("analyst", frozenset({ALL_SPACES}))
    assert principal.allows("totvs") and not principal.allows("totvs", "curator")


def test_the_local_token_file_is_an_admin_for_every_space(settings):
    principal = authenticate(f"Bearer {ensure_local_token(settings)}", settings)
    assert (principal.role, principal.spaces) == ("admin", frozenset({ALL_SPACES}))


def test_a_stored_token_carries_its_own_spaces_and_role(settings, tokens):
    _, plaintext = tokens.create("curadoria info", "curator", ["info", "r3izzy"])
    principal = authenticate(f"Bearer {plaintext}", settings, tokens)
    assert principal.allows("info", "curator") and principal.allows("r3izzy")
    assert not principal.allows("enotas") and not principal.allows("info", "admin")
    with pytest.raises(Forbidden, match="não dá acesso ao espaço 'enotas'"):
        principal.ensure("enotas")


def test_a_revoked_token_is_refused_at_once(settings, tokens):
    record, plaintext = tokens.create("ex-analista", "analyst", ["enotas"])
    authenticate(f"Bearer {plaintext}", settings, tokens)
    tokens.revoke(record.id)
    with pytest.raises(Unauthorized, match="Token inválido ou revogado"):
        authenticate(f"Bearer {plaintext}", settings, tokens)


def test_only_a_stored_token_needs_the_store(settings, tokens):
    """Requests with the panel's, the environment's or the local token are authenticated on the
    event loop; only a stored token's database read goes to a worker thread."""
    _, plaintext = tokens.create("analista enotas", "analyst", ["enotas"])
    assert authenticate_locally(f"Bearer {plaintext}", settings) is None
    assert authenticate_locally(f"Bearer {ENV_TOKEN}", settings).kind == "env"
    assert authenticate_locally(f"Bearer {sign_panel_token(settings, ['totvs'])}", settings).kind == "panel"
    with pytest.raises(Unauthorized, match="Authorization: Bearer"):
        authenticate_locally("Basic dXNlcjpzZW5oYQ==", settings)


def test_a_signed_panel_token_is_an_analyst_for_its_spaces_only(settings):
    principal = authenticate(f"Bearer {sign_panel_token(settings, ['totvs'])}", settings)
    assert principal == Principal("analyst", frozenset({"totvs"}), "panel")


def test_an_expired_panel_token_is_refused_in_portuguese(settings, monkeypatch):
    token = sign_panel_token(settings, ["totvs"], ttl_seconds=1)
    later = time.time() + 2
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(Unauthorized, match="O link do painel expirou"):
        authenticate(f"Bearer {token}", settings)


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer   ", "Basic dXNlcjpzZW5oYQ==", ENV_TOKEN])
def test_a_missing_or_malformed_header_says_how_to_send_the_token(settings, header):
    with pytest.raises(Unauthorized, match="Authorization: Bearer"):
        authenticate(header, settings)


def test_without_a_store_stored_tokens_are_unknown(settings, tokens):
    _, plaintext = tokens.create("n1", "analyst", ["enotas"])
    with pytest.raises(Unauthorized):
        authenticate(f"Bearer {plaintext}", settings, None)


# ── the app: real knowledge base, hashing embedder ─────────────────────────────

@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The app over a copy of the repository's kb (routes may write), indexed with the hashing embedder."""
    root = tmp_path_factory.mktemp("auth-app")
    shutil.copytree(REPO / "kb", root / "kb")
    shutil.copytree(REPO / "evals", root / "evals")  # routes that write eval cases write here, never in the repo
    settings = Settings(kb_dir=root / "kb", data_dir=root / "data", evals_dir=root / "evals", token=None)
    parts, embedder = Components(settings), HashingEmbedder()
    parts.__dict__.update(store=MemoryStore(), _embedder=embedder)
    index_kb(parts.catalog, parts.store, embedder.model_id, lambda: embedder)
    app = create_app(settings, runtime_factory=lambda s: build_runtime(s, parts), background=False)
    store = TokenStore(open_database(settings))
    token_a = store.create("analista enotas", "admin", [SPACE_A])[1]  # admin: refusals are about the space only
    yield TestClient(app), settings, {"Authorization": f"Bearer {token_a}"}
    dispose_engines()


def test_the_app_checks_tokens_against_the_shared_store(served):
    client, settings, _ = served
    assert isinstance(client.app.state.tokens, TokenStore)
    record, plaintext = client.app.state.tokens.create("n1 info", "analyst", ["info"])
    params = {"q": "boleto", "space": "info"}
    assert client.get("/api/v1/search", params=params, headers={"Authorization": f"Bearer {plaintext}"}).status_code == 200
    TokenStore(open_database(settings)).revoke(record.id)  # e.g. `copilot token revoke` in another process
    refused = client.get("/api/v1/search", params=params, headers={"Authorization": f"Bearer {plaintext}"})
    assert refused.status_code == 401 and refused.json()["error"]["message"] == "Token inválido ou revogado."


def test_an_expired_panel_link_is_a_401_in_the_requests_language(served, monkeypatch):
    client, settings, _ = served
    token = sign_panel_token(settings, [SPACE_A], ttl_seconds=1)
    later = time.time() + 5
    monkeypatch.setattr(time, "time", lambda: later)
    params, header = {"q": "nota", "space": SPACE_A}, {"Authorization": f"Bearer {token}"}
    pt = client.get("/api/v1/search", params=params, headers=header)
    assert pt.status_code == 401 and pt.json()["error"]["message"].startswith("O link do painel expirou")
    en = client.get("/api/v1/search", params=params, headers={**header, "Accept-Language": "en"})
    assert en.json()["error"]["message"].startswith("The panel link has expired")


def _depends_on_principal(dependant) -> bool:
    return any(d.call is get_principal or _depends_on_principal(d) for d in dependant.dependencies)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # as served, with any router prefix
    route: APIRoute
    guarded: bool  # checks a token (PrincipalDep, a router dependency, or get_principal in its body)


def _endpoints(routes, prefix: str = "", router_guarded: bool = False) -> list[Endpoint]:
    """Every path operation of the app, looking inside included routers."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            guarded = (router_guarded or _depends_on_principal(route.dependant)
                       or "get_principal" in inspect.getsource(route.endpoint))
            found += [Endpoint(m, prefix + route.path, route, guarded) for m in sorted(route.methods) if m != "HEAD"]
        elif hasattr(route, "original_router"):  # FastAPI keeps included routers as branches
            context = route.include_context
            guarded = router_guarded or any(d.dependency is get_principal for d in context.dependencies)
            found += _endpoints(route.original_router.routes, prefix + context.prefix, guarded)
    return found


def test_every_api_route_needs_a_token(served):
    client, _, _ = served
    api = [e for e in _endpoints(client.app.routes) if e.path.startswith("/api/")]
    assert {"/api/v1/suggest", "/api/v1/check", "/api/v1/search"} <= {e.path for e in api}
    for endpoint in api:
        response = client.request(endpoint.method, endpoint.path.replace("{", "").replace("}", ""))
        assert response.status_code == 401, f"{endpoint.method} {endpoint.path}: {response.status_code} without a token"
        assert response.json()["error"]["code"] == "unauthorized"


# ── one request per route, for a given space ───────────────────────────────────

def _ticket(space: str) -> dict:
    return {"space": space, "id": "48213", **TICKET_TEXT}


def _from_schema(schema: dict, defs: dict, name: str, space: str) -> Any:
    """A small valid value for a JSON schema: the space and a ticket where they are asked for."""
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    if name == "space":
        return space
    if name == "ticket":
        return _ticket(space)
    if name in TEXT_FIELDS or name in SAMPLES:
        return TEXT_FIELDS.get(name, SAMPLES.get(name))
    options = [o for o in schema.get("anyOf", schema.get("oneOf", [])) if o.get("type") != "null"]
    if options:
        return _from_schema(options[0], defs, name, space)
    if schema.get("enum"):
        return schema["enum"][0]
    if schema.get("examples"):
        return schema["examples"][0]
    kind = schema.get("type")
    if kind == "object":
        required = set(schema.get("required", []))
        return {key: _from_schema(sub, defs, key, space) for key, sub in schema.get("properties", {}).items()
                if key in required or key in {"space", "ticket", *TEXT_FIELDS, *SAMPLES}}
    if kind == "array":
        return [_from_schema(schema.get("items", {}), defs, name, space)] if schema.get("minItems") else []
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    return "Nota rejeitada"


def _model_schema(annotation: Any) -> dict:
    from pydantic import TypeAdapter

    return TypeAdapter(annotation).json_schema()


def _params(dependant) -> list:
    found = [*dependant.path_params, *dependant.query_params, *dependant.body_params]
    for sub in dependant.dependencies:
        found += _params(sub)
    return found


def _request_for(endpoint: Endpoint, space: str) -> dict[str, Any]:
    """The keyword arguments of ``TestClient.request`` for ``endpoint`` asked about ``space``."""
    route, method, path = endpoint.route, endpoint.method, endpoint.path
    query, form, files, body = dict(RAW_QUERY.get((method, path), lambda s: {})(space)), {}, {}, None
    params = _params(route.dependant)
    bodies = [p for p in params if p in route.dependant.body_params or type(p.field_info).__name__ in ("Body", "Form", "File")]
    for param in params:
        kind, name, info = type(param.field_info).__name__, param.alias, param.field_info
        if kind == "Path":
            if name != "space" and name not in SAMPLES:
                raise LookupError(f"{method} {path}: add a sample value for path parameter '{name}' in SAMPLES")
            path = path.replace("{" + name + "}", space if name == "space" else SAMPLES[name])
        elif kind == "Query" and (info.is_required() or name in {"space", *TEXT_FIELDS, *SAMPLES}):
            query[name] = _from_schema(_model_schema(info.annotation), {}, name, space)
        elif kind == "File":
            files[name] = ("procedimento.md", b"# Procedimento\n\nConferir o cadastro antes de responder.\n", "text/markdown")
        elif kind == "Form" and (info.is_required() or name in {"space", "ticket", *TEXT_FIELDS, *SAMPLES}):
            value = _from_schema(_model_schema(info.annotation), {}, name, space)
            form[name] = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
    json_bodies = [p for p in bodies if type(p.field_info).__name__ == "Body"]
    if json_bodies:
        samples = {}
        for param in json_bodies:
            schema = _model_schema(param.field_info.annotation)
            samples[param.alias] = _from_schema(schema, schema.get("$defs", {}), param.alias, space)
        embed = len(json_bodies) > 1 or json_bodies[0].field_info.embed
        body = samples if embed else samples[json_bodies[0].alias]
    extra = (route.openapi_extra or {}).get("requestBody", {}).get("content", {}).get("application/json")
    if body is None and extra:
        body = _from_schema(extra["schema"], extra["schema"].get("$defs", {}), "body", space)
    request: dict[str, Any] = {"method": method, "url": path, "params": query}
    if files:
        request.update(files=files, data=form)
    elif form:
        request["data"] = form
    if body is not None:
        request["json"] = body
    return request


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def _answer_text(response) -> str:
    try:
        data = response.json()
    except ValueError:
        return _normalised(html.unescape(response.text))
    strings: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            strings.append(node)
        elif isinstance(node, dict):
            [walk(v) for v in node.values()]
        elif isinstance(node, list):
            [walk(v) for v in node]

    walk(data)
    return _normalised("\n".join(strings))


def _space_text(catalog: Catalog, kb_dir: Path, space: str) -> set[str]:
    """Every line of a space's documents and YAML files worth recognising (40+ characters)."""
    lines = {line for doc in catalog.documents(space) for section in doc.sections for line in section.text.splitlines()}
    for path in (kb_dir / space).glob("*.yaml"):
        lines.update(path.read_text(encoding="utf-8").splitlines())
    cleaned = {_normalised(line.strip(" -*#>|:\"'")) for line in lines}
    return {line for line in cleaned if len(line) >= 40}


def test_a_token_for_one_space_is_refused_on_another_by_every_route_and_never_sees_its_text(served):
    """Space-taking routes: 403 on B, a real answer on A; others: nothing of B. Neither writes to B."""
    client, settings, header_a = served
    catalog = Catalog(settings.kb_dir)
    text_a = _space_text(catalog, settings.kb_dir, SPACE_A)
    secrets_b = {line for line in _space_text(catalog, settings.kb_dir, SPACE_B)
                 if not any(line in a for a in text_a)}
    assert len(secrets_b) > 20
    before_b = {p: p.read_bytes() for p in (settings.kb_dir / SPACE_B).rglob("*") if p.is_file()}
    problems, spaced = [], []
    for endpoint in _endpoints(client.app.routes):
        name = f"{endpoint.method} {endpoint.path}"
        if "__sonda__" not in json.dumps(_request_for(endpoint, "__sonda__"), ensure_ascii=False, default=repr):
            if "{" not in endpoint.path:  # a listing or an action on no space: nothing of B either
                answer = _answer_text(client.request(**_request_for(endpoint, SPACE_A), headers=header_a))
                problems += [f"{name} showed {SPACE_B}: {s[:80]!r}" for s in secrets_b if s in answer][:1]
            continue
        spaced.append(name)
        refused = client.request(**_request_for(endpoint, SPACE_B), headers=header_a)
        if refused.status_code != 403:
            problems.append(f"{name} on {SPACE_B}: {refused.status_code}, expected 403")
        leaked = [s for s in secrets_b if s in _answer_text(refused)]
        if leaked:
            problems.append(f"{name} on {SPACE_B} leaked: {leaked[0][:80]!r}")
        allowed = client.request(**_request_for(endpoint, SPACE_A), headers=header_a)
        if allowed.status_code >= 400 and allowed.status_code != 422:  # 422: let in, the sample content judged
            problems.append(f"{name} on {SPACE_A}: {allowed.status_code} {allowed.text[:200]}")
        leaked = [s for s in secrets_b if s in _answer_text(allowed)]
        if leaked:
            problems.append(f"{name} on {SPACE_A} leaked {SPACE_B}: {leaked[0][:80]!r}")
    assert {"POST /api/v1/suggest", "POST /api/v1/check", "GET /api/v1/search", "GET /panel"} <= set(spaced)
    assert problems == []
    after_b = {p: p.read_bytes() for p in (settings.kb_dir / SPACE_B).rglob("*") if p.is_file()}
    assert after_b == before_b, "a refused call changed space B's files"
