"""What the ticket already says, read for the rules: agreed dates, held data, "now".

Custom-field names are matched by meaning, never by exact spelling:
``data_acordo_entrega``, ``Data Acordo Entrega``, ``dataAcordoEntrega`` and
``data-acordo-entrega`` are the same name once folded (lower case, no
accents, camelCase and separators split, function words dropped).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from copilot.check.text import fold
from copilot.ticket import Ticket

_FUNCTION_WORDS = frozenset("de do da dos das no na em o a e para por of the".split())
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})")


def name_words(name: str) -> frozenset[str]:
    spaced = _CAMEL.sub(" ", name)
    return frozenset(w for w in re.split(r"[^a-z0-9]+", fold(spaced)) if w and w not in _FUNCTION_WORDS)


def field_matches(name: str, synonyms: list[str]) -> bool:
    """A field holds every word of one synonym ("data acordo entrega" ⊆ "data_acordo_entrega_dev")."""
    words = name_words(name)
    return any((wanted := name_words(s)) and wanted <= words for s in synonyms)


def matching_fields(ticket: Ticket | None, synonyms: list[str]) -> list[object]:
    if ticket is None:
        return []
    return [value for key, value in ticket.fields.items() if value not in (None, "") and field_matches(key, synonyms)]


def parse_moment(value: object, tz: ZoneInfo) -> datetime | None:
    """An ISO date/datetime or dd/mm/yyyy, made timezone-aware in the space's zone."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        dmy = _DMY.match(text)
        try:
            if dmy:
                moment = datetime(int(dmy[3]), int(dmy[2]), int(dmy[1]))
            else:
                moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


def agreed_dates(ticket: Ticket | None, synonyms: list[str], tz: ZoneInfo) -> list[date]:
    found = (parse_moment(v, tz) for v in matching_fields(ticket, synonyms))
    return [m.date() for m in found if m is not None]


def default_now(ticket: Ticket | None, tz: ZoneInfo) -> datetime:
    """The last comment's time, else the ticket's creation, else the clock."""
    if ticket is not None:
        stamps = [parse_moment(c.created_at, tz) for c in ticket.comments if c.created_at]
        stamps = [s for s in stamps if s is not None]
        if stamps:
            return max(stamps)
        created = parse_moment(ticket.created_at, tz) if ticket.created_at else None
        if created is not None:
            return created
    return datetime.now(tz)


def ticket_texts(ticket: Ticket | None) -> str:
    """Everything written on the ticket: subject, description and every comment."""
    if ticket is None:
        return ""
    parts = [ticket.subject or "", ticket.description or ""] + [c.body for c in ticket.comments]
    return "\n".join(p for p in parts if p)
