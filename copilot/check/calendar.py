"""Placing a recognised expression on the calendar: a datetime window from "now".

Business days skip weekends and Brazil's national holidays (the ``holidays``
package ships them); business hours use the space's working day from
rules.yaml. A window is (earliest, latest): "amanhã" is tomorrow 00:00–23:59,
"até sexta" is now–Friday 23:59, "em 3 dias úteis" is now–the end of the
third business day.
"""

from __future__ import annotations

import calendar as _cal
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from copilot.check.rules import BusinessHours
from copilot.check.temporal import When

Window = tuple[datetime, datetime]


@lru_cache(maxsize=16)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Brazil(years=year).keys())


class Calendar:
    def __init__(self, hours: BusinessHours) -> None:
        self.hours = hours

    def is_business_day(self, day: date) -> bool:
        return day.weekday() in self.hours.weekdays and day not in _holidays(day.year)

    def add_business_days(self, start: datetime, days: int) -> datetime:
        day, left = start.date(), max(1, days)
        while left:
            day += timedelta(days=1)
            left -= self.is_business_day(day)
        return _end_of(day, start)

    def add_business_hours(self, start: datetime, hours: float) -> datetime:
        left, moment = timedelta(hours=hours), start
        for _ in range(400):  # bounded: at most a year and a half of working days
            day_start = moment.replace(hour=self.hours.start, minute=0, second=0, microsecond=0)
            day_end = moment.replace(hour=self.hours.end, minute=0, second=0, microsecond=0)
            if self.is_business_day(moment.date()) and moment < day_end:
                moment = max(moment, day_start)
                if moment + left <= day_end:
                    return moment + left
                left -= day_end - moment
            moment = (moment + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        return moment

    def window(self, when: When, now: datetime) -> Window | None:
        """The window an expression points at, or None when it names no date (a version, a rule)."""
        found = self._window(when, now)
        if found is None:
            return None
        start, end = found
        if when.hour is not None and when.kind != "time":
            moment = datetime.combine(start.date(), time(when.hour, when.minute), now.tzinfo)
            start, end = moment, moment
        if when.until is not None:
            end = datetime.combine(start.date(), time(*when.until), now.tzinfo)
        if when.part is not None:
            start, end = _share(start, end, when.part, now)
        if when.by:
            start = min(now, start)
        return start, end

    def _window(self, when: When, now: datetime) -> Window | None:
        today = now.date()
        if when.kind == "date":
            year = when.year or today.year
            day = _safe_date(year, when.month, when.day)
            if day is not None and when.year is None and day < today - timedelta(days=60):
                day = _safe_date(year + 1, when.month, when.day)
            return _whole(day, now) if day else None
        if when.kind == "day":
            month, year = today.month, today.year
            if when.day < today.day:
                month, year = (1, year + 1) if month == 12 else (month + 1, year)
            day = _safe_date(year, month, when.day)
            return _whole(day, now) if day else None
        if when.kind == "month":
            year = when.year or (today.year if when.month >= today.month else today.year + 1)
            first = date(year, when.month, 1)
            return _start_of(first, now), _end_of(_month_end(first), now)
        if when.kind == "period" and when.part is not None:
            return self._whole_period(when.unit, now)
        if when.kind == "relday":
            return _whole(today + timedelta(days=when.offset), now) if when.offset else (now, _end_of(today, now))
        if when.kind == "weekday":
            ahead = (when.weekday - today.weekday()) % 7
            if when.offset == 7 or (when.offset == 1 and ahead == 0):
                ahead += 7
            return _whole(today + timedelta(days=ahead), now)
        if when.kind == "time":
            moment = datetime.combine(today, time(when.hour, when.minute), now.tzinfo)
            return (now, moment) if when.by else (moment, moment)
        if when.kind == "duration":
            return now, self._after(now, when)
        if when.kind == "period":
            return self._period(when.unit, now)
        return None

    def _after(self, now: datetime, when: When) -> datetime:
        if when.business and when.unit == "days":
            return self.add_business_days(now, round(when.amount))
        if when.business and when.unit in ("hours", "minutes"):
            return self.add_business_hours(now, when.amount / (60 if when.unit == "minutes" else 1))
        step = {"minutes": timedelta(minutes=1), "hours": timedelta(hours=1), "days": timedelta(days=1),
                "weeks": timedelta(weeks=1), "fortnights": timedelta(days=15), "months": timedelta(days=30)}[when.unit]
        return now + step * when.amount

    def _whole_period(self, unit: str, now: datetime) -> Window | None:
        """The whole calendar period a part is taken from: "início do mês" is a share of this month."""
        today = now.date()
        monday = today - timedelta(days=today.weekday())
        if unit in ("semana", "proxima semana", "semana que vem"):
            first = monday + timedelta(days=7 if unit != "semana" else 0)
            return _start_of(first, now), _end_of(first + timedelta(days=6), now)
        if unit in ("mes", "proximo mes", "mes que vem"):
            first = today.replace(day=1) if unit == "mes" else _month_end(today) + timedelta(days=1)
            return _start_of(first, now), _end_of(_month_end(first), now)
        if unit in ("ano", "proximo ano", "ano que vem"):
            year = today.year + (unit != "ano")
            return _start_of(date(year, 1, 1), now), _end_of(date(year, 12, 31), now)
        return self._period(unit, now)

    def _period(self, unit: str, now: datetime) -> Window | None:
        today = now.date()
        monday = today - timedelta(days=today.weekday())
        if unit in ("dia", "expediente"):
            end = now.replace(hour=self.hours.end, minute=0) if unit == "expediente" else _end_of(today, now)
            return now, max(now, end)
        if unit in ("tarde", "manha"):
            return now, max(now, now.replace(hour=18 if unit == "tarde" else 12, minute=0))
        if unit in ("semana", "nesta semana", "esta semana", "essa semana", "nessa semana"):
            return now, _end_of(monday + timedelta(days=6), now)
        if unit in ("proxima semana", "semana que vem"):
            return _start_of(monday + timedelta(days=7), now), _end_of(monday + timedelta(days=13), now)
        if unit in ("mes", "neste mes", "este mes", "nesse mes", "esse mes"):
            return now, _end_of(_month_end(today), now)
        if unit in ("proximo mes", "mes que vem"):
            first = _month_end(today) + timedelta(days=1)
            return _start_of(first, now), _end_of(_month_end(first), now)
        if unit == "fim de semana":
            saturday = monday + timedelta(days=5)
            return _start_of(max(saturday, today), now), _end_of(saturday + timedelta(days=1), now)
        if unit == "ano":
            return now, _end_of(date(today.year, 12, 31), now)
        if unit in ("proximo ano", "ano que vem"):
            return _start_of(date(today.year + 1, 1, 1), now), _end_of(date(today.year + 1, 12, 31), now)
        if unit == "proximos dias":
            return now, _end_of(today + timedelta(days=5), now)
        if unit == "proximas semanas":
            return now, _end_of(today + timedelta(days=21), now)
        if unit == "proximas horas":
            return now, now + timedelta(hours=6)
        return None


def _share(start: datetime, end: datetime, part: tuple[float, float], now: datetime) -> Window:
    """The share of a window a part names ("início": the first third), whole days, never before now."""
    days = (end.date() - start.date()).days + 1
    first = start.date() + timedelta(days=int(days * part[0]))
    last = start.date() + timedelta(days=max(0, round(days * part[1]) - 1))
    return max(_start_of(first, now), min(now, _end_of(last, now))), _end_of(last, now)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_end(day: date) -> date:
    return day.replace(day=_cal.monthrange(day.year, day.month)[1])


def _start_of(day: date, now: datetime) -> datetime:
    return datetime.combine(day, time.min, now.tzinfo)


def _end_of(day: date, now: datetime) -> datetime:
    return datetime.combine(day, time(23, 59, 59), now.tzinfo)


def _whole(day: date, now: datetime) -> Window:
    return _start_of(day, now), _end_of(day, now)
