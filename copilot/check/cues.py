"""What kind of statement governs a time expression: a promise, a fact, a request.

Each word of a sentence may be a *cue*: a first-person commitment ("enviarei",
"vou verificar", "te retorno"), a third-person future ("será liberado", "vai
sair"), a third-person present ("entrega", "ocorre"), a past ("foi",
"venceu"), or a request to the customer ("envie", "favor", "poderia"). The
cue nearest to the expression decides. Verb forms are recognised by their
endings checked against the lemmatizer, plus the irregular forms below
(generic Portuguese, no space's wording).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from copilot.check import lexicon as lex
from copilot.check.text import Token, fold
from copilot.check.verbs import CLITICS, is_verb, lemma

SELF, THIRD_FUTURE, THIRD_PRESENT, PAST, REQUEST = "self", "third_future", "third_present", "past", "request"

@dataclass(frozen=True)
class Cue:
    kind: str
    index: int  # token index in the sentence
    lemma: str = ""


@lru_cache(maxsize=8192)
def _verb_of(word: str) -> str | None:
    """The folded infinitive of a finite verb form (``word`` as typed, lower case), when the lemmatizer knows it.

    A prefixed verb the dictionary lacks is read through its base: "reagendamos" → re + agendar.
    """
    found = lemma(word)
    if found != word and found.endswith(("ar", "er", "ir", "or", "pôr")):
        return fold(found)
    for prefix in lex.VERB_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 5:
            base = lemma(word[len(prefix):])
            if base != word[len(prefix):] and base.endswith(("ar", "er", "ir")) and is_verb(base):
                return fold(prefix + base)
    return None


_PARTICIPLE = re.compile(r"(?:ad|id)[oa]s?$")


@lru_cache(maxsize=4096)
def _participle_verb(word: str) -> str | None:
    """The infinitive of a participle: "liberadas" → liberar, "corrigidas" → corrigir (the dictionary may say
    "corrigido", an adjective)."""
    found = _verb_of(word)
    if found is not None:
        return found
    folded = fold(word)
    stem = re.sub(r"(?:ad|id)[oa]s?$", "", folded)
    endings = ("ar",) if re.search(r"ad[oa]s?$", folded) else ("ir", "er")
    return next((stem + e for e in endings if is_verb(stem + e)), None)


def _passive(words: list[Token], index: int) -> Cue | None:
    """"é liberado", "são emitidas": a passive present takes the participle's verb."""
    if index == 0 or not _PARTICIPLE.search(words[index].low):
        return None
    auxiliary = words[index - 1].text.lower()
    if auxiliary not in lex.PASSIVE_AUXILIARIES:
        return None
    verb = _participle_verb(words[index].text.lower())
    if verb is None:
        return None
    kind = lex.PASSIVE_AUXILIARIES[auxiliary]
    # "será atendida em 48h" is a commitment whatever the verb; only a present passive may state a rule.
    return Cue(kind, index, "" if kind == THIRD_FUTURE else verb)


def _passive_ahead(words: list[Token], index: int) -> Cue | None:
    """"o sistema *fica* liberado": the auxiliary speaks for the participle that follows it.

    Read from either side, the clause's verb is the participle's, so the cue is
    the same whether the date comes before ("Em uma hora o sistema fica
    liberado") or after ("fica liberado em uma hora").
    """
    if index + 1 >= len(words):
        return None
    found = _passive(words, index + 1)
    return Cue(found.kind, index, found.lemma) if found else None


def _english(words: list[Token], index: int) -> Cue | None:
    """"we'll get back to you", "the team will send": an English future before a Portuguese date."""
    word = words[index].low
    if word not in lex.ENGLISH_FUTURE:
        return None
    subject = {w.low for w in words[max(0, index - 2):index]}
    return Cue(SELF if subject & lex.ENGLISH_SELF_SUBJECTS else THIRD_FUTURE, index)


def _opens_clause(words: list[Token], index: int, text: str) -> bool:
    return index == 0 or bool(re.search(r"[,;:.!?\n]", text[words[index - 1].end:words[index].start]))


def _infinitive_after(words: list[Token], index: int) -> str:
    """The infinitive a modal governs ("pode *levar*"), skipping clitics; "" when none."""
    for token in words[index + 1:index + 3]:
        if token.low in CLITICS:
            continue
        return token.low if token.low.endswith("r") else ""
    return ""


def _future(word: str) -> str | None:
    for ending, person in (("remos", SELF), ("rei", SELF), ("rao", THIRD_FUTURE), ("ra", THIRD_FUTURE)):
        if word.endswith(ending) and is_verb(word[: -len(ending) + 1]):
            return person
    return None


_ADDRESSEE = frozenset("voce voces senhor senhora sr sra cliente".split())


def classify(words: list[Token], index: int, text: str) -> Cue | None:
    """The cue a word gives; a third-person verb whose subject is the customer is a request,
    unless the customer is on the receiving end ("você recebe o retorno amanhã" is our promise)."""
    cue = _classify(words, index, text)
    if cue is not None and cue.kind in (THIRD_PRESENT, THIRD_FUTURE):
        back = index - 1
        while back >= 0 and words[back].low in CLITICS:
            back -= 1
        subject = words[back].low if back >= 0 else ""
        if subject == "gente" and back and words[back - 1].low == "a":
            return Cue(SELF, index, cue.lemma)  # "a gente fecha isso": the analyst's "we"
        if subject in _ADDRESSEE and not _receives(words, index, cue.lemma):
            return Cue(REQUEST, index, cue.lemma)
    return cue


def _receives(words: list[Token], index: int, verb: str) -> bool:
    """"você recebe/terá uma resposta": the customer gets what we do, unless "terá até sexta para enviar"."""
    verb = verb or _verb_of(words[index].text.lower()) or ""
    if verb == "ter":
        following = words[index + 1].low if index + 1 < len(words) else ""
        return following not in ("ate", "prazo", "mais")
    return verb in lex.RECEIVING_LEMMAS


def _classify(words: list[Token], index: int, text: str) -> Cue | None:
    """The cue a word gives, judged with its neighbours."""
    word = words[index].low
    typed = words[index].text.lower()
    previous = words[index - 1].low if index else ""
    nxt = words[index + 1].low if index + 1 < len(words) else ""
    passive = _passive(words, index) or _passive_ahead(words, index)
    if passive is not None:
        return passive
    english = _english(words, index)
    if english is not None:
        return english
    if word in ("fica", "ficam", "ficou", "ficaram") and nxt == "para":
        return Cue(THIRD_FUTURE, index, "ficar")  # "a visita fica para amanhã": a scheduled date
    if typed in lex.STATE_FORMS:
        return Cue(THIRD_PRESENT, index, lex.STATE_FORMS[typed])
    if word in lex.FUNCTION_WORDS and word not in lex.SELF_WORDS:
        return None
    if word in lex.PAST_WORDS:
        return Cue(PAST, index)
    if word in lex.SELF_WORDS:
        if word in ("estou", "estamos") and not nxt.endswith("ndo"):
            return None
        return Cue(SELF, index)
    if word in lex.THIRD_FUTURE_WORDS:
        if word in ("deve", "devem", "pode", "podem") and not (nxt.endswith(("r", "-lo", "-la")) or nxt in CLITICS):
            return None
        if word in ("pode", "podem", "podera") and _opens_clause(words, index, text):
            return Cue(REQUEST, index)  # "Se precisar, pode me ligar amanhã": an invitation to the customer
        return Cue(THIRD_FUTURE, index, _infinitive_after(words, index))
    if word in lex.REQUEST_WORDS or (word == "por" and nxt in ("favor", "gentileza")):
        return Cue(REQUEST, index)
    if word in lex.IRREGULAR_PRESENT and (word != "da" or words[index].text.lower() == "dá"):
        return Cue(THIRD_PRESENT, index, lex.IRREGULAR_PRESENT[word])
    future = _future(word)
    if future:
        return Cue(future, index, lemma(word))
    if word.startswith(lex.SCHEDULED) and previous in ("esta", "estao", "fica", "ficam", "e", "sao"):
        return Cue(THIRD_FUTURE, index)
    verb = _verb_of(words[index].text.lower())
    if verb is None:
        if index and (_verb_of(words[index - 1].text.lower()) or previous in lex.STATE_WORDS):
            return _noun_like_first_person(word, previous, index)  # "têm resposta": a noun after a verb
        return _noun_like_first_person(word, previous, index) or _noun_like_third_person(word, previous, index)
    stem = verb[:-2]
    past = {stem + "ou", stem + "eu", stem + "iu", stem + "aram", stem + "eram", stem + "iram", stem + "ava",
            stem + "avam"}
    past |= {stem + "ei"} if verb.endswith("ar") else {stem + "i", stem + "ia", stem + "iam"}
    if verb.endswith(("uir", "air")) and not typed.endswith("í"):
        past.discard(stem + "i")  # "conclui" is the present; only "concluí" is the past
    if word in past:
        return Cue(PAST, index, verb)
    if word in (stem + "amos", stem + "emos", stem + "imos"):
        return Cue(SELF, index, verb)
    if word == stem + "o":
        return None if previous in lex.DETERMINERS else Cue(SELF, index, verb)
    imperative = (stem + "e", stem + "em") if verb.endswith("ar") else (stem + "a", stem + "am")
    if word in imperative and (index == 0 or previous in CLITICS or previous in ("favor", "gentileza", "nao")):
        return Cue(REQUEST, index, verb)
    present = (stem + "a", stem + "am") if verb.endswith("ar") else (stem + "e", stem + "em")
    if verb.endswith(("uir", "air")):
        present = (stem + "i", stem + "em")  # conclui, inclui, atrai
    if word in present and previous in ("me", "nos") and _opens_clause(words, index - 1, text):
        return Cue(REQUEST, index, verb)  # "me avisa amanhã", "nos manda até sexta": the spoken imperative
    if word in present:
        return Cue(THIRD_PRESENT, index, verb)
    return None


def _noun_like_third_person(word: str, previous: str, index: int) -> Cue | None:
    """"a integração volta amanhã": a third-person present the dictionary reads as a noun (a volta)."""
    if len(word) < 4 or index == 0 or previous in lex.DETERMINERS or previous in lex.FUNCTION_WORDS:
        return None
    for ending, infinitive_ending in (("a", "ar"), ("am", "ar"), ("e", "er"), ("em", "er"), ("e", "ir")):
        if word.endswith(ending) and is_verb(word[: -len(ending)] + infinitive_ending):
            return Cue(THIRD_PRESENT, index, word[: -len(ending)] + infinitive_ending)
    return None


def _noun_like_first_person(word: str, previous: str, index: int) -> Cue | None:
    """"te retorno amanhã", "eu envio hoje": first-person forms the dictionary reads as nouns."""
    if len(word) < 4 or not word.endswith("o") or not (previous in lex.PERSONAL_CLITICS or previous in lex.ADVERBS
                                                       or previous in lex.CONJUNCTIONS or index == 0):
        return None
    for ending in ("ar", "er", "ir"):
        if is_verb(word[:-1] + ending):
            return Cue(SELF, index, word[:-1] + ending)
    return None
