"""Reading declared facts off one ticket.

Order of evidence, most authoritative first: a custom field, a ticket
attribute, a list of related records, counts and elapsed times, the latest
comment, who a message addresses, dates written next to a phrase, then what
the texts say (newest comment first, then description and subject), regex
patterns, the meaning of the customer's text, and finally the declared
default. Every answer carries its evidence and origin, so the analyst can see
why a step was chosen and the engine can tell stated facts from defaults.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from copilot.suggest import fact_rules
from copilot.suggest.facts import FLAG_FALSE, FLAG_TRUE, FactSpec
from copilot.suggest.fieldnames import find_field, matching_fields
from copilot.suggest.phrases import compile_phrase, find_any, view_sentences
from copilot.suggest.text import fold
from copilot.suggest.ticket_view import TicketView, expand_origins, parse_time

_YES = frozenset({"sim", "s", "yes", "y", "true", "verdadeiro", "1", "x", "ok"})
_NO = frozenset({"nao", "n", "no", "false", "falso", "0"})
# Origins that do not show the ticket is about anything in particular: every
# ticket has a status and a comment count, and defaults are not evidence.
WEAK_ORIGINS = frozenset({"default", "absent", "attribute", "count", "latest", "meaning"})

MeaningJudge = Callable[[str], bool | None]  # fact name → does the ticket read like its examples?


@dataclass(frozen=True)
class FactValue:
    name: str
    value: Any  # None when unknown
    evidence: str = ""  # the field, sentence or rule that gave the value
    origin: str = ""  # "field", "attribute", "list", an origin of text, "pattern", "default"…

    @property
    def stated(self) -> bool:
        """True when the ticket itself states this (not a default, an empty field or a count)."""
        return self.value is not None and self.origin not in WEAK_ORIGINS


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


_TIME_OF_DAY = re.compile(r"\b([01]?\d|2[0-3])(?::|h)([0-5]\d)?\b(?!\s*/)")


def at_time_of_day(day: datetime, sentence: str) -> datetime:
    """The moment a sentence records: a time of day written in it ("roteado às 08:15")
    on the day of the note (or of the ticket), else the note's own time."""
    match = _TIME_OF_DAY.search(sentence)
    if match is None or (":" not in match.group(0) and "h" not in match.group(0).lower()):
        return day
    return day.replace(hour=int(match.group(1)), minute=int(match.group(2) or 0), second=0, microsecond=0)


def _holds_records(value: Any) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value))


def _yes_no(value: Any) -> bool | None:
    """True/False for a boolean-ish value (sim, não, true, 0, x…), else None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        folded = fold(value)
        if folded in _YES:
            return True
        if folded in _NO:
            return False
    return None


def name_states(spec: FactSpec, name: str) -> str | None:
    """The answer a field's name itself states ("Onboarding concluído?" → not in
    onboarding), by the fact's own values and phrases; the longest statement wins."""
    views = view_sentences(fold(name))
    topic = {w for synonym in spec.fields for w in fold(synonym).split()}
    best: tuple[tuple[bool, int], str] | None = None
    for answer, category in spec.answer_categories().items():
        match = find_any([compile_phrase(p) for p in category.values + category.phrases], views)
        if match is None or match.negated:
            continue
        # "onboarding" names the field's subject; "concluído" is what the name says about it
        rank = (not set(match.phrase.words) <= topic, match.length)
        if best is None or rank > best[0]:
            best = (rank, answer)
    return best[1] if best else None


class FactReader:
    """Answers the facts of one space for one ticket, each read at most once."""

    def __init__(self, specs: dict[str, FactSpec], view: TicketView, now: datetime,
                 meaning: MeaningJudge | None = None) -> None:
        self.specs, self.view, self.now, self.meaning = specs, view, now, meaning
        self._cache: dict[str, FactValue] = {}

    def read(self, name: str) -> FactValue:
        if name not in self._cache:
            spec = self.specs.get(name)
            self._cache[name] = FactValue(name, None, "fato não declarado") if spec is None else self._read(name, spec)
        return self._cache[name]

    def _read(self, name: str, spec: FactSpec) -> FactValue:
        fallback: FactValue | None = None
        for reader in (self._from_field, self._from_attribute, self._from_rules, self._from_count, self._from_since,
                       self._from_texts, self._from_patterns, self._from_derived, self._from_meaning):
            found = reader(name, spec)
            if found is None:
                continue
            value = FactValue(name, spec.coerce(found.value), found.evidence, found.origin)
            if found.origin != "absent":
                return value
            # an empty field only says nobody filled it: a note or text that states the fact wins
            fallback = fallback or value
        if fallback is not None:
            return fallback
        return FactValue(name, spec.coerce(spec.default), "padrão do procedimento" if spec.default is not None else "", "default")

    # -- sources ---------------------------------------------------------------
    def _from_field(self, name: str, spec: FactSpec) -> FactValue | None:
        if not spec.fields or (spec.kind == "number" and (spec.count or spec.hours_since)):
            return None
        for original, value in matching_fields(self.view.fields, spec.fields):
            if spec.from_list is not None and _holds_records(value):
                continue  # related records: the list rule reads them (subject, card, date)
            answer = self._classify(spec, value, original)
            if answer is not None:
                origin = "absent" if _is_empty(value) else "field"
                return FactValue(name, answer, f"campo '{original}' = {value!r}", origin)
        return None

    def _from_attribute(self, name: str, spec: FactSpec) -> FactValue | None:
        for path in spec.attributes:
            value = self.view.attribute(path)
            answer = self._classify(spec, value)
            if answer is not None:
                return FactValue(name, answer, f"{path} = {value!r}", "absent" if _is_empty(value) else "attribute")
        return None

    def _from_rules(self, name: str, spec: FactSpec) -> FactValue | None:
        for origin, rule, read in (("list", spec.from_list, fact_rules.from_list),
                                   ("latest", spec.latest, fact_rules.from_latest),
                                   ("addressee", spec.addressed_elsewhere, fact_rules.from_addressee),
                                   ("dated", spec.dated, fact_rules.from_dated)):
            if rule is not None and (answer := read(self.view, rule)) is not None:
                return FactValue(name, answer[0], answer[1], origin)
        return None

    def _from_count(self, name: str, spec: FactSpec) -> FactValue | None:
        if spec.count is None:
            return None
        if spec.fields and (found := find_field(self.view.fields, spec.fields)) is not None:
            try:
                return FactValue(name, float(found[1]), f"campo '{found[0]}' = {found[1]!r}", "field")
            except (TypeError, ValueError):
                pass
        phrases = [compile_phrase(p) for p in spec.count.phrases]
        pieces = [p for p in self.view.texts(expand_origins(spec.count.look_in)) if p.origin not in ("subject", "description", "tags")]
        counted = [p for p in pieces if not phrases or find_any(phrases, p.views)]
        return FactValue(name, float(len(counted)), f"{len(counted)} comentário(s) em {', '.join(spec.count.look_in)}", "count")

    def _from_since(self, name: str, spec: FactSpec) -> FactValue | None:
        rule = spec.hours_since
        if rule is None:
            return None
        moment, evidence = None, ""
        if rule.fields and (found := find_field(self.view.fields, rule.fields)) is not None:
            moment, evidence = parse_time(found[1]), f"campo '{found[0]}' = {found[1]!r}"
        if moment is None and rule.phrases:
            phrases = [compile_phrase(p) for p in rule.phrases]
            for piece in self.view.texts(expand_origins(rule.look_in)):
                match = find_any(phrases, piece.views)
                day = piece.created_at or parse_time(self.view.ticket.created_at)
                if not match or match.negated:
                    continue
                if rule.day_in_text:
                    moment = fact_rules.day_written(match.sentence, self.now)
                elif day is not None:
                    moment = at_time_of_day(day, match.sentence)
                if moment is not None:
                    evidence = f"“{match.sentence}”"
                    break
        if moment is None:
            for path in rule.attributes:
                moment, evidence = parse_time(self.view.attribute(path)), path
                if moment is not None:
                    break
        if moment is None:
            return None
        return FactValue(name, (self.now - moment).total_seconds() / 3600.0, evidence, "since")

    def _from_texts(self, name: str, spec: FactSpec) -> FactValue | None:
        """Statements in texts (phrases); tags, being labels, also by value."""
        categories = spec.answer_categories()
        in_texts = {answer: [compile_phrase(p) for p in cat.phrases] for answer, cat in categories.items()}
        in_tags = {answer: [compile_phrase(p) for p in cat.phrases + cat.values] for answer, cat in categories.items()}
        for piece in self.view.texts(expand_origins(spec.look_in)):
            compiled = in_tags if piece.origin == "tags" else in_texts
            best = None
            for answer, phrases in compiled.items():
                match = find_any(phrases, piece.views) if phrases else None
                if match and (best is None or match.length > best[1].length):
                    best = (answer, match)
            if best is None:
                continue
            answer, match = best
            if match.negated and spec.negatable:
                if spec.kind != "flag":
                    continue
                answer = FLAG_FALSE if answer == FLAG_TRUE else FLAG_TRUE
            return FactValue(name, answer, f"“{match.sentence}”", piece.origin)
        return None

    def _from_patterns(self, name: str, spec: FactSpec) -> FactValue | None:
        for pattern in spec.patterns:
            regex = re.compile(pattern, re.IGNORECASE)
            for piece in self.view.texts(expand_origins(spec.look_in)):
                for sentence in piece.views:
                    if regex.search(sentence.text):
                        return FactValue(name, FLAG_TRUE, f"“{sentence.text}”", "pattern")
        return None

    def _from_derived(self, name: str, spec: FactSpec) -> FactValue | None:
        if spec.derived is None:
            return None
        from copilot.suggest.conditions import Condition, evaluate  # conditions read facts: imported late

        if spec.derived_only_when is not None and evaluate(Condition.model_validate(spec.derived_only_when), self) is not True:
            return None
        used: list[FactValue] = []
        verdict = evaluate(Condition.model_validate(spec.derived), self, used)
        if verdict is None:
            return None
        evidence = "; ".join(f"{f.name} = {f.value:g}" if isinstance(f.value, float) else f"{f.name} = {f.value}" for f in used)
        return FactValue(name, FLAG_TRUE if verdict else FLAG_FALSE, evidence, "derived")

    def _from_meaning(self, name: str, spec: FactSpec) -> FactValue | None:
        if not spec.similar_to or self.meaning is None:
            return None
        verdict = self.meaning(name)
        if verdict is None:
            return None
        return FactValue(name, FLAG_TRUE if verdict else FLAG_FALSE, "pelo sentido do texto do cliente", "meaning")

    # -- values ------------------------------------------------------------------
    def _classify(self, spec: FactSpec, value: Any, name: str = "") -> Any:
        """The answer a field or attribute value gives, or None when it says nothing.

        A yes/no value answers the question the field's *name* asks: "Onboarding
        concluído?" = não means still in onboarding, "ativo_embed" = true means not
        blocked. Only a name that states none of the answers reads yes as true."""
        if _is_empty(value):
            return spec.absent_means
        if spec.kind == "number":
            try:
                return float(value)
            except (TypeError, ValueError):
                return None
        polarity = _yes_no(value)
        stated = name_states(spec, name) if name and polarity is not None else None
        if stated is not None:
            if polarity:
                return stated
            if spec.kind == "flag":
                return FLAG_FALSE if stated == FLAG_TRUE else FLAG_TRUE
            return None
        if isinstance(value, bool) and spec.kind == "flag":
            return FLAG_TRUE if value else FLAG_FALSE
        if isinstance(value, dict) or (isinstance(value, list) and not all(isinstance(v, str) for v in value)):
            return spec.present_means  # records, not words
        text = " ".join(value) if isinstance(value, list) else str(value)
        folded = fold(text)
        categories = spec.answer_categories()
        for answer, cat in categories.items():
            if folded in {fold(v) for v in cat.values}:
                return answer
        best = None
        for answer, cat in categories.items():
            match = find_any([compile_phrase(p) for p in cat.values + cat.phrases], view_sentences(text))
            if match and (best is None or match.length > best[1].length):
                best = (answer, match)
        if best is not None:
            answer, match = best
            if not (match.negated and spec.negatable):
                return answer
            if spec.kind == "flag":
                return FLAG_FALSE if answer == FLAG_TRUE else FLAG_TRUE
        if spec.kind == "flag" and folded in _YES:
            return FLAG_TRUE
        if spec.kind == "flag" and folded in _NO:
            return FLAG_FALSE
        return spec.present_means
