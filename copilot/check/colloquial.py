"""Chat-style spellings read as standard Portuguese: "pra" → "para", "tá" → "está", "vc" → "você".

Every rule is written against standard spelling, but analysts type the way
they chat ("vou tá verificando", "repassado pra equipe certa", "o boleto vai
pro seu email"). Rather than teach each rule every contraction, the checker
reads a *normalised* copy of the draft and maps each finding's span back to
what the analyst typed (:meth:`Normalised.span`). The table is generic pt-BR
usage, not any space's wording. "né" is left as typed: it is a tag question
("…, né?"), not a contraction the rules need expanded.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from copilot.check.text import fold, match_case, starts_sentence

# Folded spelling → standard spelling.
CONTRACTIONS = {
    "pra": "para", "pro": "para o", "pras": "para as", "pros": "para os", "prum": "para um", "pruma": "para uma",
    "ta": "está", "tava": "estava", "tavam": "estavam", "tavamos": "estávamos", "tamo": "estamos",
    "tamos": "estamos", "vc": "você", "vcs": "vocês", "tb": "também", "tbm": "também", "q": "que",
    "pq": "porque", "qdo": "quando", "hj": "hoje", "dps": "depois", "msg": "mensagem", "p/": "para", "c/": "com",
}
# Spellings that are also other words ("tão" = so; "to" is English): read as "estar" only before a gerund,
# or, for "tô", whenever the accent is typed.
BEFORE_GERUND = {"to": "estou", "tao": "estão"}
_ALWAYS_WITH_ACCENT = {"tô"}

_KEYS = sorted(set(CONTRACTIONS) | set(BEFORE_GERUND), key=len, reverse=True)
_PATTERN = re.compile(r"(?<![\w@./-])(?:" + "|".join(re.escape(k) for k in _KEYS) + r")(?![\w@/-])(?!\.\w)")
_NEXT_WORD = re.compile(r"\s+(\w+)")
_PREVIOUS_WORD = re.compile(r"(\w+)\W*$")


@dataclass(frozen=True)
class Normalised:
    """The normalised text and, per replacement, (normal start, original start, normal length, original length)."""

    text: str
    edits: tuple[tuple[int, int, int, int], ...] = ()

    def position(self, index: int, *, end: bool) -> int:
        """The draft offset of a normalised offset; inside an expansion, its start (or end for ``end``)."""
        if not self.edits:
            return index
        at = bisect_right([e[0] for e in self.edits], index - (1 if end else 0)) - 1
        if at < 0:
            return index
        normal_start, original_start, normal_len, original_len = self.edits[at]
        if index < normal_start + normal_len or (end and index == normal_start + normal_len):
            return original_start + (original_len if end else 0)  # inside an expansion: all of what was typed
        return index - (normal_start + normal_len) + original_start + original_len

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.position(start, end=False), self.position(end, end=True)


def _shouting(text: str, match: re.Match[str]) -> bool:
    """The word and the one before it are in capitals: a draft typed in ALL CAPS."""
    before = _PREVIOUS_WORD.search(text, 0, match.start())
    return text[match.start():match.end()].isupper() and before is not None and before.group(1).isupper()


def _standard(text: str, match: re.Match[str]) -> str | None:
    """The standard spelling of a match, or None to keep it as typed."""
    typed = text[match.start():match.end()]
    key = typed.lower()
    if typed[:1].isupper() and not starts_sentence(text, match.start()) and not _shouting(text, match):
        return None  # mid-sentence capitals are names and acronyms ("plano Pro"), unless all is in capitals
    folded = fold(key)
    if folded in BEFORE_GERUND:
        following = _NEXT_WORD.match(text, match.end())
        if key not in _ALWAYS_WITH_ACCENT and not (following and fold(following.group(1)).endswith("ndo")):
            return None
        return BEFORE_GERUND[folded]
    return CONTRACTIONS[folded]


def normalise(text: str) -> Normalised:
    """``text`` with chat contractions spelled out, and the way back to the draft's offsets."""
    folded = fold(text)
    parts: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    cursor = shift = 0
    for match in _PATTERN.finditer(folded):
        standard = _standard(text, match)
        if standard is None:
            continue
        replacement = match_case(text[match.start():match.end()], standard)
        parts.append(text[cursor:match.start()])
        edits.append((match.start() + shift, match.start(), len(replacement), match.end() - match.start()))
        parts.append(replacement)
        shift += len(replacement) - (match.end() - match.start())
        cursor = match.end()
    if not edits:
        return Normalised(text)
    parts.append(text[cursor:])
    return Normalised("".join(parts), tuple(edits))
