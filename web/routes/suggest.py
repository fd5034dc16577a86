"""``POST /api/v1/suggest``: checklist, reply template and next step for a ticket.

The body is the contract's Ticket, or a helpdesk's own ticket JSON when
``?format=zendesk|movidesk|odoo`` says so (then ``?space=`` or a top-level
``space`` names the space). Bodies over 256 KB are refused with 413 before
they are parsed.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from copilot.errors import InvalidInput, PayloadTooLarge
from copilot.suggest.results import SuggestResult
from copilot.ticket import Ticket
from copilot.ticket_formats import parse_ticket
from web.deps import PrincipalDep, RuntimeDep

router = APIRouter(tags=["sugestões"])

MAX_BODY_BYTES = 256 * 1024


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The Ticket's JSON schema with its ``$defs`` inlined (self-contained for OpenAPI)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline_refs(defs[ref.split("/")[-1]], defs)
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def _ticket_schema() -> dict[str, Any]:
    schema = Ticket.model_json_schema()
    return _inline_refs(schema, schema.get("$defs", {}))


def _too_large() -> PayloadTooLarge:
    return PayloadTooLarge("O ticket passa de 256 KB; envie só os campos do chamado.",
                           en="The ticket is larger than 256 KB; send only the ticket's fields.")


@router.post("/api/v1/suggest", response_model=SuggestResult, openapi_extra={
    "requestBody": {"required": True, "content": {"application/json": {"schema": _ticket_schema()}}}})
async def suggest(request: Request, principal: PrincipalDep, runtime: RuntimeDep,
                  format: Annotated[str, Query(pattern="^(contract|zendesk|movidesk|odoo)$",
                                               description="Formato do corpo: contract (padrão), zendesk, movidesk ou odoo.")] = "contract",
                  space: Annotated[str | None, Query(min_length=1, max_length=64,
                                                     description="Espaço, quando o corpo é de um helpdesk e não o traz.")] = None,
                  ) -> SuggestResult | Response:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _too_large()
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise _too_large()
    try:
        data = json.loads(raw or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InvalidInput("O corpo não é um JSON válido.", en="The body is not valid JSON.") from None
    ticket = parse_ticket(data, format, space)
    suggester = runtime.suggester
    suggester.catalog.space(ticket.space)  # unknown space → 404
    principal.ensure(ticket.space)
    in_child = getattr(suggester, "suggest_json_async", None)
    if in_child is not None:  # computed in a suggestion process, sent as it serialised it
        return Response(await in_child(ticket), media_type="application/json")
    return await run_in_threadpool(suggester.suggest, ticket)
