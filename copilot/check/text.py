"""Offset-preserving text helpers for the rules.

Every rule searches a *folded* copy of the draft (lower case, no accents) that
has exactly the same length as the draft, so a match's offsets are offsets
into the original text and ``draft[start:end]`` is what the analyst typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)|\n")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    low = char.lower()
    if len(low) != 1:
        low = char
    base = unicodedata.normalize("NFKD", low)[:1]
    return base if base and base.isascii() else low


_TABLE = {code: _fold_char(chr(code)) for code in range(0x250)}
_BEYOND_TABLE = re.compile("[^\u0000-\u024f]")


def fold(text: str) -> str:
    """Lower case without accents, one output character per input character."""
    folded = text.translate(_TABLE)
    if _BEYOND_TABLE.search(folded):
        folded = "".join(_fold_char(c) for c in folded)
    return folded


@lru_cache(maxsize=4096)
def fold_phrase(text: str) -> str:
    """``fold`` plus whitespace collapsed: for comparing curator phrases."""
    return " ".join(fold(text).split())


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str  # as typed
    low: str  # folded

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper() and not self.text.isupper()


def tokens(text: str, folded: str) -> list[Token]:
    return [Token(m.start(), m.end(), text[m.start():m.end()], folded[m.start():m.end()]) for m in WORD.finditer(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a line break always ends one."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if match.end() > start:
            spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def starts_sentence(text: str, index: int) -> bool:
    """True when only spaces, quotes or bullets stand between ``index`` and a sentence break."""
    i = index - 1
    while i >= 0 and (text[i] in " \t\"'“”‘’(*•-–—>" or text[i] == "\u00a0"):
        i -= 1
    return i < 0 or text[i] in ".!?:;\n\r"


def match_case(original: str, replacement: str) -> str:
    """Give ``replacement`` the capitalisation of ``original`` (ALL CAPS, Capitalised or as is)."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
