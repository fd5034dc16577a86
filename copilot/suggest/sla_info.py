"""The ``sla`` part of a suggestion: an ``SlaDue`` as plain, serialisable data."""

from __future__ import annotations

from datetime import datetime

from copilot.suggest.results import SlaInfo
from copilot.suggest.sla import SlaDue


def sla_info(due: SlaDue | None) -> SlaInfo | None:
    if due is None:
        return None

    def iso(moment: datetime | None) -> str | None:
        return moment.isoformat() if moment else None

    return SlaInfo(
        policy_id=due.policy_id,
        request_type=due.request_type,
        first_response_due=iso(due.first_response_due),
        resolution_due=iso(due.resolution_due),
        first_response_hours_left=due.first_response_hours_left,
        resolution_hours_left=due.resolution_hours_left,
        business_hours=due.business_hours,
        note=due.note,
        source=due.source,
    )
