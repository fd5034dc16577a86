"""``GET /demo``: a pretend helpdesk that embeds ``/panel`` in an iframe.

One realistic ticket per space (``web/demo_tickets/*.json``), sent to the
panel through the same ``postMessage`` bridge a real helpdesk app uses, and a
reply editor that receives the panel's "inserir". Served on loopback, the
page carries a short-lived panel token so the flow works right after
``make serve``; anywhere else it asks for a token instead of handing one out.
"""

from __future__ import annotations

import ipaddress
import json
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from copilot.errors import CopilotError
from copilot.kb.catalog import Catalog
from copilot.settings import Settings
from copilot.ticket import Ticket
from web.deps import SettingsDep

router = APIRouter(tags=["painel"])

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo_tickets"
DEMO_TOKEN_TTL_SECONDS = 15 * 60
LOCAL_NAMES = {"localhost", "127.0.0.1", "::1"}
BRAZIL = timezone(timedelta(hours=-3))  # Brasília time, no daylight saving since 2019


@lru_cache(maxsize=4)
def _read(directory: str) -> tuple[dict, ...]:
    samples = []
    for path in sorted(Path(directory).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        Ticket.model_validate(data["ticket"])  # a broken sample fails loudly, in the tests
        samples.append(data)
    return tuple(samples)


def demo_tickets(now: datetime, directory: Path = DEMO_DIR) -> list[dict[str, Any]]:
    """The samples, each ticket dated ``age_minutes`` before ``now`` so the SLA reads like a live queue."""
    samples = []
    for sample in _read(str(directory)):
        ticket = json.loads(json.dumps(sample["ticket"]))
        opened = now.astimezone(BRAZIL) - timedelta(minutes=int(sample.get("age_minutes", 30)))
        ticket.setdefault("created_at", opened.isoformat(timespec="seconds"))
        for offset, comment in enumerate(ticket.get("comments", []), start=1):
            comment.setdefault("created_at", (opened + timedelta(minutes=5 * offset)).isoformat(timespec="seconds"))
        samples.append({"label": sample.get("label", ticket["space"]), "ticket": ticket})
    return samples


def is_local(request: Request, settings: Settings) -> bool:
    """A browser on this machine talking to a server bound to loopback (not a proxy's public name)."""
    def loopback(host: str | None) -> bool:
        if not host:
            return False
        if host in LOCAL_NAMES:
            return True
        try:
            return ipaddress.ip_address(host.strip("[]")).is_loopback
        except ValueError:
            return False

    client = request.client.host if request.client else None
    return loopback(client) and loopback(request.url.hostname) and loopback(settings.host)


@router.get("/demo", response_class=HTMLResponse, summary="Helpdesk de demonstração com o painel num iframe")
def demo_page(request: Request, settings: SettingsDep) -> Response:
    from web.auth import sign_panel_token
    from web.routes.panel import templates

    known = set(Catalog(settings.kb_dir).space_ids())  # a team's own kb/ may not have the seed spaces
    samples = [s for s in demo_tickets(datetime.now(timezone.utc)) if s["ticket"]["space"] in known]
    token, token_error = "", ""
    if samples and is_local(request, settings):
        spaces = sorted({s["ticket"]["space"] for s in samples})
        try:
            token = sign_panel_token(settings, spaces, ttl_seconds=DEMO_TOKEN_TTL_SECONDS)
        except CopilotError as exc:
            token_error = exc.message
    context = {"base": request.scope.get("root_path", ""), "samples": samples, "token": token,
               "token_error": token_error, "ttl_minutes": DEMO_TOKEN_TTL_SECONDS // 60}
    return templates.TemplateResponse(request, "demo.html", context)
