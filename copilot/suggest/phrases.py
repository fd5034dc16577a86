"""Finding a curator's phrase in free text, whatever the spelling.

A phrase matches when its words appear in order in one sentence, each word
compared by stem (so "bloqueado" finds "bloqueada", "inadimplência" finds
"inadimplente"), allowing up to ``MAX_GAP`` extra words between them ("cliente
ainda está bloqueado"). A negator just before the match or inside a gap
("cliente NÃO está bloqueado") marks the match as negated: the sentence says
the opposite. A trailing ``*`` on a phrase word matches any word starting with
it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from copilot.suggest.text import NEGATORS, sentences, stem, words

MAX_GAP = 2
NEGATION_WINDOW = 3
_MIN_SHARED_PREFIX = 5
_LONG_SHARED_PREFIX = 7


@dataclass(frozen=True)
class Phrase:
    text: str
    words: tuple[str, ...]
    stems: tuple[str, ...]


@dataclass(frozen=True)
class SentenceView:
    """One sentence, folded and stemmed once, searched by many phrases."""

    text: str
    words: tuple[str, ...]
    stems: tuple[str, ...]


@dataclass(frozen=True)
class PhraseMatch:
    phrase: Phrase
    sentence: str
    negated: bool
    length: int  # words matched: longer matches are more specific


@lru_cache(maxsize=8192)
def compile_phrase(text: str) -> Phrase:
    merged: list[str] = []
    for raw in text.split():
        ws = words(raw.rstrip("*"))
        if raw.endswith("*") and ws:
            ws[-1] += "*"
        merged += ws
    return Phrase(text, tuple(merged), tuple(w if w.endswith("*") else stem(w) for w in merged))


def view_sentences(text: str) -> list[SentenceView]:
    views = []
    for sentence in sentences(text):
        ws = tuple(words(sentence))
        if ws:
            views.append(SentenceView(sentence, ws, tuple(stem(w) for w in ws)))
    return views


def _word_matches(pattern: str, pattern_stem: str, word: str, word_stem: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    if pattern_stem == word_stem or pattern == word:
        return True
    shorter, longer = sorted((pattern_stem, word_stem), key=len)
    if len(shorter) < _MIN_SHARED_PREFIX or not longer.startswith(shorter[:_MIN_SHARED_PREFIX]):
        return False
    shared = 0
    for a, b in zip(shorter, longer):
        if a != b:
            break
        shared += 1
    return shared == len(shorter) or shared >= _LONG_SHARED_PREFIX


def find_in_sentence(phrase: Phrase, view: SentenceView) -> PhraseMatch | None:
    if not phrase.words:
        return None
    n = len(view.words)
    for start in range(n):
        if not _word_matches(phrase.words[0], phrase.stems[0], view.words[start], view.stems[start]):
            continue
        position, gap_negated, ok = start, False, True
        for pw, ps in zip(phrase.words[1:], phrase.stems[1:]):
            for step in range(1, MAX_GAP + 2):
                j = position + step
                if j < n and _word_matches(pw, ps, view.words[j], view.stems[j]):
                    gap_negated |= any(w in NEGATORS for w in view.words[position + 1 : j])
                    position = j
                    break
            else:
                ok = False
                break
        if not ok:
            continue
        before = view.words[max(0, start - NEGATION_WINDOW) : start]
        negated = gap_negated or any(w in NEGATORS for w in before)
        return PhraseMatch(phrase, view.text, negated, len(phrase.words))
    return None


def find_any(phrases: list[Phrase], views: list[SentenceView]) -> PhraseMatch | None:
    """The most specific (longest) match of any phrase, in the first sentence that has one."""
    for view in views:
        best: PhraseMatch | None = None
        for phrase in phrases:
            match = find_in_sentence(phrase, view)
            if match and (best is None or match.length > best.length):
                best = match
        if best:
            return best
    return None
