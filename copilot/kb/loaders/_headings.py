"""Which bare lines of a plain-text export are headings, and how deep.

Plain text (and the text Confluence leaves outside its tags) has no heading
markup, only conventions: short title-like lines ("Passo a Passo"), numbered
titles ("1.1.3 - Estrutura…", "Bloco 1 - Análise inicial", "1.1 Emissão de
notas") and numbered steps that look almost the same ("1. Verificar se…").

Title-like lines are top-level headings (one level below the last ``#``
heading, if the text has any). Depth below them comes from numbering
schemes: each numbered heading either continues a scheme already open (next
sibling, first child, or back up to an ancestor's next sibling) and takes
its depth from it, or opens a new scheme one level below the current
heading. A numbering that restarts at "1" under "1.1.2" therefore nests
under it, and "1.1.3" later climbs back out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_PLAIN_CHARS = 80
MAX_PLAIN_WORDS = 10
MAX_NUMBERED_CHARS = 110
MAX_NUMBERED_WORDS = 16

_LABELLED_OR_DASHED = re.compile(
    r"^(?:(?P<label>[A-ZÀ-Ý][a-zà-ÿ]{2,})\s+)?(?P<num>\d{1,2}(?:\.\d{1,2})*)\.?\s*[-–—]\s*(?P<title>\S.*)$"
)
_MULTI_LEVEL = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<title>\S.*)$")
_SINGLE_DOTTED = re.compile(r"^(?P<num>\d{1,2})\.\s+(?P<title>\S.*)$")
LIST_ITEM = re.compile(r"^\s*(?:-|\d{1,2}\.)\s")
_LETTERED_ITEM = re.compile(r"^[a-z][).]\s")
_SENTENCE_END = (".", ",", ";", ":", "!", "?", "…")


@dataclass
class Heading:
    level: int
    title: str


@dataclass
class _Scheme:
    key: str  # "" for bare numbers, the lower-cased label for "Bloco 1 - …"
    last: tuple[int, ...]
    base: int  # level of a one-part number in this scheme


def _continues(prev: tuple[int, ...], num: tuple[int, ...]) -> bool:
    """num may follow prev: next sibling at some depth, or a descendant
    reached through first children (1 → 1.1 or 1 → 1.1.1)."""
    if len(num) > len(prev) and num[: len(prev)] == prev and all(n == 1 for n in num[len(prev):]):
        return True
    return any(
        len(num) == depth + 1 and num[:depth] == prev[:depth] and num[depth] == prev[depth] + 1
        for depth in range(len(prev))
    )


def _title_like(text: str, max_chars: int, max_words: int) -> bool:
    return (
        0 < len(text) <= max_chars
        and len(text.split()) <= max_words
        and text[0].isalpha()
        and text[0].isupper()
    )


class HeadingReader:
    """Reads lines in order and says which are headings; keeps the schemes."""

    def __init__(self) -> None:
        self._schemes: list[_Scheme] = []
        self._explicit = 0  # level of the last "#" heading
        self._current = 0  # level of the last heading of any kind
        self._last_step = 0  # number of the last "N." step since the last heading

    def explicit(self, level: int) -> None:
        """A real heading (Markdown ``#``, HTML ``<hN>``): numbering starts over."""
        self._schemes.clear()
        self._explicit = self._current = level
        self._last_step = 0

    def read(self, line: str, next_line: str | None) -> Heading | None:
        """``line`` is flush-left and stripped; ``next_line`` is the next
        non-blank line as it stands (indentation kept), or None at the end."""
        if next_line is None or line.startswith(("-", "|", "#")):
            return None
        follows_lowercase = _continues_sentence(next_line)
        if match := _LABELLED_OR_DASHED.match(line) or _MULTI_LEVEL.match(line):
            title = match.group("title").rstrip()
            key = (match.groupdict().get("label") or "").lower()
            if _title_like(title, MAX_NUMBERED_CHARS, MAX_NUMBERED_WORDS) and not title.endswith(
                (",", ";", ":")
            ) and not follows_lowercase:
                return self._numbered_heading(key, _parts(match.group("num")), line)
            return None
        if match := _SINGLE_DOTTED.match(line):
            return self._dotted(int(match.group("num")), match.group("title"), line, next_line)
        if (
            _title_like(line, MAX_PLAIN_CHARS, MAX_PLAIN_WORDS)
            and not line.endswith(_SENTENCE_END)
            and ": " not in line
            and not follows_lowercase
        ):
            self._schemes.clear()
            return self._emit(min(self._explicit + 1, 6), line)
        return None

    def _dotted(self, number: int, title: str, line: str, next_line: str) -> Heading | None:
        """'N. Title' is a step unless it reads like a title: it continues a
        numbered heading scheme, or it is short, unpunctuated and followed by
        prose rather than by more list lines."""
        num = (number,)
        followed_by_list = bool(LIST_ITEM.match(next_line)) or next_line[:1] == " "
        short = _title_like(title, MAX_NUMBERED_CHARS, MAX_NUMBERED_WORDS)
        is_step = (
            (self._last_step and number == self._last_step + 1)
            or followed_by_list
            or not short
            or _continues_sentence(next_line)
        )
        if not is_step and (self._find("", num) is not None or not title.endswith(_SENTENCE_END)):
            return self._numbered_heading("", num, line)
        self._last_step = number
        return None

    def _find(self, key: str, num: tuple[int, ...]) -> int | None:
        for index in range(len(self._schemes) - 1, -1, -1):
            scheme = self._schemes[index]
            if scheme.key == key and _continues(scheme.last, num):
                return index
        return None

    def _numbered_heading(self, key: str, num: tuple[int, ...], line: str) -> Heading:
        index = self._find(key, num)
        if index is not None:
            del self._schemes[index + 1 :]
            scheme = self._schemes[index]
            scheme.last = num
            level = scheme.base + len(num) - 1
        else:
            level = self._current + 1
            self._schemes.append(_Scheme(key, num, level - len(num) + 1))
        level = max(1, min(level, 6))
        return self._emit(level, line)

    def _emit(self, level: int, title: str) -> Heading:
        self._current = level
        self._last_step = 0
        return Heading(level, title)


def _continues_sentence(next_line: str) -> bool:
    """A next line in lower case carries on this one (a wrapped sentence),
    unless it is a lettered item such as "a) …"."""
    stripped = next_line.strip()
    return stripped[:1].islower() and not _LETTERED_ITEM.match(stripped)


def _parts(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split("."))
