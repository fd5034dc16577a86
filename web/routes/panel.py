"""The side panel: one page (``panel.html``) whose named blocks htmx loads as fragments.

``GET /panel`` (the contract's query parameters) and ``POST /panel`` (a
Ticket as JSON) render the whole panel when the request carries a valid
``Authorization: Bearer`` header. A browser opening the panel in an iframe
sends no such header: it gets the shell, whose script takes the token from
the URL fragment or the host's ``postMessage``, keeps it in memory and loads
every part below as its own fragment, so a slow part never holds up the
others or the draft box. Fragments answer HTML, errors included (a pt-BR
sentence in the part, never a traceback).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2_fragments.fastapi import Jinja2Blocks
from starlette.concurrency import run_in_threadpool

from copilot.errors import CopilotError, InvalidInput, Unauthorized
from copilot.settings import Settings
from copilot.ticket import Ticket
from web.deps import SettingsDep, get_principal, get_runtime
from web.errors import request_language
from web.routes import panel_view as view
from web.routes.panel_memo import SingleFlightMemo, ticket_key
from web.routes.panel_sources import feedback_store, section_text
from web.security import frame_origins

log = logging.getLogger("copilot.web")

WEB_DIR = Path(__file__).resolve().parent.parent
templates = Jinja2Blocks(directory=str(WEB_DIR / "templates"))
templates.env.trim_blocks = templates.env.lstrip_blocks = True
templates.env.globals.update(
    due_label=view.due_label, hours_left_label=view.hours_left_label,
    severity_labels={"error": "Erro", "warning": "Atenção", "info": "Dica"})

PARTS = {"sla": "sla", "next-step": "next_step", "checklist": "checklist", "reply": "reply", "articles": "articles"}
FEEDBACK_PARTS = {"checklist": "checklist", "reply_template": "reply_template", "next_step": "next_step"}
NO_TOKEN = ("O painel ainda não recebeu um token de acesso. Abra-o pelo helpdesk (ou pela página /demo) "
            "ou passe o token no endereço, depois de #token=.")
INTERNAL = "Não foi possível montar esta parte do painel; tente de novo. O detalhe está no log do servidor."

router = APIRouter(tags=["painel"])
_memo_lock = threading.Lock()


def install_panel(app: FastAPI) -> None:
    """Serve the panel, the demo and their assets (``/static``) on ``app``."""
    from web.routes import demo

    app.include_router(router)
    app.include_router(demo.router)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")


def _memo(request: Request) -> SingleFlightMemo:
    with _memo_lock:
        memo = getattr(request.app.state, "panel_memo", None)
        if memo is None:
            memo = request.app.state.panel_memo = SingleFlightMemo()
        return memo


def _suggest(request: Request, ticket: Ticket) -> Any:
    runtime = get_runtime(request)
    payload = view.ticket_json(ticket)
    return _memo(request).get(ticket_key(ticket.space, payload), lambda: runtime.suggester.suggest(ticket))


def _context(request: Request, settings: Settings, ticket: Ticket | None, space: str, **extra: Any) -> dict:
    context = {"base": request.scope.get("root_path", ""), "ticket": ticket, "ticket_json": view.ticket_json(ticket),
               "space": space, "origins": view.frame_origins_attr(frame_origins(settings)),
               "loaded": False, "result": None, "error": None, "note": "", "passage": "", "check": None}
    context.update(extra)
    return context


def _message(request: Request, exc: CopilotError) -> str:
    if isinstance(exc, Unauthorized) and not request.headers.get("authorization"):
        return NO_TOKEN
    return exc.localized(request_language(request))


def _render(request: Request, context: dict, block: str | None = None, status: int = 200) -> Response:
    if block is None:
        return templates.TemplateResponse(request, "panel.html", context, status_code=status)
    return templates.TemplateResponse(request, "panel.html", context, status_code=status, block_name=block)


def _page(request: Request, settings: Settings, ticket: Ticket | None, space: str) -> Response:
    """The whole panel when the caller is authenticated; the shell otherwise."""
    if not request.headers.get("authorization"):
        return _render(request, _context(request, settings, ticket, space))
    try:
        principal = get_principal(request, settings)
        if ticket is None:
            return _render(request, _context(request, settings, None, space))
        principal.ensure(ticket.space)
        result = _suggest(request, ticket)
    except CopilotError as exc:
        context = _context(request, settings, ticket, space, page_error=_message(request, exc), error=_message(request, exc))
        return _render(request, context, status=exc.http_status)
    extra = _part_extras(request, result)
    return _render(request, _context(request, settings, ticket, space, loaded=True, result=result, **extra))


def _part_extras(request: Request, result: Any) -> dict:
    extras: dict[str, Any] = {"note": result.checklist.body if result.checklist else ""}
    if result.next_step is not None:
        extras["passage"] = section_text(get_runtime(request).catalog, result.space, result.next_step.source)
    return extras


QUERY_DOC = {"parameters": [{"name": name, "in": "query", "required": False, "schema": {"type": "string"},
                             "description": f"Campo '{name}' do Ticket"} for name in view.QUERY_FIELDS]}


@router.get("/panel", response_class=HTMLResponse, openapi_extra=QUERY_DOC,
            summary="Painel lateral do ticket (query com os campos do Ticket)")
def panel_page(request: Request, settings: SettingsDep) -> Response:
    try:
        ticket, space = view.ticket_from_query(request.query_params)
    except CopilotError as exc:
        context = _context(request, settings, None, request.query_params.get("space", ""), page_error=_message(request, exc))
        return _render(request, context, status=exc.http_status)
    return _page(request, settings, ticket, space)


@router.post("/panel", response_class=HTMLResponse, summary="Painel lateral para um Ticket enviado como JSON")
def panel_post(request: Request, settings: SettingsDep, ticket: Ticket) -> Response:
    return _page(request, settings, ticket, ticket.space)


def _fragment(request: Request, settings: Settings, block: str, build: Callable[[], dict]) -> Response:
    """Render one block; a domain error becomes a readable sentence in that block, with its status."""
    try:
        values = build()
        context = _context(request, settings, values.pop("ticket", None), values.pop("space", ""), **values)
        return _render(request, context, block)
    except CopilotError as exc:
        return _render(request, _context(request, settings, None, "", error=_message(request, exc)), block, exc.http_status)
    except Exception:
        log.exception("falha ao montar o fragmento %s do painel", block)
        return _render(request, _context(request, settings, None, "", error=INTERNAL), block, 500)


def _authorized_ticket(request: Request, settings: Settings, ticket_json: str) -> Ticket:
    principal = get_principal(request, settings)
    if not ticket_json.strip():
        raise InvalidInput("Nenhum ticket aberto no painel ainda.", en="No ticket is open in the panel yet.")
    ticket = view.parse_ticket(ticket_json)
    principal.ensure(ticket.space)
    return ticket


@router.post("/panel/parts/{part}", response_class=HTMLResponse, include_in_schema=False)
def panel_part(request: Request, settings: SettingsDep, part: str, ticket: Annotated[str, Form()] = "") -> Response:
    block = PARTS.get(part)
    if block is None:
        return HTMLResponse('<p class="error" role="alert">Parte do painel desconhecida.</p>', status_code=404)

    def build() -> dict:
        parsed = _authorized_ticket(request, settings, ticket)
        result = _suggest(request, parsed)
        extras = _part_extras(request, result) if block in ("next_step", "checklist") else {}
        return {"ticket": parsed, "space": parsed.space, "loaded": True, "result": result, **extras}

    return _fragment(request, settings, block, build)


@router.post("/panel/check", response_class=HTMLResponse, include_in_schema=False)
def panel_check(request: Request, settings: SettingsDep, draft: Annotated[str, Form()] = "",
                space: Annotated[str, Form()] = "", ticket: Annotated[str, Form()] = "") -> Response:
    def build() -> dict:
        principal = get_principal(request, settings)
        text = draft.replace("\r\n", "\n")
        if len(text) > view.MAX_DRAFT_CHARS:
            raise InvalidInput(f"O rascunho passa de {view.MAX_DRAFT_CHARS:,} caracteres.".replace(",", "."),
                               en=f"The draft exceeds {view.MAX_DRAFT_CHARS} characters.")
        parsed = view.parse_ticket(ticket) if ticket.strip() else None
        target = space.strip() or (parsed.space if parsed else "")
        if not target:
            raise InvalidInput("Abra um ticket no painel para revisar o rascunho pelas regras do espaço.",
                               en="Open a ticket in the panel to check the draft against the space's rules.")
        principal.ensure(target)
        if not text.strip():
            return {"check": None, "space": target}
        checked = get_runtime(request).checker.check(text, target, parsed if parsed and parsed.space == target else None)
        return {"space": target, **view.findings_context(text, checked)}

    return _fragment(request, settings, "findings", build)


@router.post("/panel/checklist/note", response_class=HTMLResponse, include_in_schema=False)
async def checklist_note(request: Request, settings: SettingsDep) -> Response:
    form = await request.form()
    selected: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if key.startswith("q:") and isinstance(value, str):
            selected.setdefault(key[2:], []).append(value)
    space, checklist_id = str(form.get("space", "")), str(form.get("checklist_id", ""))
    analysis = str(form.get("analysis", ""))[:2000]

    def build() -> dict:
        get_principal(request, settings).ensure(space)
        macros = get_runtime(request).catalog.macros(space)
        checklist = next((c for c in macros.checklists if c.id == checklist_id), None)
        if checklist is None:
            raise InvalidInput("Este checklist não existe mais na base do espaço; recarregue o painel.",
                               en="This checklist no longer exists in the space; reload the panel.")
        return {"note": view.internal_note(checklist, selected, analysis)}

    return await run_in_threadpool(_fragment, request, settings, "checklist_note", build)


@router.post("/panel/feedback", response_class=HTMLResponse, include_in_schema=False)
def panel_feedback(request: Request, settings: SettingsDep, space: Annotated[str, Form()] = "",
                   target: Annotated[str, Form()] = "", vote: Annotated[str, Form()] = "",
                   item_id: Annotated[str, Form()] = "", ticket: Annotated[str, Form()] = "") -> Response:
    def build() -> dict:
        parsed = _authorized_ticket(request, settings, ticket)
        if parsed.space != space:
            raise InvalidInput("A avaliação não é do ticket aberto no painel.", en="The vote is not for the open ticket.")
        result = _suggest(request, parsed)
        suggestion = _voted_item(result, target, item_id)
        feedback_store(request, settings).record(
            space=space, target=target, vote=vote, item_id=item_id or None,
            ticket=parsed.model_dump(mode="json", exclude_none=True), suggestion=view.snapshot(suggestion))
        return {"vote": vote}

    return _fragment(request, settings, "feedback_done", build)


def _voted_item(result: Any, target: str, item_id: str) -> Any:
    if target in FEEDBACK_PARTS:
        return getattr(result, FEEDBACK_PARTS[target])
    if target == "article":
        return next((a for a in result.articles if item_id in (a.chunk_id, a.doc_id)), None)
    return None
