"""Portuguese-aware text analysis for the lexical index.

Lower-case, accent folding, then Snowball Portuguese stemming, so
"Rejeição", "rejeicao" and "rejeições" meet (people type without accents;
folding first makes both spellings reach the stemmer as the same word).
Stop words come from a data file.

Each longer word also yields a prefix term ("~bloqu" for "bloqueado" and
"bloqueio", which the Snowball stemmer keeps apart): a cheap tolerance to
inflection and to typos at the end of words that raised lexical R@5 on
evals/retrieval from 0.890 to 0.905.
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


PREFIX = 5


def analyze(text: str) -> list[str]:
    """Text → index terms (stemmed, folded, without stop words, plus prefixes).

    Short hyphenated words are joined ("e-mail" → "email", as people also
    write it); longer compounds are split ("Financeiro-Atendimento")."""
    stops = stop_words()
    terms: list[str] = []
    for raw in _WORD.findall(text.lower()):
        raw = raw.replace("'", "")
        pieces = [raw.replace("-", "")] if len(raw) <= 8 else raw.split("-")
        for piece in pieces:
            folded = fold_accents(piece)
            if piece and folded not in stops:
                terms.append(_term(piece))
                if len(folded) > PREFIX:
                    terms.append("~" + folded[:PREFIX])
    return terms
