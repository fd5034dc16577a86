"""Business-time arithmetic: working hours per weekday, Brazilian holidays.

Pure functions over aware datetimes. "N horas úteis" counts only time inside
the working windows of business days; "N dias úteis" moves to the same clock
time N business days later (a start outside working hours first moves to the
next opening). Holidays come from the ``holidays`` package (offline): the
national holidays of Brazil, plus a state's when a subdivision is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays as holiday_data

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MAX_DAYS_SCANNED = 3660


@dataclass(frozen=True)
class BusinessCalendar:
    timezone: str
    windows: dict[int, tuple[tuple[time, time], ...]]  # weekday (0=Monday) → working windows
    country: str = "BR"
    subdivision: str | None = None
    extra_holidays: frozenset[date] = field(default_factory=frozenset)

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def _holidays(self) -> holiday_data.HolidayBase:
        return holiday_data.country_holidays(self.country, subdiv=self.subdivision)

    def is_holiday(self, day: date) -> bool:
        return day in self.extra_holidays or day in self._holidays

    def day_windows(self, day: date) -> list[tuple[datetime, datetime]]:
        if self.is_holiday(day):
            return []
        return [(datetime.combine(day, start, self.zone), datetime.combine(day, end, self.zone))
                for start, end in self.windows.get(day.weekday(), ())]

    def is_business_day(self, day: date) -> bool:
        return bool(self.day_windows(day))

    def add_hours(self, start: datetime, hours: float) -> datetime:
        """The moment ``hours`` business hours after ``start``."""
        remaining = timedelta(hours=hours)
        moment = start.astimezone(self.zone)
        day = moment.date()
        for _ in range(_MAX_DAYS_SCANNED):
            for opening, closing in self.day_windows(day):
                if closing <= moment:
                    continue
                begin = max(opening, moment)
                if begin + remaining <= closing:
                    return begin + remaining
                remaining -= closing - begin
            day += timedelta(days=1)
        raise ValueError("calendário sem horário de trabalho")

    def next_opening(self, start: datetime) -> datetime:
        moment = start.astimezone(self.zone)
        day = moment.date()
        for _ in range(_MAX_DAYS_SCANNED):
            for opening, closing in self.day_windows(day):
                if moment < closing:
                    return max(opening, moment)
            day += timedelta(days=1)
        raise ValueError("calendário sem horário de trabalho")

    def add_days(self, start: datetime, days: int) -> datetime:
        """The same clock time ``days`` business days later (from the next opening)."""
        moment = self.next_opening(start)
        day, clock, left = moment.date(), moment.timetz().replace(tzinfo=None), days
        for _ in range(_MAX_DAYS_SCANNED):
            if left == 0:
                windows = self.day_windows(day)
                last_close = windows[-1][1]
                candidate = datetime.combine(day, clock, self.zone)
                return min(candidate, last_close)
            day += timedelta(days=1)
            if self.is_business_day(day):
                left -= 1
        raise ValueError("calendário sem horário de trabalho")

    def hours_between(self, start: datetime, end: datetime) -> float:
        """Business hours from ``start`` to ``end`` (negative when ``end`` is earlier)."""
        if end < start:
            return -self.hours_between(end, start)
        total = timedelta()
        a, b = start.astimezone(self.zone), end.astimezone(self.zone)
        day = a.date()
        while day <= b.date():
            for opening, closing in self.day_windows(day):
                lo, hi = max(opening, a), min(closing, b)
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total.total_seconds() / 3600.0

    def describe(self) -> str:
        """Short pt-BR description, e.g. "seg–sex 08:00–18:00; feriados nacionais (BR)"."""
        names = ("seg", "ter", "qua", "qui", "sex", "sáb", "dom")
        groups: list[tuple[list[int], str]] = []
        for weekday in range(7):
            spans = ", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in self.windows.get(weekday, ()))
            if not spans:
                continue
            if groups and groups[-1][1] == spans and groups[-1][0][-1] == weekday - 1:
                groups[-1][0].append(weekday)
            else:
                groups.append(([weekday], spans))
        parts = [(names[d[0]] if len(d) == 1 else f"{names[d[0]]}–{names[d[-1]]}") + f" {spans}" for d, spans in groups]
        where = f"{self.country}-{self.subdivision}" if self.subdivision else self.country
        return "; ".join(parts) + f"; feriados nacionais ({where})"
