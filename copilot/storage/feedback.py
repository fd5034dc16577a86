"""Analysts' thumbs up/down on a suggestion, kept with the ticket and the suggestion as they were.

The snapshots are the point: weeks later the knowledge base has changed, and
a curator turning a thumbs-down into an eval case needs the ticket the
analyst saw and what the copilot said then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import insert, select, update

from copilot.errors import CopilotError, InvalidInput
from copilot.storage._db import Database
from copilot.storage._schema import feedback
from copilot.storage._time import as_utc, utcnow
from copilot.storage.tokens import SPACE_ID

TARGETS = ("checklist", "reply_template", "next_step", "article", "finding")
VOTES = ("up", "down")
MAX_COMMENT_CHARS = 2000
MAX_SNAPSHOT_BYTES = 256 * 1024


class FeedbackNotFound(CopilotError):
    code = "feedback_not_found"
    http_status = 404

    def __init__(self, feedback_id: int) -> None:
        super().__init__(f"Nenhuma avaliação com id {feedback_id}.", en=f"No feedback with id {feedback_id}.")


@dataclass(frozen=True)
class FeedbackRecord:
    id: int
    space: str
    ticket_id: str | None
    target: str
    item_id: str | None
    vote: str
    comment: str | None
    ticket: dict | None
    suggestion: dict | None
    created_at: datetime
    reviewed_at: datetime | None = None
    turned_into_case: bool = False


def _record(row) -> FeedbackRecord:
    return FeedbackRecord(id=row.id, space=row.space, ticket_id=row.ticket_id, target=row.target,
                          item_id=row.item_id, vote=row.vote, comment=row.comment, ticket=row.ticket,
                          suggestion=row.suggestion, created_at=as_utc(row.created_at),
                          reviewed_at=as_utc(row.reviewed_at), turned_into_case=bool(row.turned_into_case))


def _snapshot(value: Mapping[str, Any] | None, what: str) -> dict | None:
    if value is None:
        return None
    try:
        data = json.loads(json.dumps(dict(value), ensure_ascii=False, default=str))
    except (TypeError, ValueError):
        raise InvalidInput(f"O {what} da avaliação não é um objeto JSON.", en=f"The feedback {what} is not a JSON object.") from None
    if len(json.dumps(data, ensure_ascii=False).encode("utf-8")) > MAX_SNAPSHOT_BYTES:
        raise InvalidInput(f"O {what} da avaliação passa de 256 KB.", en=f"The feedback {what} exceeds 256 KB.")
    return data


def _check(space: str, target: str, vote: str, comment: str | None) -> None:
    if not SPACE_ID.match(space or ""):
        raise InvalidInput(f"Espaço inválido: {space!r}.", en=f"Invalid space: {space!r}.")
    if target not in TARGETS:
        raise InvalidInput(f"Alvo desconhecido '{target}'; use um de: {', '.join(TARGETS)}.",
                           en=f"Unknown target '{target}'; use one of: {', '.join(TARGETS)}.")
    if vote not in VOTES:
        raise InvalidInput(f"Voto desconhecido '{vote}'; use 'up' ou 'down'.", en=f"Unknown vote '{vote}'; use 'up' or 'down'.")
    if comment is not None and len(comment) > MAX_COMMENT_CHARS:
        raise InvalidInput(f"O comentário passa de {MAX_COMMENT_CHARS} caracteres.",
                           en=f"The comment exceeds {MAX_COMMENT_CHARS} characters.")


class FeedbackStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    def record(self, *, space: str, target: str, vote: str, ticket: Mapping[str, Any] | None = None,
               suggestion: Mapping[str, Any] | None = None, item_id: str | None = None,
               ticket_id: str | None = None, comment: str | None = None) -> FeedbackRecord:
        """Store one vote. ``ticket_id`` defaults to ``ticket["id"]``; snapshots are copied as JSON."""
        _check(space, target, vote, comment)
        ticket_data, suggestion_data = _snapshot(ticket, "ticket"), _snapshot(suggestion, "sugestão")
        if ticket_id is None and ticket_data and ticket_data.get("id") is not None:
            ticket_id = str(ticket_data["id"])
        values = dict(space=space, ticket_id=ticket_id, target=target, item_id=item_id, vote=vote,
                      comment=(comment or "").strip() or None, ticket=ticket_data, suggestion=suggestion_data,
                      created_at=utcnow(), turned_into_case=False)
        with self.database.engine.begin() as conn:
            new_id = conn.execute(insert(feedback).values(**values)).inserted_primary_key[0]
        return FeedbackRecord(id=new_id, **values)

    def get(self, feedback_id: int) -> FeedbackRecord:
        with self.database.engine.connect() as conn:
            row = conn.execute(select(feedback).where(feedback.c.id == feedback_id)).first()
        if row is None:
            raise FeedbackNotFound(feedback_id)
        return _record(row)

    def list(self, space: str | None = None, vote: str | None = None, unreviewed_only: bool = False) -> list[FeedbackRecord]:
        """Oldest first, so a review queue reads in the order analysts voted."""
        query = select(feedback).order_by(feedback.c.id)
        if space is not None:
            query = query.where(feedback.c.space == space)
        if vote is not None:
            query = query.where(feedback.c.vote == vote)
        if unreviewed_only:
            query = query.where(feedback.c.reviewed_at.is_(None))
        with self.database.engine.connect() as conn:
            return [_record(r) for r in conn.execute(query).all()]

    def mark_reviewed(self, feedback_id: int, turned_into_case: bool = False) -> FeedbackRecord:
        with self.database.engine.begin() as conn:
            changed = conn.execute(update(feedback).where(feedback.c.id == feedback_id)
                                   .values(reviewed_at=utcnow(), turned_into_case=turned_into_case)).rowcount
        if not changed:
            raise FeedbackNotFound(feedback_id)
        return self.get(feedback_id)

    def export_cases(self, space: str | None = None) -> list[dict]:
        """Every vote of ``space`` (or all spaces) as eval cases; see ``copilot.storage.cases``."""
        from copilot.storage.cases import feedback_to_cases

        return feedback_to_cases(self.list(space=space))
