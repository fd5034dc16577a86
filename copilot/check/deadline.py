"""The ``unverified-deadline`` rule: promised dates that nothing backs.

A time expression is a promise when the statement that governs it commits
someone (see :mod:`copilot.check.cues`); past facts, requests to the
customer, conditions, questions and the space's policy facts are not. A
promise is backed when an agreed-date field of the ticket falls in its
window, or when the SLA's due time is no later than the promised time. A
promise made for another team ("o financeiro libera amanhã") gets the
``other_sector`` variant of the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, timedelta
from typing import Any, Callable, Protocol

from copilot.check.calendar import Calendar, Window
from copilot.check.cues import PAST, REQUEST, SELF, THIRD_FUTURE, THIRD_PRESENT, Cue, classify
from copilot.check.lexicon import ACTION_WITH_OBJECT, OBJECT_OPENERS, STATE_LEMMAS, TAG_QUESTIONS
from copilot.check.models import Hit
from copilot.check.rules import PolicyFact, RuleBook
from copilot.check.temporal import When, find_expressions
from copilot.check.text import Token, fold_phrase

_CONDITIONS = frozenset("se caso quando assim logo enquanto ate".split())
_OPENERS = frozenset("e mas ou porem entao que pois porque".split())
_COMMITMENT_NOUNS = re.compile(r"\b(previsao|prazo|previsto|prevista|estimativa|retorno|entrega|conclusao|agendad[oa]"
                               r"|marcad[oa]|programad[oa])\b")
_TOLERANCE = timedelta(minutes=1)
_PAST_GRACE = timedelta(hours=12)
_CLAUSE_BREAK = re.compile(r"[,;:()]")
# Subjects that make "é <data>" a commitment: "a previsão é sexta", "o prazo de entrega é 10/12".
_COMMITMENT_SUBJECT = re.compile(r"\b(previsao|previst[oa]|estimativa|entrega|retorno|conclusao|solucao|correcao"
                                 r"|liberacao|visita|instalacao|reuniao|agendamento)\b")


class SlaDue(Protocol):
    first_response_due: datetime | None
    resolution_due: datetime | None
    source: Any


@dataclass
class Backing:
    """What may back a promise on this ticket (the SLA is asked only when a promise needs it)."""

    now: datetime
    calendar: Calendar
    agreed_dates: list[date]
    sla_due: Callable[[], SlaDue | None] = lambda: None


def _cue_for(when: When, words: list[Token], text: str, folded: str) -> Cue | None:
    """The cue nearest the expression: first within its clause (before, then after), then in the sentence."""
    first = next((i for i, w in enumerate(words) if w.end > when.start), len(words))
    last = next((i for i, w in enumerate(words) if w.start >= when.end), len(words))
    for within_clause in (True, False):
        for index in range(first - 1, max(-1, first - 11), -1):
            if within_clause and _CLAUSE_BREAK.search(folded[words[index].end:when.start]):
                break
            cue = classify(words, index, text)
            if cue is not None:
                return cue
        for index in range(last, min(len(words), last + 12)):
            if within_clause and _CLAUSE_BREAK.search(folded[when.end:words[index].start]):
                break
            cue = classify(words, index, text)
            if cue is not None:
                return cue
    return None


def _in_condition(when: When, words: list[Token], folded: str) -> bool:
    """"Caso não receba até amanhã, …": the expression sits in a condition that opens its clause."""
    before = [w for w in words if w.end <= when.start]
    for position in range(len(before) - 1, -1, -1):
        word = before[position]
        if _CLAUSE_BREAK.search(folded[word.end:when.start]):
            return False
        if word.low not in _CONDITIONS:
            continue
        if word.low in ("ate", "assim", "logo") and folded[word.end:word.end + 4] != " que":
            continue
        previous = before[position - 1] if position else None
        opens = previous is None or previous.low in _OPENERS or _CLAUSE_BREAK.search(folded[previous.end:word.start])
        if opens:
            return True
    return False


@lru_cache(maxsize=64)
def _sector_pattern(sectors: tuple[str, ...], teams: tuple[str, ...],
                    own: tuple[str, ...]) -> re.Pattern[str] | None:
    """Another team named outright ("o financeiro") or as a team noun + "de <nome>" ("o time de Cloud")."""
    def alternation(phrases: tuple[str, ...]) -> str:
        names = sorted({re.escape(fold_phrase(p)).replace(r"\ ", r"\s+") for p in phrases if p.strip()},
                       key=len, reverse=True)
        return "|".join(names)
    parts = [alternation(sectors)] if any(s.strip() for s in sectors) else []
    if any(t.strip() for t in teams):
        mine = rf"(?!(?:{alternation(own)})\b)" if any(o.strip() for o in own) else ""
        parts.append(rf"(?:{alternation(teams)})\s+(?:de|do|da|dos|das)\s+{mine}[a-z0-9][\w-]*")
    return re.compile(rf"\b(?:{'|'.join(parts)})\b") if parts else None


def _mentions_sector(folded: str, book: RuleBook) -> bool:
    data = book.deadlines
    pattern = _sector_pattern(tuple(data.other_sectors), tuple(data.team_nouns), tuple(data.own_teams))
    return bool(pattern and pattern.search(folded))


def is_question(sentence: str) -> bool:
    """A sentence ending in "?" that is not a statement closed by a tag ("Retorno amanhã, ok?", "…, né?")."""
    body = sentence.rstrip()
    if not body.endswith("?"):
        return False
    body = body.rstrip("?!. ")
    head, comma, tail = body.rpartition(",")
    if not comma:  # "Retorno amanhã ok?": a tag of one or two words closing a longer sentence
        words = body.split()
        tails = [" ".join(words[-n:]) for n in (2, 1) if len(words) > n + 2]
        return not any(t in TAG_QUESTIONS for t in tails)
    return not (head.strip() and " ".join(tail.split()) in TAG_QUESTIONS)


def _takes_object(words: list[Token], index: int, text: str) -> bool:
    """"fecha *a sua apuração*": a determiner opens a direct object (not "à"/"às", nor an infinitive's "a")."""
    following = words[index + 1:index + 3]
    if not following or following[0].text.lower() in ("à", "às"):
        return False
    if following[0].low in OBJECT_OPENERS:
        return True
    return following[0].low in ("a", "as") and len(following) > 1 and not following[1].low.endswith("r") \
        and not any(c.isdigit() for c in text[following[0].end:following[1].start + 1])


def classify_promise(when: When, words: list[Token], text: str, folded: str, sentence: tuple[int, int],
                     book: RuleBook) -> str | None:
    """None (not a promise), "self" or "other_sector"."""
    sentence_text = folded[sentence[0]:sentence[1]]
    if when.kind in ("past", "generic") or is_question(sentence_text):
        return None
    if _in_condition(when, words, folded):
        return None
    cue = _cue_for(when, words, text, folded)
    before = folded[sentence[0]:when.start]
    if cue is None:
        if when.kind == "version":
            return "other_sector"
        return "self" if _COMMITMENT_NOUNS.search(sentence_text) else None
    if cue.kind in (PAST, REQUEST):
        return None
    cue_word = words[cue.index]
    if when.kind == "relday" and when.offset == 0 and not when.by and folded[when.start:when.end] == "hoje" \
            and (cue.kind != SELF or cue_word.low.endswith("mos")):
        return None
    if cue.kind == THIRD_PRESENT:
        if cue.lemma in ("ser", "estar") and when.kind != "duration" \
                and _COMMITMENT_SUBJECT.search(folded[sentence[0]:cue_word.start]):
            return "other_sector" if _mentions_sector(before, book) else "self"  # "a previsão é sexta-feira"
        acts = cue.lemma in ACTION_WITH_OBJECT and _takes_object(words, cue.index, text)
        if cue.lemma in STATE_LEMMAS and not acts:
            return None
        return "other_sector" if _mentions_sector(before, book) or when.kind == "version" else "self"
    if cue.kind == THIRD_FUTURE and cue_word.low in ("vai", "vao") and not cue.lemma and when.by \
            and not folded[cue_word.end:when.start].strip():
        return None  # "a promoção vai até o fim do mês": how long something lasts
    if cue.kind == THIRD_FUTURE:
        if when.kind == "duration" and cue.lemma in STATE_LEMMAS:
            return None  # "o boleto pode levar até 3 dias úteis": how long things take
        return "other_sector" if _mentions_sector(before, book) or when.kind == "version" else "self"
    between = folded[min(cue_word.end, when.start):when.start]
    if when.kind == "version" or _mentions_sector(between, book):
        return "other_sector"
    return "self"


def _backed(window: Window | None, by: bool, backing: Backing) -> bool:
    """Backed when the promised day is the agreed day, or when the promise ends within the SLA due time."""
    if window is None:
        return False
    start, end = window
    for agreed in backing.agreed_dates:
        if agreed == end.date() or (not by and start.date() <= agreed <= end.date()):
            return True
    sla = backing.sla_due()
    if sla is None:
        return False
    dues = [d for d in (getattr(sla, "resolution_due", None), getattr(sla, "first_response_due", None)) if d]
    return any(end <= due + _TOLERANCE for due in dues)


def find_deadlines(text: str, folded: str, words: list[Token], sentences: list[tuple[int, int]], book: RuleBook,
                   backing: Backing) -> list[Hit]:
    hits: list[Hit] = []
    expressions = find_expressions(folded)
    for start, end in sentences:
        inside = [w for w in expressions if start <= w.start < end]
        if not inside:
            continue
        facts = [span for fact in book.deadlines.policy_facts
                 for span in _policy_spans(fact, text[start:end], folded[start:end], start)]
        sentence_words = [w for w in words if start <= w.start < end]
        for when in inside:
            if any(_same_clause(when, span, folded) for span in facts):
                continue
            kind = classify_promise(when, sentence_words, text, folded, (start, end), book)
            if kind is None:
                continue
            window = backing.calendar.window(when, backing.now)
            if window is not None and window[1] < backing.now - _PAST_GRACE:
                continue  # a date already gone is a fact, not a promise
            if _backed(window, when.by, backing):
                continue
            hits.append(Hit("unverified-deadline", when.start, min(when.end, end),
                            variant="other_sector" if kind == "other_sector" else None))
    return hits


def _policy_spans(fact: PolicyFact, sentence: str, sentence_folded: str, offset: int) -> list[tuple[int, int]]:
    """Where a policy fact is stated in the sentence (absolute offsets)."""
    spans = []
    if fact.pattern:
        for source in (sentence, sentence_folded):
            spans += [(offset + m.start(), offset + m.end()) for m in re.finditer(fact.pattern, source, re.IGNORECASE)]
    for phrase in fact.phrases:
        folded_phrase = fold_phrase(phrase)
        if folded_phrase:
            spans += [(offset + m.start(), offset + m.end())
                      for m in re.finditer(re.escape(folded_phrase).replace(r"\ ", r"\s+"), sentence_folded)]
    return spans


def _same_clause(when: When, span: tuple[int, int], folded: str) -> bool:
    """An expression inside a stated policy fact, or in the same clause as one."""
    if when.start < span[1] and span[0] < when.end:
        return True
    between = folded[min(when.end, span[1]):max(when.start, span[0])]
    return not _CLAUSE_BREAK.search(between) and not re.search(r"\b(mas|porem|entretanto)\b", between)
