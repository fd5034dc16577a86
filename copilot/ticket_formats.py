"""Helpdesk ticket JSON (Zendesk, Movidesk, Odoo Helpdesk) mapped into the contract's Ticket.

Each mapper reads the helpdesk's public API field names and nothing else;
custom fields keep their names when the payload names them (Zendesk
``ticket_fields``/``title``, Movidesk ``customFields``/``name``, Odoo ``x_``
fields), otherwise their ids. Mapping happens at the edge: the suggestion and
check stages only ever see a ``Ticket``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from pydantic import ValidationError

from copilot.errors import InvalidInput, UnsupportedFormat
from copilot.ticket import Ticket

Format = Literal["contract", "zendesk", "movidesk", "odoo"]
FORMATS: tuple[str, ...] = ("contract", "zendesk", "movidesk", "odoo")

ZENDESK_STATUS = {"new": "novo", "open": "aberto", "pending": "pendente", "hold": "em espera", "solved": "resolvido", "closed": "fechado"}
ZENDESK_PRIORITY = {"low": "baixa", "normal": "normal", "high": "alta", "urgent": "urgente"}
ZENDESK_TYPE = {"problem": "problema", "incident": "incidente", "question": "pergunta", "task": "tarefa"}
MOVIDESK_ORIGIN = {1: "portal", 2: "portal", 3: "email", 5: "chat", 6: "chat", 7: "email", 8: "formulário", 9: "api",
                   13: "telefone", 14: "telefone", 18: "whatsapp"}
LOCAL_ZONE = ZoneInfo("America/Sao_Paulo")  # Movidesk dates carry no offset
ODOO_PRIORITY = {"0": "baixa", "1": "média", "2": "alta", "3": "urgente"}


def parse_ticket(data: dict[str, Any], format: str = "contract", space: str | None = None) -> Ticket:
    """The contract Ticket for ``data`` in the given helpdesk ``format``."""
    if format not in FORMATS:
        raise UnsupportedFormat(f"Formato de ticket desconhecido: '{format}'. Use um de: {', '.join(FORMATS)}.",
                                en=f"Unknown ticket format '{format}'. Use one of: {', '.join(FORMATS)}.")
    if not isinstance(data, dict):
        raise InvalidInput("O ticket deve ser um objeto JSON.", en="The ticket must be a JSON object.")
    mapper = {"contract": dict, "zendesk": _zendesk, "movidesk": _movidesk, "odoo": _odoo}[format]
    try:
        mapped = mapper(data)
    except (TypeError, KeyError, AttributeError, ValueError) as exc:
        raise InvalidInput(f"Ticket {format} malformado: {exc}.", en=f"Malformed {format} ticket: {exc}.") from None
    chosen = space or mapped.get("space") or data.get("space")
    if chosen:
        mapped["space"] = chosen
    try:
        return Ticket.model_validate(mapped)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "ticket"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InvalidInput(f"Ticket inválido ({where}): {message}", en=f"Invalid ticket ({where}): {message}") from None


# -- shared helpers ---------------------------------------------------------------
_BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote", "pre")


def _html_text(html: str | None) -> str:
    """Visible text of helpdesk HTML: one line per block, inline tags kept in the line."""
    if not html:
        return ""
    if "<" not in html:
        return html.strip()
    soup = BeautifulSoup(html, "lxml")
    for tag in soup.find_all(_BLOCKS):
        tag.append("\n")
    lines = (" ".join(line.split()) for line in soup.get_text("").splitlines())
    return "\n".join(line for line in lines if line)


def _name_of(value: Any) -> str | None:
    """Odoo many2one ``[id, "Name"]``, ``{"id", "name"}`` or a plain string."""
    if isinstance(value, (list, tuple)) and len(value) >= 2:
        return str(value[1])
    if isinstance(value, dict):
        return value.get("name") or value.get("display_name")
    if isinstance(value, str):
        return value
    return None


def _id_of(value: Any) -> Any:
    if isinstance(value, (list, tuple)) and value:
        return value[0]
    if isinstance(value, dict):
        return value.get("id")
    return value


def _local_iso(value: Any) -> str | None:
    """Movidesk dates come without an offset, in Brasília time."""
    if not value:
        return None
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_ZONE)).isoformat()


def _utc_iso(value: Any) -> str | None:
    """Odoo datetimes are naive UTC ("2026-11-20 12:00:00")."""
    if not value:
        return None
    moment = datetime.fromisoformat(str(value).replace(" ", "T").replace("Z", "+00:00"))
    return moment.isoformat() if moment.tzinfo else moment.isoformat() + "+00:00"


# -- Zendesk ----------------------------------------------------------------------
def _zendesk(data: dict[str, Any]) -> dict[str, Any]:
    ticket = data.get("ticket", data)
    users = {u.get("id"): u for u in data.get("users", [])}
    orgs = {o.get("id"): o for o in data.get("organizations", [])}
    titles = {f.get("id"): f.get("title") or f.get("raw_title") for f in data.get("ticket_fields", [])}
    requester = dict(ticket.get("requester") or users.get(ticket.get("requester_id")) or {})
    org = orgs.get(ticket.get("organization_id") or requester.get("organization_id"))
    assignee = users.get(ticket.get("assignee_id")) or ticket.get("assignee") or {}
    fields = {}
    for item in ticket.get("custom_fields") or ticket.get("fields") or []:
        name = item.get("name") or item.get("title") or titles.get(item.get("id")) or str(item.get("id"))
        if item.get("value") not in (None, ""):
            fields[name] = item["value"]
    description = ticket.get("description") or (ticket.get("comment") or {}).get("body") or ""
    comments = []
    for index, comment in enumerate(data.get("comments", ticket.get("comments", []))):
        body = comment.get("plain_body") or comment.get("body") or _html_text(comment.get("html_body"))
        if index == 0 and body.strip() == description.strip():
            continue  # Zendesk repeats the description as the first comment
        comments.append({"author": _zendesk_author(comment, ticket, users), "public": bool(comment.get("public", True)),
                         "body": body, "created_at": comment.get("created_at")})
    return {
        "space": data.get("space") or ticket.get("space"),
        "id": str(ticket["id"]) if ticket.get("id") is not None else None,
        "subject": ticket.get("subject") or ticket.get("raw_subject"),
        "description": description,
        "status": ZENDESK_STATUS.get(ticket.get("status"), ticket.get("status")),
        "priority": ZENDESK_PRIORITY.get(ticket.get("priority"), ticket.get("priority")),
        "type": ZENDESK_TYPE.get(ticket.get("type"), ticket.get("type")),
        "channel": (ticket.get("via") or {}).get("channel"),
        "requester": {"name": requester.get("name"), "email": requester.get("email"),
                      "organization": (org or {}).get("name") or requester.get("organization")},
        "assignee": {"name": assignee.get("name"), "email": assignee.get("email")} if assignee else None,
        "fields": fields,
        "tags": list(ticket.get("tags") or []),
        "comments": comments,
        "created_at": ticket.get("created_at"),
        "updated_at": ticket.get("updated_at"),
    }


def _zendesk_author(comment: dict[str, Any], ticket: dict[str, Any], users: dict[Any, Any]) -> str:
    author_id = comment.get("author_id")
    if author_id in (None, -1) or (comment.get("via") or {}).get("channel") == "rule":
        return "system"
    if author_id == ticket.get("requester_id"):
        return "customer"
    role = (users.get(author_id) or {}).get("role")
    return "customer" if role == "end-user" else "agent"


# -- Movidesk ---------------------------------------------------------------------
def _movidesk(data: dict[str, Any]) -> dict[str, Any]:
    names = {f.get("id"): f.get("name") for f in data.get("customFields", [])}
    fields: dict[str, Any] = {}
    for item in data.get("customFieldValues") or []:
        name = item.get("customFieldName") or item.get("name") or names.get(item.get("customFieldId")) or str(item.get("customFieldId"))
        chosen = [i.get("customFieldItem") for i in item.get("items") or [] if i.get("customFieldItem")]
        value = item.get("value") if item.get("value") not in (None, "") else (chosen[0] if len(chosen) == 1 else chosen or None)
        if value not in (None, "", []):
            fields[name] = value
    actions = sorted(data.get("actions") or [], key=lambda a: (a.get("createdDate") or "", a.get("id") or 0))
    opening = actions[0] if actions else {}
    comments = [_movidesk_comment(a) for a in actions[1:]]
    client = (data.get("clients") or [{}])[0]
    organization = (client.get("organization") or {}).get("businessName") if client.get("personType") != 2 else client.get("businessName")
    owner = data.get("owner") or {}
    return {
        "space": data.get("space"),
        "id": str(data["id"]) if data.get("id") is not None else None,
        "subject": data.get("subject"),
        "description": opening.get("description") or _html_text(opening.get("htmlDescription")),
        "status": data.get("status") or data.get("baseStatus"),
        "priority": data.get("urgency"),
        "type": data.get("category"),
        "channel": MOVIDESK_ORIGIN.get(data.get("origin"), str(data["origin"]) if data.get("origin") is not None else None),
        "requester": {"name": client.get("businessName"), "email": client.get("email"), "organization": organization},
        "assignee": {"name": owner.get("businessName"), "email": owner.get("email")} if owner else None,
        "fields": fields,
        "tags": list(data.get("tags") or []),
        "comments": comments,
        "created_at": _local_iso(data.get("createdDate")),
        "updated_at": _local_iso(data.get("lastUpdate")),
    }


def _movidesk_comment(action: dict[str, Any]) -> dict[str, Any]:
    author = action.get("createdBy") or {}
    if not author:
        role = "system"
    else:
        role = "customer" if author.get("profileType") == 2 else "agent"
    return {"author": role, "public": action.get("type") != 1,
            "body": action.get("description") or _html_text(action.get("htmlDescription")),
            "created_at": _local_iso(action.get("createdDate"))}


# -- Odoo Helpdesk ----------------------------------------------------------------
def _odoo(data: dict[str, Any]) -> dict[str, Any]:
    partner_id = _id_of(data.get("partner_id"))
    partner_name = data.get("partner_name") or _name_of(data.get("partner_id"))
    messages = data.get("messages") or [m for m in data.get("message_ids") or [] if isinstance(m, dict)]
    messages = sorted(messages, key=lambda m: (m.get("date") or "", m.get("id") or 0))
    description = _html_text(data.get("description"))
    comments = [_odoo_comment(m, partner_id, partner_name) for m in messages if _html_text(m.get("body"))]
    if comments and comments[0]["author"] == "customer" and comments[0]["body"] in description:
        comments = comments[1:]  # the opening e-mail is the description
    fields = {_odoo_field_name(key): value for key, value in data.items()
              if key.startswith("x_") and value not in (None, False, "")}
    if data.get("date_deadline"):
        fields.setdefault("data final", data["date_deadline"])
    tags = [_name_of(t) or str(t) for t in data.get("tag_ids") or [] if not isinstance(t, int)]
    user = _name_of(data.get("user_id"))
    return {
        "space": data.get("space"),
        "id": str(data["id"]) if data.get("id") is not None else None,
        "subject": data.get("name"),
        "description": description,
        "status": _name_of(data.get("stage_id")),
        "priority": ODOO_PRIORITY.get(str(data.get("priority")), data.get("priority") or None),
        "type": _name_of(data.get("ticket_type_id")),
        "channel": data.get("channel") or None,
        "requester": {"name": partner_name, "email": data.get("partner_email") or None,
                      "organization": _name_of(data.get("commercial_partner_id")) if _id_of(data.get("commercial_partner_id")) != partner_id else None},
        "assignee": {"name": user} if user else None,
        "fields": fields,
        "tags": tags,
        "comments": comments,
        "created_at": _utc_iso(data.get("create_date")),
        "updated_at": _utc_iso(data.get("write_date")),
    }


def _odoo_field_name(key: str) -> str:
    """``x_studio_roteado_em`` → ``roteado_em``: custom fields keep their own name."""
    return key.removeprefix("x_studio_").removeprefix("x_")


def _odoo_comment(message: dict[str, Any], partner_id: Any, partner_name: str | None) -> dict[str, Any]:
    subtype = (_name_of(message.get("subtype_id")) or "").lower()
    author_id, author_name = _id_of(message.get("author_id")), _name_of(message.get("author_id"))
    if message.get("message_type") in ("notification", "auto_comment", "user_notification"):
        role = "system"
    elif (partner_id is not None and author_id == partner_id) or (partner_name and author_name == partner_name):
        role = "customer"
    else:
        role = "agent"
    internal = bool(message.get("is_internal")) or subtype in ("note", "nota", "internal note", "nota interna")
    return {"author": role, "public": not internal, "body": _html_text(message.get("body")),
            "created_at": _utc_iso(message.get("date"))}
