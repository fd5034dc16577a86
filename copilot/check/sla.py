"""What the checker needs from the SLA stage: the due times of one ticket.

The suggestion stage implements this (``copilot/suggest/sla.py``); the checker
only reads ``first_response_due``, ``resolution_due`` and ``source`` from
whatever ``due`` returns, so tests can pass a small fake.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from copilot.ticket import Ticket


class SlaProvider(Protocol):
    def due(self, ticket: Ticket, now: datetime) -> Any | None:
        """An object with ``first_response_due`` and ``resolution_due`` (aware datetimes or None)
        and ``source``, or None when the space has no SLA for this ticket."""
        ...
