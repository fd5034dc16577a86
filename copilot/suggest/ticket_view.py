"""The ticket as the fact reader sees it: texts by origin, fields by folded name.

Built once per request. Texts are grouped by where they come from (what the
customer wrote, public agent replies, internal notes, system events, tags)
because a curator says where a fact may be read; comments are kept newest
first, so the latest statement about a fact wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal
from zoneinfo import ZoneInfo

from copilot.suggest.phrases import SentenceView, view_sentences
from copilot.suggest.text import fold
from copilot.ticket import Comment, Ticket

Origin = Literal["subject", "description", "customer_comments", "agent_replies", "internal_notes", "system_events", "tags",
                 "field_values"]
_TEXT_ORIGINS = ("subject", "description", "customer_comments", "agent_replies", "internal_notes", "system_events", "tags")
# "field_values": the free text helpdesk agents type into custom fields ("#4512 - mesma rejeição, sem card"),
# read only where a curator asks for it.
ORIGINS: tuple[str, ...] = (*_TEXT_ORIGINS, "field_values")
ORIGIN_GROUPS: dict[str, tuple[str, ...]] = {
    "customer_text": ("subject", "description", "customer_comments"),
    "comments": ("customer_comments", "agent_replies", "internal_notes", "system_events"),
    "all": _TEXT_ORIGINS,
}


def expand_origins(names: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for name in names:
        for origin in ORIGIN_GROUPS.get(name, (name,)):
            if origin not in out:
                out.append(origin)
    return tuple(out)


_BR_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T,às]+(\d{1,2})[:h](\d{2})?)?\s*$")
LOCAL_ZONE = ZoneInfo("America/Sao_Paulo")  # pt-BR dates written without an offset


def parse_time(value: Any) -> datetime | None:
    """An ISO or pt-BR ("23/11/2026 08:00") date/time as an aware datetime.

    Naive ISO values are UTC (helpdesk APIs); naive pt-BR ones are local time."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value.strip():
        match = _BR_DATE.match(value)
        if match:
            day, month, year, hour, minute = match.groups()
            try:
                return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), tzinfo=LOCAL_ZONE)
            except ValueError:
                return None
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class TextPiece:
    origin: str
    views: list[SentenceView]
    created_at: datetime | None = None


@dataclass
class TicketView:
    ticket: Ticket
    pieces: list[TextPiece] = field(default_factory=list)  # newest comments first, then description, subject
    fields: dict[str, tuple[str, Any]] = field(default_factory=dict)  # folded name → (original name, value)

    @classmethod
    def of(cls, ticket: Ticket) -> "TicketView":
        view = cls(ticket)
        ordered = sorted(enumerate(ticket.comments), key=lambda ic: (parse_time(ic[1].created_at) or _EPOCH, ic[0]), reverse=True)
        for _, comment in ordered:
            view.pieces.append(TextPiece(comment_origin(comment), view_sentences(comment.body), parse_time(comment.created_at)))
        view.pieces.append(TextPiece("description", view_sentences(ticket.description or "")))
        view.pieces.append(TextPiece("subject", view_sentences(ticket.subject or "")))
        for tag in ticket.tags:
            view.pieces.append(TextPiece("tags", view_sentences(tag.replace("_", " ").replace("-", " "))))
        for name, value in ticket.fields.items():
            view.fields.setdefault(fold(name), (name, value))
            for text in _strings_in(value):
                view.pieces.append(TextPiece("field_values", view_sentences(text)))
        return view

    def texts(self, origins: tuple[str, ...]) -> list[TextPiece]:
        return [p for p in self.pieces if p.origin in origins]

    def attribute(self, path: str) -> Any:
        """A ticket attribute by dotted path ("requester.organization", "status").

        ``requester.company_email`` is the requester's e-mail when it is on the
        company's own domain (not a personal webmail address): it names the account."""
        if path == COMPANY_EMAIL:
            email = str(self.attribute("requester.email") or "").strip().lower()
            domain = email.rpartition("@")[2]
            return email if "@" in email and domain.split(".")[0] not in PERSONAL_MAIL_PROVIDERS else None
        value: Any = self.ticket
        for part in path.split("."):
            if value is None:
                return None
            value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
        return value


def _strings_in(value: Any) -> list[str]:
    """Free text held by a custom field, also inside lists and records (not yes/no flags or numbers)."""
    if isinstance(value, str):
        return [value] if len(value.split()) > 1 else []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings_in(v)]
    return []


def comment_origin(comment: Comment) -> str:
    if comment.author == "system":
        return "system_events"
    if not comment.public:
        return "internal_notes"
    return "customer_comments" if comment.author == "customer" else "agent_replies"


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
COMPANY_EMAIL = "requester.company_email"
# Free webmail providers (first label of the domain): an address there names a person, not a company.
PERSONAL_MAIL_PROVIDERS = frozenset({"gmail", "googlemail", "hotmail", "outlook", "live", "msn", "yahoo", "ymail", "icloud",
                                     "me", "mac", "aol", "uol", "bol", "terra", "ig", "globo", "globomail", "r7", "zipmail",
                                     "protonmail", "proton", "gmx", "mail", "email", "yandex", "zoho"})
