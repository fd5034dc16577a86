"""Portuguese-aware text analysis for the lexical index.

Lower-case, accent folding, then Snowball Portuguese stemming, so
"Rejeição", "rejeicao" and "rejeições" meet (people type without accents;
folding first makes both spellings reach the stemmer as the same word).
Stop words come from a data file.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import Stemmer

_WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+(?:[-'][0-9A-Za-zÀ-ÖØ-öø-ÿ]+)*")
_stemmer = Stemmer.Stemmer("portuguese")


def fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    raw = resources.files("copilot.retrieval").joinpath("data/stopwords_pt.txt").read_text(encoding="utf-8")
    words = (line.strip().lower() for line in raw.splitlines())
    return frozenset(fold_accents(w) for w in words if w and not w.startswith("#"))


@lru_cache(maxsize=65536)
def _term(word: str) -> str:
    return _stemmer.stemWord(fold_accents(word))


def analyze(text: str) -> list[str]:
    """Text → index terms (stemmed, folded, without stop words).

    Short hyphenated words are joined ("e-mail" → "email", as people also
    write it); longer compounds are split ("Financeiro-Atendimento")."""
    stops = stop_words()
    terms: list[str] = []
    for raw in _WORD.findall(text.lower()):
        raw = raw.replace("'", "")
        pieces = [raw.replace("-", "")] if len(raw) <= 8 else raw.split("-")
        for piece in pieces:
            if piece and fold_accents(piece) not in stops:
                terms.append(_term(piece))
    return terms
