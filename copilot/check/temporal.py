"""Recognising pt-BR dates, times and durations in a draft.

Each expression is found in the folded draft (same offsets as the draft) and
described by a small ``When`` record; :mod:`copilot.check.calendar` turns it
into a datetime window relative to "now". dateparser does not read "até
sexta", "dia 15", "semana que vem" or "3 dias úteis" (see STACK-NOTES), so
the recogniser is our own; the vocabulary below is generic Portuguese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

MONTHS = {"janeiro": 1, "fevereiro": 2, "marco": 3, "abril": 4, "maio": 5, "junho": 6, "julho": 7, "agosto": 8,
          "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12}
WEEKDAYS = {"segunda": 0, "terca": 1, "quarta": 2, "quinta": 3, "sexta": 4, "sabado": 5, "domingo": 6}
NUMBER_WORDS = {"um": 1, "uma": 1, "dois": 2, "duas": 2, "tres": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7,
                "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12, "treze": 13, "catorze": 14, "quatorze": 14,
                "quinze": 15, "dezesseis": 16, "dezessete": 17, "dezoito": 18, "dezenove": 19, "vinte": 20,
                "trinta": 30, "quarenta": 40, "cinquenta": 50, "sessenta": 60, "setenta": 70, "noventa": 90,
                "meia": 0.5, "meio": 0.5, "poucos": 3, "poucas": 3, "alguns": 3, "algumas": 3}
ORDINALS = ("primeiro|segundo|terceiro|quarto|quinto|sexto|setimo|oitavo|nono|decimo|\\d{1,2}o|\\d{1,2}º")
# Nouns after "segunda", "quarta"… that make them ordinals, not weekdays ("segunda via").
ORDINAL_NOUNS = frozenset(
    "via vias vez vezes opcao opcoes tentativa etapa parte fase parcela parcelas pagina linha coluna nota notas "
    "versao alternativa instancia camada guia aba tela forma maneira hipotese ordem pergunta questao duvida "
    "mensagem solicitacao chamada ligacao reuniao visita casa posicao nivel classe categoria empresa filial "
    "conta fatura boleto boletos cobranca emissao tela etapas turma edicao rodada geracao feira".split()
)

_NUM_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
NUM = rf"(?:\d{{1,3}}(?:[.,]\d)?|(?:{_NUM_WORD})(?:\s+e\s+(?:{_NUM_WORD}))?)"
_MONTH = "|".join(MONTHS)
_WEEKDAY = "segunda|terca|quarta|quinta|sexta"
_UNIT = r"minutos?|min|horas?|hrs?|hs|h|dias?|semanas?|meses|mes"
_MOD = r"uteis|util|corridos|corridas|comerciais|comercial"


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
    return "months"


_P = re.compile  # patterns are searched in the folded draft
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("past", _P(r"\b(?:ontem|anteontem|antes de ontem|(?:na |no |a |o )?(?:semana|mes|ano) passad[oa]"
                r"|(?:na|no|a|o|nesta|neste) (?:ultima|ultimo) (?:semana|mes|ano|segunda|terca|quarta|quinta|sexta"
                r"|sabado|domingo)(?:-feira)?|(?:na|no) (?:segunda|terca|quarta|quinta|sexta|sabado|domingo)(?:-feira)?"
                rf" passad[oa]|ha (?:mais de |cerca de |uns |umas )?{NUM} (?:{_UNIT})\b|{NUM} (?:{_UNIT}) atras"
                r"|(?:segunda|terca|quarta|quinta|sexta|sabado|domingo)(?:-feira)? passad[oa]|desde (?:o dia |a |o )?\S+)")),
    ("iso", _P(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("longdate", _P(rf"\b(?:dia\s+)?(\d{{1,2}}|primeiro)(?:o|º)?\s+de\s+({_MONTH})(?:\s+(?:de\s+)?(\d{{4}}))?\b")),
    ("numdate", _P(r"(?<![\d/.,])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")),
    ("between", _P(r"\bentre\s+(?:as\s+)?(?P<h1>\d{1,2})(?:h(?P<m1>\d{2})?|:(?P<m2>\d{2}))\s*(?:e|a)\s+(?:as\s+)?"
                   r"(?P<h2>\d{1,2})(?:h(?P<m3>\d{2})?|:(?P<m4>\d{2}))(?![\w/])")),
    ("generic", _P(rf"\b(?:das?|de|entre)\s+\d{{1,2}}(?:h\d{{0,2}}|:\d{{2}})?\s*(?:as|a|ate|e)\s+\d{{1,2}}"
                   rf"(?:h\d{{0,2}}|:\d{{2}}|\s*horas)(?:\s+(?:{_MOD}))?"
                   rf"|\b\d{{1,2}}\s*h\s*(?:a|as|e)\s*\d{{1,3}}\s*h(?:oras)?(?:\s+(?:{_MOD}))?"
                   rf"|\bde\s+(?:segunda|domingo)(?:-feira)?\s+a\s+(?:sexta|sabado|domingo)(?:-feira)?"
                   rf"|\b(?:no|ate o|a partir do|apos o|depois do)\s+(?:{ORDINALS})\s+dia(?:\s+util)?\b"
                   rf"|\b(?:tod[oa]s?(?:\s+[oa]s?)?|a cada|cada)\s+(?:dias?\s+(?:\d{{1,2}}|primeiro)\b|(?:{_WEEKDAY}"
                   rf"|sabado|domingo)s?(?:-feiras?)?|mes|meses|semana|semanas|ano|manha|tarde|noite|inicio de mes)")),
    ("duration", _P(rf"\b(?P<prep>em ate|em no maximo|no maximo em|no maximo|em|dentro de|daqui a|no prazo de"
                    rf"|num prazo de|prazo de|nas proximas|nos proximos|ate|de)\s+(?P<num>{NUM})\s*"
                    rf"(?P<unit>{_UNIT})\b(?:\s+(?P<mod>{_MOD}))?")),
    ("dayn", _P(r"\bdia\s+(\d{1,2}|primeiro)\b(?!\s*(?:/|de\s+(?:" + _MONTH + r")))")),
    ("month", _P(rf"\b(?:em|ate|no inicio de|no final de|no fim de|em meados de|para|durante)\s+({_MONTH})"
                 rf"(?:\s+(?:de\s+)?(\d{{4}}))?\b")),
    ("relday", _P(r"\b(depois de amanha|amanha|hoje|ainda hoje)(?:\s+(?:ainda|mesmo|cedo|de manha|pela manha"
                  r"|a tarde|de tarde|a noite|no periodo da (?:manha|tarde)|no fim da tarde|no final da tarde))?\b"
                  r"|\b(?:ainda\s+)?(?:nesta|esta|essa|nessa)\s+(?:manha|tarde|noite)\b")),
    ("period", _P(r"\b(?:ate\s+(?:o\s+)?|no\s+|ao\s+|o\s+)?(?:fim|final|encerramento|termino)\s+d[oa]\s+"
                  r"(dia|expediente|tarde|manha|semana|mes|ano)\b"
                  r"|\b(?:no inicio d[ao]\s+)?(?:na\s+|ate a\s+|para a\s+|a\s+)?(proxima semana|semana que vem"
                  r"|proximo mes|mes que vem|proximo ano|ano que vem|proximos dias|proximas semanas|proximas horas"
                  r"|(?:ainda\s+)?(?:nesta|esta|essa|nessa|neste|este|nesse|esse) (?:semana|mes))\b")),
    ("weekday", _P(rf"\b(?P<pre>(?:(?:ate|na|no|nesta|neste|nessa|nesse|esta|este|essa|esse|pra|para|a partir de"
                   rf"|a partir da|antes de|antes da)\s+)?(?:(?:a |o )?(?:proxima|proximo)\s+)?)"
                   rf"(?P<wd>{_WEEKDAY}|sabado|domingo)(?P<feira>[- ]feira)?(?P<next>\s+que vem)?\b")),
    ("version", _P(r"\b(?:(?:na|no|pela|pelo|ate a|ate o|para a|para o|com a|com o|numa|num)\s+)?"
                   r"(?:proxima|proximo)\s+(?:versao|release|atualizacao|sprint|build|pacote|expedicao|deploy"
                   r"|publicacao|janela de atualizacao|liberacao)\b")),
    ("time", _P(r"\b(?P<prep>(?:ate as|ate|as|a partir das|antes das|por volta das|perto das|apos as|depois das)\s+)?"
                r"(?P<h>\d{1,2})(?:h(?P<m1>\d{2})?(?:min)?|:(?P<m2>\d{2})(?:\s*h)?)(?![\w/])"
                r"|\b(?:ate o |ao |a partir do )?(?P<noon>meio-dia|meio dia|meia-noite)\b")),
]
_DURATION_NOUN = re.compile(r"\b(?:prazo|previsao|estimativa|tempo|sla)\b[^.!?\n]{0,25}$")
_BY_PREFIX = re.compile(r"\b(?:ate|antes|no maximo|no mais tardar|em ate)(?:\s+(?:de|do|da|o|a))?(?:\s+dia)?\s+$")
_JOIN_GAP = re.compile(r"^[\s,()]*(?:(?:as|a partir das|ate as|de|do|no|na|dia|no dia|-|–|,)\s*)?[\s,()]*$")


def _when(kind: str, m: re.Match[str], folded: str) -> When | None:
    s, e = m.start(), m.end()
    prefix = _BY_PREFIX.search(folded[max(0, s - 24):s])
    by = prefix is not None or folded[s:e].startswith("ate ")
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
        return When("month", s, e, month=MONTHS[m[1]], year=int(m[2]) if m[2] else None, by=by)
    if kind == "relday":
        text = folded[s:e]
        offset = 2 if "depois de amanha" in text else 1 if "amanha" in text else 0
        return When("relday", s, e, offset=offset, by=by)
    if kind == "period":
        return When("period", s, e, unit=(m[1] or m[2]).replace("ainda ", ""), by=True)
    if kind == "weekday":
        following = folded[e:e + 20].split()
        has_prep = bool(m["pre"].strip())
        if m["wd"] in WEEKDAYS and WEEKDAYS[m["wd"]] < 5 and not m["feira"]:
            if not has_prep or (following and following[0].strip(".,;:!?") in ORDINAL_NOUNS):
                return None
        ahead = 7 if m["next"] else (1 if "proxim" in m["pre"] else 0)
        return When("weekday", s, e, weekday=WEEKDAYS[m["wd"]], offset=ahead, by=by)
    if kind == "duration":
        amount = number(m["num"])
        unit = _unit(m["unit"])
        if amount is None:
            return None
        if m["prep"] in ("ate", "de") and unit == "hours" and m["unit"] in ("h", "hs", "hrs") and amount <= 23:
            return None  # "até 17h" is a time of day
        if m["prep"] == "de" and not _DURATION_NOUN.search(folded[max(0, s - 40):s]):
            return None  # "mais de 10 minutos por pedido" is a quantity
        business = bool(m["mod"]) and not m["mod"].startswith("corrid")
        return When("duration", s, e, amount=amount, unit=unit, business=business, by=True)
    if kind == "between":  # "entre 14h e 16h": a window today (or on the day it is joined to)
        hour, minute = int(m["h1"]), int(m["m1"] or m["m2"] or 0)
        until, until_minute = int(m["h2"]), int(m["m3"] or m["m4"] or 0)
        if max(hour, until) > 23:
            return None
        return When("time", s, e, hour=hour, minute=minute, until=(until, until_minute), by=by)
    if kind == "time":
        if m["noon"]:
            hour, minute = (12 if "dia" in m["noon"] else 0), 0
        else:
            hour, minute = int(m["h"]), int(m["m1"] or m["m2"] or 0)
        if hour > 23 or minute > 59:
            return None
        return When("time", s, e, hour=hour, minute=minute, by=by)
    return None


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
        if joined and when.kind not in ("past", "generic") and joined[-1].kind not in ("past", "generic") \
                and _JOIN_GAP.match(folded[joined[-1].end:when.start]) and "\n" not in folded[joined[-1].end:when.start]:
            joined[-1] = _combine(joined[-1], when)
        else:
            joined.append(when)
    return joined
