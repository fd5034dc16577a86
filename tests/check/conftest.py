"""Fixtures for the draft checker: the repository's kb, a fixed "now", a fake SLA."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from copilot.check import DraftChecker
from copilot.kb.catalog import Catalog
from copilot.ticket import Ticket

REPO = Path(__file__).resolve().parents[2]
SAO_PAULO = ZoneInfo("America/Sao_Paulo")
# A Tuesday morning: "amanhã" is Wednesday 25/11, "sexta" is 27/11.
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=SAO_PAULO)


@dataclass
class FakeDue:
    first_response_due: datetime | None
    resolution_due: datetime | None
    source: object = None


class FakeSla:
    """Resolution due a fixed time after "now"; records the calls it gets."""

    def __init__(self, resolution: timedelta | None, first_response: timedelta | None = None) -> None:
        self.resolution, self.first_response = resolution, first_response
        self.calls: list[tuple[str, datetime]] = []

    def due(self, ticket: Ticket, now: datetime) -> FakeDue:
        self.calls.append((ticket.space, now))
        return FakeDue(now + self.first_response if self.first_response else None,
                       now + self.resolution if self.resolution else None)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog(REPO / "kb")


@pytest.fixture(scope="session")
def checker(catalog) -> DraftChecker:
    return DraftChecker(catalog)


def ticket(space: str = "totvs", **extra) -> Ticket:
    data = {"space": space, "subject": "Erro ao transmitir o SPED Fiscal", "created_at": "2026-11-20T09:00:00-03:00"}
    data.update(extra)
    return Ticket.model_validate(data)


def rules_of(result) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in result.findings]
