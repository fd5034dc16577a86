"""``/kb``: the curator's workspace — spaces, documents (upload, delete, live
re-indexing), hybrid search, the YAML knowledge (validated before it is
saved) and the review queue of analysts' thumbs-down.

One page (``kb.html``) whose named blocks htmx loads as fragments. Opening
the page needs nothing; every fragment needs a curator token for its space,
sent by ``kb.js`` as ``Authorization: Bearer`` (the token comes from the URL
fragment or a form and lives in the page's memory only). Fragments answer
HTML, errors included: a pt-BR sentence in the part, with the error's status.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, File, Form, Request, UploadFile
from fastapi.responses import Response
from jinja2_fragments.fastapi import Jinja2Blocks

from copilot.curation import (KNOWLEDGE_FILES, LABELS, Curator, JobBoard, after_change, read_knowledge_file,
                              save_knowledge_file, validate_knowledge)
from copilot.curation.knowledge import describe_problem
from copilot.errors import CopilotError, InvalidKnowledge, Unauthorized
from copilot.kb.chunking import chunk_document
from copilot.storage import ALL_SPACES
from web.auth import Principal
from web.deps import SettingsDep, get_principal, get_runtime

log = logging.getLogger("copilot.web")

WEB_DIR = Path(__file__).resolve().parent.parent
templates = Jinja2Blocks(directory=str(WEB_DIR / "templates"))
templates.env.trim_blocks = templates.env.lstrip_blocks = True
templates.env.filters["pt"] = lambda value, digits=3: f"{value:.{digits}f}".replace(".", ",")

NO_TOKEN = "Informe um token de curador para ver e editar a base de conhecimento."
INTERNAL = "Não foi possível montar esta parte da página; o detalhe está no log do servidor."
SEARCH_K = 8

router = APIRouter(tags=["curadoria"], include_in_schema=False)


def install_kb(app: FastAPI) -> None:
    """Serve ``/kb`` and ``/kb/evals`` on ``app`` (static assets come from the panel's ``/static``)."""
    from web.routes.kb_evals import router as evals_router

    app.include_router(router)
    app.include_router(evals_router)


# ── shared by the curator's pages ────────────────────────────────────────────

def jobs(request: Request) -> JobBoard:
    board = getattr(request.app.state, "kb_jobs", None)
    if board is None:
        board = request.app.state.kb_jobs = JobBoard()
    return board


def curator(request: Request) -> Curator:
    found = getattr(request.app.state, "kb_curator", None)
    if found is None:
        runtime = get_runtime(request)
        found = request.app.state.kb_curator = Curator.from_components(
            runtime.components, on_change=lambda space: after_change(runtime, space))
    return found


def curator_principal(request: Request, settings, space: str | None = None) -> Principal:
    principal = get_principal(request, settings)
    if space is None:
        principal.ensure_role("curator")
    else:
        get_runtime(request).catalog.space(space)  # unknown space → 404 before anything else
        principal.ensure(space, "curator")
    return principal


def curated_spaces(request: Request, principal: Principal) -> list[str]:
    return [s for s in get_runtime(request).catalog.space_ids() if principal.allows(s, "curator")]


def sees_everything(principal: Principal) -> bool:
    return ALL_SPACES in principal.spaces


def render(request: Request, template: str, block: str | None, context: dict[str, Any], status: int = 200,
           trigger: str | None = None) -> Response:
    values = {"base": request.scope.get("root_path", ""), "error": None, "problem": None, **context}
    if block is None:
        response = templates.TemplateResponse(request, template, values, status_code=status)
    else:
        response = templates.TemplateResponse(request, template, values, status_code=status, block_name=block)
    response.headers["Cache-Control"] = "no-store"
    if trigger:
        response.headers["HX-Trigger"] = trigger
    return response


def fragment(request: Request, template: str, block: str, build: Callable[[], dict[str, Any]]) -> Response:
    """Render one block; a domain error becomes a readable sentence in that block, with its status."""
    try:
        values = build()
        trigger = values.pop("_trigger", None)
        status = values.pop("_status", 200)
        return render(request, template, block, values, status, trigger)
    except CopilotError as exc:
        message = NO_TOKEN if isinstance(exc, Unauthorized) and not request.headers.get("authorization") else exc.message
        problem = describe_problem(exc) if isinstance(exc, InvalidKnowledge) else None
        return render(request, template, block, {"error": message, "problem": problem}, exc.http_status)
    except Exception:
        log.exception("falha ao montar o bloco %s de %s", block, template)
        return render(request, template, block, {"error": INTERNAL}, 500)


def job_context(job) -> dict[str, Any]:
    return {"job": job, "_trigger": f"kb:changed-{job.space}" if job.space and not job.running and not job.error else None}


# ── pages and fragments ──────────────────────────────────────────────────────

@router.get("/kb")
def kb_page(request: Request) -> Response:
    return render(request, "kb.html", None, {})


@router.get("/kb/fragments/spaces")
def spaces_fragment(request: Request, settings: SettingsDep) -> Response:
    def build() -> dict:
        principal = curator_principal(request, settings)
        catalog = get_runtime(request).catalog
        return {"spaces": [catalog.space(s) for s in curated_spaces(request, principal)]}

    return fragment(request, "kb.html", "spaces", build)


@router.get("/kb/fragments/spaces/{space}")
def space_fragment(request: Request, settings: SettingsDep, space: str) -> Response:
    def build() -> dict:
        curator_principal(request, settings, space)
        return {"space": get_runtime(request).catalog.space(space), "files": KNOWLEDGE_FILES, "labels": LABELS}

    return fragment(request, "kb.html", "space", build)


@router.get("/kb/fragments/spaces/{space}/documents")
def documents_fragment(request: Request, settings: SettingsDep, space: str) -> Response:
    def build() -> dict:
        curator_principal(request, settings, space)
        entries = curator(request).documents(space)
        chunks = {e.doc_id: len(chunk_document(e.document)) for e in entries if e.document}
        return {"space_id": space, "entries": entries, "chunk_counts": chunks}

    return fragment(request, "kb.html", "documents", build)


@router.get("/kb/fragments/spaces/{space}/documents/{doc_id}")
def document_fragment(request: Request, settings: SettingsDep, space: str, doc_id: str) -> Response:
    def build() -> dict:
        curator_principal(request, settings, space)
        entry = curator(request).document(space, doc_id)
        return {"space_id": space, "entry": entry, "chunks": chunk_document(entry.document) if entry.document else []}

    return fragment(request, "kb.html", "document", build)


@router.post("/kb/spaces/{space}/documents")
async def upload_document(request: Request, settings: SettingsDep, space: str,
                          file: Annotated[UploadFile, File()]) -> Response:
    data = await file.read()
    name, content_type = file.filename or "", file.content_type

    def build() -> dict:
        curator_principal(request, settings, space)
        worker = curator(request)
        document = worker.check_upload(space, name, data, content_type)  # errors now, before any job
        job = jobs(request).start("upload", f"Enviando “{document.title}”", space=space,
                                  work=lambda report: worker.add_document(space, name, data, content_type, report))
        return {**job_context(job), "_status": 202}

    return fragment(request, "kb.html", "job", build)


@router.delete("/kb/spaces/{space}/documents/{doc_id}")
def delete_document(request: Request, settings: SettingsDep, space: str, doc_id: str) -> Response:
    def build() -> dict:
        curator_principal(request, settings, space)
        worker = curator(request)
        entry = worker.document(space, doc_id)
        title = entry.document.title if entry.document else entry.path.name
        job = jobs(request).start("delete", f"Excluindo “{title}”", space=space,
                                  work=lambda report: worker.delete_document(space, doc_id, report))
        return {**job_context(job), "_status": 202}

    return fragment(request, "kb.html", "job", build)


@router.get("/kb/jobs/{job_id}")
def job_fragment(request: Request, settings: SettingsDep, job_id: str) -> Response:
    def build() -> dict:
        job = jobs(request).get(job_id)
        curator_principal(request, settings, job.space)
        return job_context(job)

    return fragment(request, "kb.html", "job", build)


@router.get("/kb/fragments/spaces/{space}/search")
def search_fragment(request: Request, settings: SettingsDep, space: str, q: str = "") -> Response:
    def build() -> dict:
        curator_principal(request, settings, space)
        query = q.strip()[:2000]
        hits = get_runtime(request).retriever.search(query, space, k=SEARCH_K) if query else []
        return {"space_id": space, "query": query, "hits": hits}

    return fragment(request, "kb.html", "search_results", build)


@router.get("/kb/fragments/spaces/{space}/knowledge/{name}")
def knowledge_fragment(request: Request, settings: SettingsDep, space: str, name: str) -> Response:
    def build() -> dict:
        curator_principal(request, settings, space)
        catalog = get_runtime(request).catalog
        text = read_knowledge_file(catalog, space, name)
        problem = None
        try:
            validate_knowledge(catalog, space, name, text)
        except InvalidKnowledge as exc:
            problem = describe_problem(exc)
        return {"space_id": space, "name": name, "label": LABELS[name], "text": text, "problem": problem,
                "state": "invalid" if problem else "valid"}

    return fragment(request, "kb.html", "knowledge", build)


@router.post("/kb/spaces/{space}/knowledge/{name}")
def save_knowledge(request: Request, settings: SettingsDep, space: str, name: str,
                   text: Annotated[str, Form()] = "") -> Response:
    def build() -> dict:
        curator_principal(request, settings, space)
        runtime = get_runtime(request)
        values = {"space_id": space, "name": name, "label": LABELS.get(name, name), "text": text}
        try:
            save_knowledge_file(runtime.catalog, space, name, text, settings.data_dir / "locks")
        except InvalidKnowledge as exc:
            return {**values, "problem": describe_problem(exc), "state": "refused", "_status": 422}
        after_change(runtime, space)
        return {**values, "text": read_knowledge_file(runtime.catalog, space, name), "state": "saved"}

    return fragment(request, "kb.html", "knowledge", build)


from web.routes import kb_queue  # noqa: E402,F401  (the review queue's routes, on this router)
