"""Rules that are text patterns: unfilled template placeholders and curators' own rules.

Curator rules (``custom`` in rules.yaml) need no code: a phrase list or a
regular expression, an optional ``unless`` expression tested on the same
sentence (a negation, a stated reason), a message and a suggestion. Both are
matched against the draft folded to lower case without accents, and the
expressions are folded the same way, so "transferido" also finds
"TRANSFERIDO" and "transferído".
"""

from __future__ import annotations

import re
from functools import lru_cache

from copilot.check.models import Hit
from copilot.check.rules import CustomRule
from copilot.check.text import fold, fold_phrase
from copilot.ticket import Ticket

PLACEHOLDER = re.compile(
    r"\[(?P<square>[^\[\]\n]{2,80})\](?!\()"
    r"|\{\{\s*(?P<curly>[^{}\n]{1,60}?)\s*\}\}"
    r"|<(?P<angle>[a-z][a-z]*(?: [a-z]+){1,6})>"
    r"|(?<![\w/])(?P<x>x{3,}|fulano(?: de tal)?|dd/mm(?:/aaaa|/aa)?|xx/xx(?:/xxxx)?)(?![\w/])"
)


def fold_pattern(pattern: str) -> str:
    """Fold a regular expression's literal letters, leaving escapes (``\\S``, ``\\b``) intact."""
    out, escaped = [], False
    for char in pattern:
        out.append(char if escaped else fold(char))
        escaped = char == "\\" and not escaped
    return "".join(out)


@lru_cache(maxsize=256)
def _compiled(rule_key: tuple[tuple[str, ...], str | None]) -> re.Pattern[str] | None:
    phrases, pattern = rule_key
    alternatives = [re.escape(fold_phrase(p)).replace(r"\ ", r"\s+") for p in phrases if p.strip()]
    if pattern:
        alternatives.append(f"(?:{fold_pattern(pattern)})")
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


@lru_cache(maxsize=256)
def _unless(pattern: str) -> re.Pattern[str]:
    return re.compile(fold_pattern(pattern))


def _sentence_around(folded: str, start: int, end: int) -> str:
    left = max(folded.rfind(c, 0, start) for c in ".!?\n")
    right = min((i for i in (folded.find(c, end) for c in ".!?\n") if i >= 0), default=len(folded))
    return folded[left + 1:right]


def find_custom(folded: str, rules: list[CustomRule], public: bool) -> list[Hit]:
    hits: list[Hit] = []
    for rule in rules:
        if not rule.enabled or (rule.public_only and not public):
            continue
        pattern = _compiled((tuple(rule.phrases), rule.pattern))
        if pattern is None:
            continue
        for match in pattern.finditer(folded):
            if match.end() == match.start():
                continue
            if rule.unless and _unless(rule.unless).search(_sentence_around(folded, match.start(), match.end())):
                continue
            hits.append(Hit(rule.id, match.start(), match.end(), suggestion=rule.suggestion,
                            safe=rule.safe and rule.suggestion is not None))
    return hits


def _ticket_value(ticket: Ticket | None, attribute: str) -> str | None:
    """``requester.name`` → the first name; ``assignee.name``; ``id``."""
    if ticket is None:
        return None
    value: object = ticket
    for part in attribute.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    text = str(value).strip()
    return text.split()[0] if attribute.endswith(".name") and text else text or None


def find_placeholders(text: str, folded: str, ticket: Ticket | None, fills: dict[str, list[str]]) -> list[Hit]:
    """Template markers left in the draft; filled from the ticket when the marker names a ticket value."""
    names = {fold_phrase(n): attribute for attribute, listed in fills.items() for n in listed}
    hits: list[Hit] = []
    for match in PLACEHOLDER.finditer(folded):
        inner = match.group("square") or match.group("curly") or match.group("angle") or ""
        if match.group("square") is not None and not re.search(r"[a-z]", inner):
            continue
        attribute = names.get(fold_phrase(inner)) if inner else None
        value = _ticket_value(ticket, attribute) if attribute else None
        hits.append(Hit("unfilled-placeholder", match.start(), match.end(), suggestion=value, safe=value is not None))
    return hits
