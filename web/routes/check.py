"""``POST /api/v1/check``: the draft's conduct findings, with spans, sources and safe fixes.

Body: ``{"draft", "ticket": Ticket | null, "space"}``; the space may be left
out when the ticket names it (a different one is a 422). Drafts over 20,000
characters are refused with 413, bodies over 1 MB before they are parsed.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from copilot.check.models import CheckResult
from copilot.errors import InvalidInput, PayloadTooLarge
from copilot.ticket import Ticket
from web.deps import PrincipalDep, RuntimeDep

router = APIRouter(tags=["revisão de rascunho"])

MAX_DRAFT_CHARS = 20_000
MAX_BODY_BYTES = 1024 * 1024
INLINE_DRAFT_CHARS = 2_000  # ~5 ms of checking on this machine's cores (2.7 ms per 1,000 characters)


class CheckRequest(BaseModel):
    draft: str = Field(..., description="O rascunho da resposta, como o analista digitou.")
    ticket: Ticket | None = Field(None, description="O ticket do contrato; dá a data acordada, o SLA e os dados já informados.")
    space: str | None = Field(None, min_length=1, max_length=64, description="Espaço; opcional quando o ticket o traz.")
    public: bool = Field(True, description="Resposta pública (vista pelo cliente) ou nota interna.")


async def _body_size(request: Request) -> None:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise PayloadTooLarge("A requisição passa de 1 MB; envie só o rascunho e os campos do ticket.",
                              en="The request is larger than 1 MB; send only the draft and the ticket's fields.")


def _space_of(body: CheckRequest) -> str:
    ticket_space = body.ticket.space if body.ticket is not None else None
    if body.space and ticket_space and body.space != ticket_space:
        raise InvalidInput(f"O campo 'space' ('{body.space}') difere do espaço do ticket ('{ticket_space}').",
                           en=f"'space' ('{body.space}') differs from the ticket's space ('{ticket_space}').")
    space = body.space or ticket_space
    if not space:
        raise InvalidInput("Informe o espaço em 'space' ou envie um ticket que o traga.",
                           en="Give the space in 'space' or send a ticket that names it.")
    return space


@router.post("/api/v1/check", response_model=CheckResult, dependencies=[Depends(_body_size)])
async def check(body: CheckRequest, principal: PrincipalDep, runtime: RuntimeDep) -> Response:
    """Revisa o rascunho pelas regras de conduta do espaço (gerúndio, prazos, marcadores, dados…)."""
    if len(body.draft) > MAX_DRAFT_CHARS:
        raise PayloadTooLarge(f"O rascunho tem {len(body.draft)} caracteres; o limite é {MAX_DRAFT_CHARS}.",
                              en=f"The draft has {len(body.draft)} characters; the limit is {MAX_DRAFT_CHARS}.")
    space = _space_of(body)
    principal.ensure(space)

    def review() -> bytes:
        result = runtime.checker.check(body.draft, space, ticket=body.ticket, public=body.public)
        return result.model_dump_json(by_alias=True).encode("utf-8")

    # A check runs at every pause in typing: a reply-sized draft (a few ms) is answered right
    # here, saving two hand-offs to worker threads that cost more than the check under load;
    # a long one goes to a thread so it does not hold up other requests.
    inline = len(body.draft) <= INLINE_DRAFT_CHARS
    return Response(review() if inline else await run_in_threadpool(review), media_type="application/json")

