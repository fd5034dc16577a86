"""Portuguese verb morphology the rules need: gerunds, futures, clitic placement.

A word is a gerund when it ends in -ndo and the lemmatizer (simplemma's
Portuguese dictionary, shipped in the wheel) gives, as its lemma, the
infinitive that the gerund's own stem makes: verificando → verificar,
pondo → pôr. Words that merely end in -ndo (mundo, segundo, quando, fundo,
comando) have themselves as lemma and are never gerunds; "mando" or
"entendo" lemmatize to mandar/entender, which are not *their* infinitive.
"""

from __future__ import annotations

from functools import lru_cache

import simplemma

# Gerunds whose dictionary lemma is another verb's (vendo → vendar, comendo → comendar).
AMBIGUOUS_GERUNDS = {"vendo": "ver", "revendo": "rever", "antevendo": "antever", "comendo": "comer",
                     "quitando": "quitar", "remando": "remar"}
# Words in -ndo that are nouns or adjectives far more often than gerunds.
NOMINAL_NDO = frozenset({"memorando", "doutorando", "mestrando", "vestibulando", "graduando", "tremendo",
                         "horrendo", "estupendo", "nefando", "reverendo", "referendo", "dividendo", "adendo",
                         "comando", "segundo", "bem-vindo", "benvindo", "oriundo", "hediondo"})

# Future and conditional endings by the person of "estar" they replace.
FUTURE_ENDINGS = {"estarei": "ei", "estaras": "ás", "estara": "á", "estaremos": "emos", "estareis": "eis",
                  "estarao": "ão", "estaria": "ia", "estarias": "ias", "estariamos": "íamos",
                  "estarieis": "íeis", "estariam": "iam"}
# Irregular future stems (compounds share them: refazer → refar-, contradizer → contradir-).
_FUTURE_STEMS = (("fazer", "far"), ("trazer", "trar"), ("dizer", "dir"), ("pôr", "por"))
OBJECT_CLITICS = frozenset({"o", "a", "os", "as", "lo", "la", "los", "las"})
CLITICS = frozenset({"me", "te", "se", "lhe", "lhes", "nos", "vos"}) | OBJECT_CLITICS


@lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    return simplemma.lemmatize(word, lang="pt").lower()


def _stem_infinitive(word: str) -> str:
    inf = word[:-3] + "r"
    return "pôr" if inf == "por" else inf


@lru_cache(maxsize=8192)
def gerund_infinitive(word: str, *, in_construction: bool = False) -> str | None:
    """The infinitive of ``word`` (folded, lower case) when it is a gerund, else None.

    ``in_construction`` is set when an auxiliary ("estar", "vou estar") precedes:
    there a word whose infinitive is a verb counts even if its lemma differs.
    """
    if len(word) < 4 or not word.endswith("ndo") or word[-4] not in "aeio":
        return None
    if word in AMBIGUOUS_GERUNDS:
        return AMBIGUOUS_GERUNDS[word]
    if word in NOMINAL_NDO and not in_construction:
        return None
    inf = _stem_infinitive(word)
    if lemma(word) == inf:
        return inf
    if in_construction and is_verb(inf):
        return inf
    return None


@lru_cache(maxsize=4096)
def is_verb(infinitive: str) -> bool:
    """An infinitive the dictionary knows as a verb (its participle or 1pl maps back to it)."""
    if len(infinitive) < 2 or infinitive[-1] != "r" or lemma(infinitive) != infinitive:
        return False
    if not simplemma.is_known(infinitive, lang="pt"):
        return False
    vowel = infinitive[-2]
    forms = [infinitive[:-1] + "do", infinitive[:-1] + "mos",
             infinitive[:-2] + {"a": "ou", "e": "eu", "i": "iu"}.get(vowel, "")]
    return any(lemma(f) == infinitive for f in forms)


def future_stem(infinitive: str) -> str:
    for ending, stem in _FUTURE_STEMS:
        if infinitive.endswith(ending):
            return infinitive[: -len(ending)] + stem
    return infinitive.replace("ô", "o")


def future(infinitive: str, estar_form: str) -> str:
    """The synthetic future/conditional with the person of ``estar_form`` (folded): estaremos → analisaremos."""
    return future_stem(infinitive) + FUTURE_ENDINGS[estar_form]


def infinitive_with_enclitic(infinitive: str, clitic: str) -> str:
    """"encaminhar" + "o" → "encaminhá-lo"; "enviar" + "lhe" → "enviar-lhe"."""
    clitic = clitic.lower()
    if clitic in OBJECT_CLITICS:
        base = clitic[1:] if clitic.startswith("l") else clitic
        stem = infinitive[:-1]
        accented = {"a": "á", "e": "ê", "o": "ô", "ô": "ô"}.get(stem[-1:], stem[-1:])
        return f"{stem[:-1]}{accented}-l{base}"
    return f"{infinitive}-{clitic}"


def proclitic(clitic: str) -> str:
    """The form of an enclitic when it moves before the verb ("-lo" → "o")."""
    clitic = clitic.lower()
    return clitic[1:] if clitic in {"lo", "la", "los", "las"} else clitic
