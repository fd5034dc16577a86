"""Pure helpers that turn the stages' answers into what the panel shows.

Kept apart from the routes so that every rule of presentation (where a
highlight starts in the browser's string, how "time left" reads, what the
internal note looks like) is a plain function with a test.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Mapping

from pydantic import ValidationError

from copilot.errors import InvalidInput
from copilot.kb.macros import Checklist
from copilot.suggest.checklists import render as render_checklist
from copilot.suggest.results import ChecklistAnswer
from copilot.ticket import Ticket

QUERY_FIELDS = ("space", "id", "subject", "description", "status", "priority", "channel")
MAX_TICKET_BYTES = 256 * 1024
MAX_DRAFT_CHARS = 20_000
WEEKDAYS = ("seg", "ter", "qua", "qui", "sex", "sáb", "dom")


def ticket_from_query(params: Mapping[str, str]) -> tuple[Ticket | None, str]:
    """The ticket the query names (or None when it names none) and its space, if any.

    A query that gives a space but no text is a panel waiting for the host's
    ``postMessage``: that is not an error.
    """
    values = {k: params[k].strip() for k in QUERY_FIELDS if (params.get(k) or "").strip()}
    space = values.get("space", "")
    if not (values.get("subject") or values.get("description")):
        return None, space
    if not space:
        raise InvalidInput("Informe o espaço do ticket (parâmetro 'space').",
                           en="Give the ticket's space ('space' parameter).")
    return parse_ticket(values), space


def parse_ticket(data: str | Mapping[str, Any]) -> Ticket:
    """A Ticket from JSON text or a mapping, with the contract's pt-BR error on bad input."""
    try:
        if isinstance(data, str):
            if len(data.encode("utf-8")) > MAX_TICKET_BYTES:
                raise InvalidInput("O ticket passa de 256 KB.", en="The ticket exceeds 256 KB.")
            return Ticket.model_validate_json(data)
        return Ticket.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "ticket"
        if first.get("type") == "json_invalid":
            message = "o ticket não é um JSON válido"
        elif first.get("type") == "missing":
            message = f"{where}: campo obrigatório"
        else:
            message = f"{where}: {first.get('msg', 'valor inválido')}".replace("Value error, ", "")
        raise InvalidInput(f"Ticket inválido — {message}.", en=f"Invalid ticket — {first.get('msg')}.") from None


def ticket_json(ticket: Ticket | None) -> str:
    return ticket.model_dump_json(exclude_none=True) if ticket is not None else ""


def utf16_index(text: str, index: int) -> int:
    """A Python string index as a JavaScript (UTF-16) one: emoji count twice in the browser."""
    return len(text[:index].encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Segment:
    text: str
    finding: int | None = None  # index into the findings list; None for plain text
    severity: str = ""


def highlight(draft: str, findings: Iterable[Any]) -> list[Segment]:
    """The draft cut into plain and highlighted runs; an overlapping finding is listed, not drawn."""
    segments: list[Segment] = []
    cursor = 0
    ordered = sorted(enumerate(findings), key=lambda pair: (pair[1].start, -pair[1].end))
    for index, finding in ordered:
        start, end = max(finding.start, 0), min(finding.end, len(draft))
        if start < cursor or start >= end:
            continue
        if start > cursor:
            segments.append(Segment(draft[cursor:start]))
        segments.append(Segment(draft[start:end], index, finding.severity))
        cursor = end
    if cursor < len(draft):
        segments.append(Segment(draft[cursor:]))
    return segments


def findings_context(draft: str, checked: Any) -> dict:
    """What the findings block needs: each finding with browser offsets, the mirror's segments, the fixed draft."""
    findings = []
    for f in checked.findings:
        suggestion = match_case(f.text, f.suggestion) if f.suggestion else f.suggestion
        findings.append({**f.model_dump(), "suggestion": suggestion,
                         "start16": utf16_index(draft, f.start), "end16": utf16_index(draft, f.end)})
    return {"check": checked, "draft": draft, "fixed_draft": checked.fixed_draft, "findings": findings,
            "segments": highlight(draft, checked.findings)}


def match_case(original: str, replacement: str) -> str:
    """Keep a sentence's capital letter when a fix replaces its first words."""
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def internal_note(checklist: Checklist, selected: Mapping[str, list[str]], analysis: str = "") -> str:
    """The checklist as the space's internal note, the analyst's ticks marked "(X)"."""
    answers = [ChecklistAnswer(id=q.id, text=q.text, options=q.options, multiple=q.multiple,
                               selected=[o for o in selected.get(q.id, []) if o in q.options])
               for q in checklist.questions]
    note = render_checklist(checklist, answers)
    return note + ("\n" + analysis.strip() if analysis.strip() else "")


def due_label(iso: str | None) -> str:
    """"ter 24/11 às 14:00" in the due time's own offset (the space's time zone)."""
    if not iso:
        return ""
    moment = datetime.fromisoformat(iso)
    return f"{WEEKDAYS[moment.weekday()]} {moment:%d/%m} às {moment:%H:%M}"


def hours_left_label(hours: float | None) -> str:
    """Business hours left, the way an analyst says it: "faltam 2 h 30 min úteis"."""
    if hours is None:
        return ""
    minutes = round(abs(hours) * 60)
    h, m = divmod(minutes, 60)
    amount = " ".join(p for p in (f"{h} h" if h else "", f"{m} min" if m or not h else "") if p)
    one = amount in ("1 h", "1 min")
    business = "útil" if one else "úteis"
    if hours < 0:
        return f"vencido há {amount} {business}"
    return f"{'falta' if one else 'faltam'} {amount} {business}"


def frame_origins_attr(origins: Iterable[str]) -> str:
    """The allowed host origins for panel.js, space-separated (a data attribute, never a script)."""
    return " ".join(o.rstrip("/") for o in origins if o)


def snapshot(value: Any) -> dict | None:
    """A pydantic answer as plain JSON data (for feedback), or None."""
    if value is None:
        return None
    if hasattr(value, "model_dump"):
        return json.loads(value.model_dump_json())
    return dict(value)
