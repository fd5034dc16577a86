"""Text normalisation shared by the suggestion stage.

Helpdesks and people spell the same thing many ways ("Situação no Embed",
``situacao_embed``, ``embedStatus``; "inadimplência", "inadimplente"). Every
comparison in this package goes through :func:`fold` (accents, case,
separators) and, for words, a Portuguese stemmer, so a curator writes a
synonym once and every spelling of it matches.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_INNER_HYPHEN = re.compile(r"(?<=[a-z0-9])[-‐‑](?=[a-z0-9]\b)")  # nfs-e → nfse, e-mail → email
_EMAIL_HYPHEN = re.compile(r"\be-(?=mail)")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")

# Generic Portuguese/English negators: a statement preceded by one of them
# says the opposite ("cliente NÃO está bloqueado"). English "no" is left out:
# in Portuguese it is "em + o" ("no sistema").
NEGATORS = frozenset({"nao", "nem", "sem", "nunca", "jamais", "nenhum", "nenhuma", "not", "never", "without", "isnt", "dont", "n"})

_stemmer = Stemmer.Stemmer("portuguese")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


FOLD_CACHED_CHARS = 300  # names, phrases and sentences repeat across tickets; whole tickets do not


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced words: the form every match uses."""
    text = str(text)
    return _fold_short(text) if len(text) <= FOLD_CACHED_CHARS else _fold(text)


@lru_cache(maxsize=32768)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    text = _CAMEL.sub(" ", text)
    text = strip_accents(text).casefold()
    text = _EMAIL_HYPHEN.sub("e", text)
    text = _INNER_HYPHEN.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


def words(text: str) -> list[str]:
    folded = fold(text)
    return folded.split() if folded else []


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def sentences(text: str) -> list[str]:
    """Sentences and lines, stripped, empty ones dropped."""
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s and s.strip()]


def compact(text: str) -> str:
    """Whitespace collapsed to single spaces."""
    return " ".join((text or "").split())


def same_text(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def contains_text(haystack: str, needle: str) -> bool:
    """Case/accent-insensitive, whitespace-normalised containment."""
    folded_needle = fold(needle)
    return bool(folded_needle) and f" {folded_needle} " in f" {fold(haystack)} "
