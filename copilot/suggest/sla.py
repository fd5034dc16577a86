"""Due times of a ticket under its space's SLA policy (``kb/<space>/sla.yaml``).

The draft checker calls ``SlaCalculator(catalog).due(ticket, now)`` to tell a
deadline the policy backs from an unverified one; ``suggest`` returns the
same answer. Nothing is computed that the space's documents do not back: a
policy without times gives a note and no due time.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np

from copilot.kb.catalog import Catalog, validate_model
from copilot.kb.macros import SourceRef
from copilot.retrieval.base import Embedder
from copilot.suggest.fieldnames import find_field
from copilot.suggest.meaning import MeaningIndex, probe_vectors
from copilot.suggest.phrases import compile_phrase, find_any
from copilot.suggest.sla_policy import Duration, RequestPolicy, SlaPolicy
from copilot.suggest.text import fold
from copilot.suggest.ticket_view import TicketView, expand_origins, parse_time
from copilot.ticket import Ticket

SLA_FILE = "sla.yaml"


@dataclass(frozen=True)
class SlaDue:
    first_response_due: datetime | None
    resolution_due: datetime | None
    policy_id: str | None
    request_type: str | None
    source: SourceRef | None
    first_response_hours_left: float | None = None  # business hours from now; negative when overdue
    resolution_hours_left: float | None = None
    resolution_earliest: datetime | None = None  # a range's lower end ("4h a 24h")
    recognised_by: str = ""  # "type", "field", "tag", "text", "meaning", "default"
    business_hours: str = ""
    note: str = ""


class SlaCalculator:
    def __init__(self, catalog: Catalog, embedder: Embedder | None = None) -> None:
        self.catalog, self.embedder = catalog, embedder
        self._policies: dict[str, SlaPolicy | None] = {}
        self._meaning: dict[str, MeaningIndex | None] = {}
        self._lock = threading.Lock()

    def policy(self, space: str) -> SlaPolicy | None:
        with self._lock:
            if space not in self._policies:
                data = self.catalog.read_yaml(space, SLA_FILE)
                path = self.catalog.space(space).path / SLA_FILE
                self._policies[space] = None if data is None else validate_model(path, data, SlaPolicy)
            return self._policies[space]

    def forget(self, space: str) -> None:
        """Drop the space's parsed SLA policy and its meaning index: the next
        request reads ``kb/<space>/sla.yaml`` again (after a curator's change)."""
        with self._lock:
            self._policies.pop(space, None)
            self._meaning.pop(space, None)

    def warm(self, space: str) -> None:
        policy = self.policy(space)
        if policy is not None and self.embedder is not None:
            self._meaning_index(space, policy)

    def due(self, ticket: Ticket, now: datetime | None = None, vector: np.ndarray | None = None) -> SlaDue | None:
        policy = self.policy(ticket.space)
        if policy is None:
            return None
        now = now or datetime.now(timezone.utc)
        request, how = self._recognise(ticket, policy, vector)
        if request is None:
            if not policy.note:
                return None
            return SlaDue(None, None, None, None, policy.source, note=policy.note)
        calendar = policy.calendar()
        start = parse_time(ticket.created_at) or now
        first = self._add(calendar, start, request.first_response)
        resolution = self._add(calendar, start, request.resolution)
        earliest = None
        if request.resolution is not None and request.resolution.at_least:
            earliest = self._add(calendar, start, Duration(amount=request.resolution.at_least, unit=request.resolution.unit))
        notes = [request.note] if request.note else []
        if calendar is not None and policy.working_hours is not None and policy.working_hours.assumed:
            notes.append("Horário de trabalho assumido pela curadoria (o documento não o informa): " + calendar.describe() + ".")
        return SlaDue(
            first_response_due=first,
            resolution_due=resolution,
            policy_id=request.id,
            request_type=request.request_type,
            source=request.source,
            first_response_hours_left=_left(calendar, now, first),
            resolution_hours_left=_left(calendar, now, resolution),
            resolution_earliest=earliest,
            recognised_by=how,
            business_hours=calendar.describe() if calendar else "",
            note=" ".join(notes),
        )

    @staticmethod
    def _add(calendar, start: datetime, duration: Duration | None) -> datetime | None:
        if duration is None or calendar is None:
            return None
        if duration.unit == "business_hours":
            return calendar.add_hours(start, duration.amount)
        return calendar.add_days(start, int(round(duration.amount)))

    # -- recognising the request type --------------------------------------------
    def _recognise(self, ticket: Ticket, policy: SlaPolicy, vector: np.ndarray | None) -> tuple[RequestPolicy | None, str]:
        by_id = {p.id: p for p in policy.policies}
        view = TicketView.of(ticket)
        declared: list[tuple[str, str]] = []
        if ticket.type:
            declared.append(("type", ticket.type))
        if policy.type_fields and (found := find_field(view.fields, policy.type_fields)) is not None and found[1]:
            declared.append(("field", str(found[1])))
        declared += [("tag", tag) for tag in ticket.tags]
        for how, value in declared:
            for request in policy.policies:
                names = [request.request_type, request.id] + request.recognise.values
                if fold(value) in {fold(n) for n in names}:
                    return request, how
        texts = view.texts(expand_origins(["customer_text"]))
        best: tuple[int, RequestPolicy] | None = None
        for request in policy.policies:
            phrases = [compile_phrase(p) for p in request.recognise.phrases]
            for piece in texts:
                match = find_any(phrases, piece.views) if phrases else None
                if match and not match.negated and (best is None or match.length > best[0]):
                    best = (match.length, request)
        if best is not None:
            return best[1], "text"
        if vector is not None and (index := self._meaning_index(ticket.space, policy)) is not None:
            fit = index.best(vector)
            if fit is not None:
                return by_id[fit.id], "meaning"
        if policy.default_policy:
            return by_id[policy.default_policy], "default"
        return None, ""

    def _meaning_index(self, space: str, policy: SlaPolicy) -> MeaningIndex | None:
        if self.embedder is None:
            return None
        with self._lock:
            if space not in self._meaning:
                candidates = [(p.id, p.recognise.examples) for p in policy.policies if p.recognise.examples]
                self._meaning[space] = MeaningIndex(self.embedder, candidates, probe_vectors(self.embedder)) if candidates else None
            return self._meaning[space]


def _left(calendar, now: datetime, due: datetime | None) -> float | None:
    if calendar is None or due is None:
        return None
    return round(calendar.hours_between(now, due), 2)
