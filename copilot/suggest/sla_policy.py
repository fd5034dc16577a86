"""The schema of ``kb/<space>/sla.yaml``: working hours, holidays, request types.

Every time in the file must be backed by a passage of the space's documents
(``source``); where the documents give none, the policy says so in
``note`` and no time is computed. Working hours the documents do not state
may be set by the curator with ``assumed: true``, and every answer then says
they were assumed.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from copilot.kb.macros import SourceRef
from copilot.suggest.business_time import WEEKDAYS, BusinessCalendar

_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class Duration(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: float = Field(gt=0)
    unit: Literal["business_hours", "business_days"]
    at_least: float | None = None  # a range's lower end ("4h a 24h comerciais"), same unit

    def describe(self) -> str:
        word = "hora(s) útil(eis)" if self.unit == "business_hours" else "dia(s) útil(eis)"
        low = f"{self.at_least:g} a " if self.at_least else ""
        return f"{low}{self.amount:g} {word}"


class Recognition(BaseModel):
    """How a ticket's request type is recognised: its ``type``, a field named like
    ``SlaPolicy.type_fields`` holding one of ``values``, tags, or the meaning of the text."""

    model_config = ConfigDict(extra="forbid")

    values: list[str] = Field(default_factory=list)  # ticket.type / type-field values / tags
    phrases: list[str] = Field(default_factory=list)  # statements in the customer's text
    examples: list[str] = Field(default_factory=list)  # typical requests, matched by meaning


class RequestPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    request_type: str  # the document's own name for it
    level: str | None = None
    first_response: Duration | None = None
    resolution: Duration | None = None
    note: str = ""  # what the document says instead of a time ("Avaliação mensal", "v. página de serviços")
    recognise: Recognition = Field(default_factory=Recognition)
    source: SourceRef


class WorkingHours(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: dict[str, list[str]]  # weekday name → ["08:00-18:00", …]
    assumed: bool = False  # not stated by the documents: set by curation
    note: str = ""
    source: SourceRef | None = None

    @field_validator("days")
    @classmethod
    def _valid_days(cls, days: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, windows in days.items():
            if name not in WEEKDAYS:
                raise ValueError(f"dia da semana desconhecido: '{name}' (use {', '.join(WEEKDAYS)})")
            for window in windows:
                match = _WINDOW.match(window)
                if not match or (int(match[1]), int(match[2])) >= (int(match[3]), int(match[4])):
                    raise ValueError(f"janela inválida: '{window}' (use 'HH:MM-HH:MM')")
        return days

    def windows(self) -> dict[int, tuple[tuple[time, time], ...]]:
        out = {}
        for name, spans in self.days.items():
            parsed = []
            for span in spans:
                m = _WINDOW.match(span)
                assert m is not None
                parsed.append((time(int(m[1]), int(m[2])), time(int(m[3]), int(m[4]))))
            out[WEEKDAYS.index(name)] = tuple(sorted(parsed))
        return out


class Holidays(BaseModel):
    model_config = ConfigDict(extra="forbid")

    country: str = "BR"
    subdivision: str | None = None
    extra: list[str] = Field(default_factory=list)  # ISO dates the company also closes


class SlaPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    timezone: str = "America/Sao_Paulo"
    holidays: Holidays = Field(default_factory=Holidays)
    working_hours: WorkingHours | None = None
    type_fields: list[str] = Field(default_factory=list)  # custom-field names holding the request type
    policies: list[RequestPolicy] = Field(default_factory=list)
    default_policy: str | None = None  # id used when no request type is recognised
    note: str = ""  # e.g. "SLA por criticidade; o documento não dá os prazos"
    source: SourceRef | None = None  # where the note comes from

    @model_validator(mode="after")
    def _coherent(self) -> "SlaPolicy":
        ids = {p.id for p in self.policies}
        if self.default_policy and self.default_policy not in ids:
            raise ValueError(f"default_policy '{self.default_policy}' não está em policies")
        timed = any(p.first_response or p.resolution for p in self.policies)
        if timed and self.working_hours is None:
            raise ValueError("prazos em horas/dias úteis precisam de working_hours")
        return self

    def calendar(self) -> BusinessCalendar | None:
        if self.working_hours is None:
            return None
        from datetime import date

        extra = frozenset(date.fromisoformat(d) for d in self.holidays.extra)
        return BusinessCalendar(self.timezone, self.working_hours.windows(), self.holidays.country,
                                self.holidays.subdivision, extra)
