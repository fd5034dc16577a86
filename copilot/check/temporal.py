"""Recognising pt-BR dates, times and durations in a draft.

Each expression is found in the folded draft (same offsets as the draft) and
described by a small ``When`` record; :mod:`copilot.check.calendar` turns it
into a datetime window relative to "now". dateparser does not read "até
sexta", "dia 15", "semana que vem" or "3 dias úteis" (see STACK-NOTES), so
the recogniser is our own; its vocabulary (generic Portuguese) is in
:mod:`copilot.check.timewords`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from copilot.check.timewords import (BY_PREFIX, DAY_PARTS, DURATION_NOUN, JOIN_GAP, MONTHS, NEEDS, NUMBER_WORDS,
                                     ORDINAL_NOUNS, PARTS, PATTERNS, WEEKDAYS)

_AFTER_EVENT = re.compile(r"\s+(?:apos|depois d[aoe]s?|seguinte a[o]?s?|subsequente)\b")
_ORDINAL_VALUES = {"primeiro": 1, "segundo": 2, "terceiro": 3, "quarto": 4, "quinto": 5, "sexto": 6, "setimo": 7,
                   "oitavo": 8, "nono": 9, "decimo": 10}


@dataclass(frozen=True)
class When:
    """What an expression says, before it is placed on a calendar."""

    kind: str  # date, day, weekday, relday, period, duration, time, month, generic, version, past
    start: int
    end: int
    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    offset: int = 0  # days from today (relday) or periods ahead
    unit: str = ""  # duration unit or period name
    amount: float = 0.0
    business: bool = False
    hour: int | None = None
    minute: int = 0
    until: tuple[int, int] | None = None  # end of "entre 14h e 16h"
    part: tuple[float, float] | None = None  # "início de dezembro": the share of the period meant
    by: bool = False  # "até …": the whole window from now counts
    parts: tuple["When", ...] = field(default=(), compare=False)


def number(text: str) -> float | None:
    text = text.strip().replace(",", ".")
    try:
        return float(text)
    except ValueError:
        pass
    total = 0.0
    for word in re.split(r"\s+e\s+", text):
        if word not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[word]
    return total


def _unit(text: str) -> str:
    if text.startswith("min"):
        return "minutes"
    if text.startswith("h"):
        return "hours"
    if text.startswith("dia"):
        return "days"
    if text.startswith("sem"):
        return "weeks"
    if text.startswith("q"):
        return "fortnights"
    return "months"


def _when(kind: str, m: re.Match[str], folded: str) -> When | None:
    s, e = m.start(), m.end()
    prefix = BY_PREFIX.search(folded[max(0, s - 24):s])
    by = prefix is not None or folded[s:e].startswith(("ate ", "no mais tardar", "no maximo", "antes "))
    if prefix is not None and kind not in ("past", "generic"):
        s -= len(prefix.group(0))
    if kind == "past" or kind == "generic" or kind == "version":
        return When(kind, s, e, by=by)
    if kind == "iso":
        return When("date", s, e, int(m[3]), int(m[2]), int(m[1]), by=by)
    if kind in ("longdate", "numdate"):
        day = 1 if m[1] == "primeiro" else int(m[1])
        month = MONTHS[m[2]] if kind == "longdate" else int(m[2])
        year = int(m[3]) if m[3] else None
        if year is not None and year < 100:
            year += 2000
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        return When("date", s, e, day, month, year, by=by)
    if kind == "dayn":
        day = 1 if m[1] == "primeiro" else int(m[1])
        return When("day", s, e, day=day, by=by) if 1 <= day <= 31 else None
    if kind == "month":
        part = PARTS.get(m["part"]) if m["part"] else None
        return When("month", s, e, month=MONTHS[m["month"]], year=int(m["year"]) if m["year"] else None, by=by,
                    part=part)
    if kind == "relday":
        text = folded[s:e]
        offset = 2 if "depois de amanha" in text else 1 if "amanha" in text else 0
        return When("relday", s, e, offset=offset, by=by)
    if kind == "period":
        if m["weekend"]:
            return When("period", s, e, unit="fim de semana", by=by)
        if m["part"]:
            return When("period", s, e, unit=m["unit"], by=by, part=PARTS[m["part"]])
        return When("period", s, e, unit=m["rel"].replace("ainda ", ""), by=True)
    if kind == "weekday":
        following = folded[e:e + 20].split()
        has_prep = bool(m["prep"] or m["prox"])
        if m["wd"] in WEEKDAYS and WEEKDAYS[m["wd"]] < 5 and not m["feira"]:
            if not has_prep or (following and following[0].strip(".,;:!?") in ORDINAL_NOUNS):
                return None
        ahead = 7 if m["next"] else (1 if m["prox"] else 0)
        return When("weekday", s, e, weekday=WEEKDAYS[m["wd"]], offset=ahead, by=by)
    if kind in ("duration", "next", "ordinal", "soon"):
        return _duration(kind, m, folded, s, e)
    if kind == "between":  # "entre 14h e 16h": a window today (or on the day it is joined to)
        hour, minute = int(m["h1"]), int(m["m1"] or m["m2"] or 0)
        until, until_minute = int(m["h2"]), int(m["m3"] or m["m4"] or 0)
        if max(hour, until) > 23:
            return None
        return When("time", s, e, hour=hour, minute=minute, until=(until, until_minute), by=by)
    if kind == "clock":  # "às 15 horas", "às três da tarde", "às 9 e meia da manhã"
        hour = number(m["h"])
        if hour is None or hour != int(hour) or not (m["hs"] or m["ampm"]):
            return None
        hour = int(hour) + (DAY_PARTS[m["ampm"]] if m["ampm"] and hour < 12 else 0)
        minute = {"meia": 30, "quinze": 15, None: 0}.get(m["min"], None)
        minute = int(m["min"]) if minute is None else minute
        if hour > 23 or minute > 59:
            return None
        return When("time", s, e, hour=hour, minute=minute, by=by or m["prep"].startswith(("ate", "antes")))
    if kind == "time":
        if m["noon"]:
            hour, minute = (12 if "dia" in m["noon"] else 0), 0
        else:
            hour, minute = int(m["h"]), int(m["m1"] or m["m2"] or 0)
        if hour > 23 or minute > 59:
            return None
        return When("time", s, e, hour=hour, minute=minute, by=by)
    return None


def _duration(kind: str, m: re.Match[str], folded: str, s: int, e: int) -> When | None:
    """A stretch of time from now: "em 2 horas", "nas próximas 48h", "até o terceiro dia útil", "daqui a pouco"."""
    if kind == "soon":
        return When("duration", s, e, amount=1, unit="hours", by=True)
    if kind == "ordinal":
        text = m["ord"]
        amount = _ORDINAL_VALUES.get(text) or int(re.sub(r"\D", "", text) or 0)
        return When("duration", s, e, amount=amount, unit="days", business=True, by=True) if amount else None
    unit = _unit(m["unit"])
    if kind == "next":  # "o próximo dia útil", "nas próximas 2 horas"; "a próxima semana" is a calendar period
        if m["num"] is None and (m["plural"] or unit not in ("minutes", "hours", "days", "fortnights")):
            return None
        if _AFTER_EVENT.match(folded, e):  # "no próximo dia útil após o vencimento": a rule, not a date from now
            return When("generic", s, e)
        amount = number(m["num"]) if m["num"] else 1.0
    else:
        amount = number(m["num2"] or m["num"])
    if amount is None:
        return None
    if kind == "duration":
        if m["prep"] in ("ate", "de") and unit == "hours" and m["unit"] in ("h", "hs", "hrs") and amount <= 23:
            return None  # "até 17h" is a time of day
        if m["prep"] in ("de", "entre") and not DURATION_NOUN.search(folded[max(0, s - 40):s]):
            return None  # "mais de 10 minutos por pedido" is a quantity
    business = bool(m["mod"]) and not m["mod"].startswith("corrid")
    return When("duration", s, e, amount=amount, unit=unit, business=business, by=True)


def _combine(first: When, second: When) -> When:
    """"amanhã às 10h", "sexta-feira, dia 15/12": one expression, the most precise reading."""
    kinds = {first.kind, second.kind}
    base = second if second.kind in ("date", "day") else first
    if "time" in kinds and len(kinds) == 2:
        day_part = first if second.kind == "time" else second
        time_part = second if second.kind == "time" else first
        base = replace(day_part, hour=time_part.hour, minute=time_part.minute, until=time_part.until)
    return replace(base, start=first.start, end=second.end, by=first.by or second.by, parts=(first, second))


def find_expressions(folded: str) -> list[When]:
    """Every time expression, longest first where two overlap, adjacent ones joined."""
    found: list[When] = []
    for kind, pattern in PATTERNS:
        if kind in NEEDS and not any(word in folded for word in NEEDS[kind]):
            continue
        for match in pattern.finditer(folded):
            when = _when(kind, match, folded)
            if when is None or when.end - when.start < 2:
                continue
            if any(w.start < when.end and when.start < w.end for w in found):
                continue
            found.append(when)
    found.sort(key=lambda w: w.start)
    joined: list[When] = []
    for when in found:
        adjacent = bool(joined) and bool(JOIN_GAP.match(folded[joined[-1].end:when.start])) \
            and "\n" not in folded[joined[-1].end:when.start]
        fixed = ("past", "generic")  # a past day or a recurring one: its hour is no promise either
        if adjacent and (joined[-1].kind in fixed and when.kind == "time"
                         or joined[-1].kind == "time" and when.kind in fixed):
            joined[-1] = replace(when if when.kind in fixed else joined[-1], kind=when.kind if when.kind in fixed
                                 else joined[-1].kind, start=joined[-1].start, end=when.end)
        elif adjacent and when.kind not in fixed and joined[-1].kind not in fixed:
            joined[-1] = _combine(joined[-1], when)
        else:
            joined.append(when)
    return joined
