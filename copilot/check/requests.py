"""The ``redundant-request`` rule: asking the customer for data the ticket already holds.

What counts as "asking" (request verbs) and each kind of data (how a draft
names it, which requester attribute or custom field holds it, how its value
looks in the ticket's texts) are data in rules.yaml (``requests``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from copilot.check.models import Hit
from copilot.check.rules import DataKind, RequestData
from copilot.check.text import fold_phrase
from copilot.check.ticket_facts import field_matches, matching_fields, name_words, ticket_texts
from copilot.ticket import Ticket

# Words that may stand between a request verb and the data it asks for ("informe *o seu* e-mail").
FILLER = frozenset(
    "o a os as um uma seu sua seus suas nos me por favor gentileza gentilmente novamente tambem e eh qual quais numero n "
    "no do da de dos das informacao informacoes dados completo completa atual correto correta cadastrado "
    "cadastrada contato mais vez ainda".split()
)
_SCAN = re.compile(r"[\w-]+|[,/]|\S")
_MAX_STEPS = 14
_COLON = re.compile(r"[ \t]*:[ \t]*\n")
_BULLET = re.compile(r"^[ \t]*(?:[-*•–]|\d{1,2}[.)])[ \t]+")


@dataclass(frozen=True)
class Held:
    label: str  # how the message names the data: "e-mail", "CNPJ"
    value: str


# A possessive may sit inside a data phrase: "nome da *sua* empresa", "e-mail da *sua* conta".
_POSSESSIVE_GAP = r"\s+(?:(?:seu|sua|seus|suas|vosso|vossa|teu|tua)\s+)?"


def _alternation(phrases: list[str]) -> str:
    parts = sorted({re.escape(fold_phrase(p)).replace(r"\ ", _POSSESSIVE_GAP) for p in phrases if p.strip()},
                   key=len, reverse=True)
    return "|".join(parts)


@lru_cache(maxsize=256)
def _phrases(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile(rf"\b(?:{_alternation(list(phrases))})(?![\w-])") if any(p.strip() for p in phrases) else None


def held_value(kind: DataKind, ticket: Ticket | None, texts: str) -> str | None:
    """The value the ticket already holds for ``kind``, if any."""
    if ticket is None:
        return None
    if kind.requester and ticket.requester is not None:
        held = ticket.requester.model_dump(exclude_none=True)  # declared and extra attributes ("phone")
        named = [(name, v) for name, v in held.items() if v not in ("", None) and field_matches(name, kind.requester)]
        exact = [v for name, v in named if name_words(name) in {name_words(r) for r in kind.requester}]
        value = (exact or [v for _, v in named] or [None])[0]
        if value is not None:
            return str(value)
    fields = matching_fields(ticket, kind.fields)
    if fields:
        return str(fields[0])
    if kind.value_pattern:
        found = re.search(kind.value_pattern, texts, re.IGNORECASE)
        if found:
            return found.group(0)
    return None


@lru_cache(maxsize=256)
def _folded_set(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold_phrase(p) for p in phrases)


def _kind_at(folded: str, position: int, verb: str, data: RequestData) -> tuple[str, int] | None:
    """The data kind whose words start at ``position`` (longest match), if the verb may ask for it."""
    best: tuple[str, int] | None = None
    for name, kind in data.kinds.items():
        verbs = kind.verbs if kind.verbs is not None else data.verbs
        if verb not in _folded_set(tuple(verbs)):
            continue
        words = _phrases(tuple(kind.words))
        found = words.match(folded, position) if words else None
        if found and kind.unless_next and re.match(kind.unless_next, folded[found.end():]):
            continue
        if found and (best is None or found.end() > best[1]):
            best = (name, found.end())
    return best


def find_redundant_requests(folded: str, data: RequestData, ticket: Ticket | None) -> list[tuple[Hit, Held]]:
    """One hit per data word asked for ("informe o *nome* e o *fone*") that the ticket already holds."""
    if ticket is None or not data.kinds:
        return []
    texts = ticket_texts(ticket)
    every_verb = tuple(data.verbs) + tuple(v for k in data.kinds.values() for v in (k.verbs or []))
    verbs = _phrases(every_verb)
    any_data = _phrases(tuple(w for kind in data.kinds.values() for w in kind.words))
    if verbs is None or any_data is None:
        return []
    found: list[tuple[Hit, Held]] = []
    for verb in verbs.finditer(folded):
        verb_text = " ".join(verb.group(0).split())
        for start in [verb.end()] + _bullets_after(folded, verb.end()):
            found += _scan(folded, start, verb_text, data, ticket, texts, any_data)
    return found


def _bullets_after(folded: str, position: int) -> list[int]:
    """"favor nos encaminhar:" followed by a list: where each item's text starts."""
    colon = _COLON.match(folded, position)
    if colon is None:
        return []
    starts, cursor = [], colon.end()
    for line in folded[cursor:].split("\n"):
        item = _BULLET.match(line)
        if item is None:
            break
        starts.append(cursor + item.end())
        cursor += len(line) + 1
    return starts


def _scan(folded: str, position: int, verb_text: str, data: RequestData, ticket: Ticket, texts: str,
          any_data: re.Pattern[str]) -> list[tuple[Hit, Held]]:
    """Walk past filler words and data words after a request verb; keep the data the ticket holds."""
    hits: list[tuple[Hit, Held]] = []
    for _ in range(_MAX_STEPS):
        position += len(folded[position:]) - len(folded[position:].lstrip(" \t"))
        kind = _kind_at(folded, position, verb_text, data)
        if kind is not None:
            name, end = kind
            value = held_value(data.kinds[name], ticket, texts)
            if value is not None:
                hits.append((Hit("redundant-request", position, end), Held(data.kinds[name].label or name, value)))
            position = end
            continue
        other = any_data.match(folded, position)
        token = other or _SCAN.match(folded, position)
        if token is None or (other is None and token.group(0) not in FILLER and token.group(0) not in (",", "/")):
            break
        position = token.end()
    return hits
