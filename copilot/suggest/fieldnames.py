"""Matching helpdesk custom-field names to a curator's synonyms.

The copilot is not told field names in advance: ``embed_status``,
``situacao_embed``, ``Situação no Embed`` and ``embedStatus`` must all be
found by the synonym "situação embed". Names are folded, function words
dropped, and compared word by word by stem: a field matches when it holds
every word of a synonym (in any order), or when its whole name is a near
spelling of one (typos). The closest match wins.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from copilot.suggest.phrases import _word_matches
from copilot.suggest.text import stem, words

# Generic function words (pt/en) ignored when comparing field names.
FUNCTION_WORDS = frozenset({"de", "do", "da", "dos", "das", "no", "na", "nos", "nas", "em", "o", "a", "os", "as", "e",
                            "of", "the", "in", "on", "at", "is", "para", "por", "com", "ao"})
_TYPO_RATIO = 0.88


@lru_cache(maxsize=16384)
def name_words(name: str) -> tuple[tuple[str, str], ...]:
    return tuple((w, stem(w)) for w in words(name) if w not in FUNCTION_WORDS)


def _contains_all(field: tuple[tuple[str, str], ...], synonym: tuple[tuple[str, str], ...]) -> bool:
    return all(any(_word_matches(sw, ss, fw, fs) for fw, fs in field) for sw, ss in synonym)


@lru_cache(maxsize=65536)  # a helpdesk's field names and a space's synonyms are few; tickets repeat them
def name_distance(field_name: str, synonym: str) -> float | None:
    """0 for the same name, small for a superset or near spelling, None for no match."""
    field, syn = name_words(field_name), name_words(synonym)
    if not field or not syn:
        return None
    if [s for _, s in field] == [s for _, s in syn]:
        return 0.0
    if _contains_all(field, syn):
        return 0.1 + 0.1 * (len(field) - len(syn))
    ratio = SequenceMatcher(None, "".join(w for w, _ in field), "".join(w for w, _ in syn)).ratio()
    return 1.0 - ratio if ratio >= _TYPO_RATIO else None


def matching_fields(fields: dict[str, tuple[str, Any]], synonyms: list[str]) -> list[tuple[str, Any]]:
    """Every ticket field named like a synonym, closest first: (original name, value)."""
    scored: list[tuple[float, int, str, Any]] = []
    for order, (folded, (original, value)) in enumerate(fields.items()):
        distances = [d for d in (name_distance(folded, synonym) for synonym in synonyms) if d is not None]
        if distances:
            scored.append((min(distances), order, original, value))
    return [(original, value) for _, _, original, value in sorted(scored, key=lambda s: (s[0], s[1]))]


def find_field(fields: dict[str, tuple[str, Any]], synonyms: list[str]) -> tuple[str, Any] | None:
    """The (original name, value) of the ticket field closest to any synonym."""
    found = matching_fields(fields, synonyms)
    return found[0] if found else None


def find_in_mapping(mapping: dict[str, Any], synonyms: list[str]) -> Any:
    """A value of a plain dict (e.g. one record of a list field) by name synonyms."""
    found = find_field({k: (k, v) for k, v in mapping.items()}, synonyms)
    return found[1] if found else None
