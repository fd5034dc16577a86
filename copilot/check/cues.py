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

from copilot.check.text import Token, fold
from copilot.check.verbs import CLITICS, is_verb, lemma

SELF, THIRD_FUTURE, THIRD_PRESENT, PAST, REQUEST = "self", "third_future", "third_present", "past", "request"

_SELF_WORDS = frozenset(
    "vou vamos irei iremos estarei estaremos farei faremos trarei traremos direi diremos porei poremos darei "
    "daremos terei teremos consigo conseguimos conseguiremos posso podemos poderei poderemos pretendo "
    "pretendemos garanto garantimos prometo prometemos devo devemos deverei deveremos faco fazemos trago "
    "trazemos digo dizemos dou damos tenho temos vejo vemos venho vimos passo passamos sigo seguimos peco "
    "ponho pomos precisamos preciso fico ficamos estou estamos".split()
)
_THIRD_FUTURE_WORDS = frozenset(
    "sera serao ira irao vai vao tera terao fara farao trara trarao dira dirao dara darao vera verao vira virao "
    "estara estarao havera podera poderao devera deverao deve devem pode podem".split()
)
_PAST_WORDS = frozenset(
    "foi foram fui fomos era eram teve tiveram tive tivemos fez fizeram fiz fizemos houve havia veio vieram vim "
    "esteve estiveram estive estivemos estava estavam estavamos disse disseram deu deram dei tinha tinham tinhamos "
    "pude quis soube trouxe trouxeram pus viu vi vimos ocorreu venceu".split()
)
_REQUEST_WORDS = frozenset(
    "favor gentileza poderia poderiam podera solicitamos pedimos peco "
    "precisamos necessitamos aguardamos aguardo aguarde aguardem".split()
)
# Third-person present verbs that state how things are, not what someone will do:
# "o bloqueio ocorre no sétimo dia", "a compensação demora até 5 dias úteis".
STATE_LEMMAS = frozenset(
    "ser estar ocorrer acontecer demorar levar costumar compensar vencer funcionar durar expirar valer "
    "permanecer existir haver significar depender precisar bastar constar aparecer ficar abrir fechar "
    "atender bloquear começar comecar iniciar contar ter possuir incluir prever garantir".split()
)
_STATE_FORMS = {"é": "ser", "são": "ser", "está": "estar", "estão": "estar"}
_STATE_WORDS = frozenset("e sao esta estao tem sera serao fica ficam".split())
# Irregular third-person presents the endings do not reveal.
_IRREGULAR_PRESENT = {"sai": "sair", "saem": "sair", "vem": "vir", "faz": "fazer", "fazem": "fazer",
                      "traz": "trazer", "trazem": "trazer", "poe": "pôr", "poem": "pôr", "tem": "ter",
                      "ve": "ver", "veem": "ver", "cai": "cair", "caem": "cair", "diz": "dizer", "dizem": "dizer",
                      "da": "dar", "dao": "dar", "segue": "seguir", "seguem": "seguir"}
_SCHEDULED = ("agendad", "marcad", "previst", "programad", "combinad", "pronto", "pronta", "disponivel")
_CONJUNCTIONS = frozenset("e mas entao ja logo".split())
_DETERMINERS = frozenset("o a os as um uma do da dos das no na nos nas ao aos pelo pela pelos pelas de em seu sua "
                         "meu minha nosso nossa este esta esse essa cada todo toda".split())
_PERSONAL_CLITICS = frozenset("me te lhe lhes vos".split())
_ADVERBS = frozenset("eu ja hoje amanha agora ainda logo depois entao tambem sempre mesmo so".split())  # "o"/"a" are articles far more often
# Function words that are never the verb of a clause, whatever the lemmatizer guesses.
_FUNCTION_WORDS = frozenset(
    "o a os as um uma uns umas de do da dos das no na nos nas em ao aos pelo pela pelos pelas por para pra com "
    "sem sob sobre e ou mas que se ja nao sim isso isto este esta esse essa aquele aquela seu sua seus suas meu "
    "minha nosso nossa eu tu ele ela nos voces eles elas lhe me te ate como quando onde mais menos muito "
    "bem mal so caso dia dias hora horas".split()
)


@dataclass(frozen=True)
class Cue:
    kind: str
    index: int  # token index in the sentence
    lemma: str = ""


@lru_cache(maxsize=8192)
def _verb_of(word: str) -> str | None:
    """The folded infinitive of a finite verb form (``word`` as typed, lower case), when the lemmatizer knows it."""
    found = lemma(word)
    if found == word or not found.endswith(("ar", "er", "ir", "or", "pôr")):
        return None
    return fold(found)


_PARTICIPLE = re.compile(r"(?:ad|id)[oa]s?$")


def _passive(words: list[Token], index: int) -> Cue | None:
    """"é liberado", "são emitidas": a passive present takes the participle's verb."""
    if index == 0 or not _PARTICIPLE.search(words[index].low):
        return None
    auxiliary = words[index - 1].text.lower()
    if auxiliary not in ("é", "são", "fica", "ficam"):
        return None
    verb = _verb_of(words[index].text.lower())
    return Cue(THIRD_PRESENT, index, verb) if verb else None


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
    """The cue a word gives; a third-person verb whose subject is the customer is a request."""
    cue = _classify(words, index, text)
    if cue is not None and cue.kind in (THIRD_PRESENT, THIRD_FUTURE):
        back = index - 1
        while back >= 0 and words[back].low in CLITICS:
            back -= 1
        if back >= 0 and words[back].low in _ADDRESSEE:
            return Cue(REQUEST, index, cue.lemma)
    return cue


def _classify(words: list[Token], index: int, text: str) -> Cue | None:
    """The cue a word gives, judged with its neighbours."""
    word = words[index].low
    typed = words[index].text.lower()
    passive = _passive(words, index)
    if passive is not None:
        return passive
    if typed in _STATE_FORMS:
        return Cue(THIRD_PRESENT, index, _STATE_FORMS[typed])
    if word in _FUNCTION_WORDS and word not in _SELF_WORDS:
        return None
    previous = words[index - 1].low if index else ""
    nxt = words[index + 1].low if index + 1 < len(words) else ""
    if word in _PAST_WORDS:
        return Cue(PAST, index)
    if word in _SELF_WORDS:
        if word in ("estou", "estamos") and not nxt.endswith("ndo"):
            return None
        return Cue(SELF, index)
    if word in _THIRD_FUTURE_WORDS:
        if word in ("deve", "devem", "pode", "podem", "vai", "vao") and not (nxt.endswith(("r", "-lo", "-la"))
                                                                          or nxt in CLITICS):
            return None
        if word in ("pode", "podem", "podera") and _opens_clause(words, index, text):
            return Cue(REQUEST, index)  # "Se precisar, pode me ligar amanhã": an invitation to the customer
        return Cue(THIRD_FUTURE, index, _infinitive_after(words, index))
    if word in _REQUEST_WORDS or (word == "por" and nxt in ("favor", "gentileza")):
        return Cue(REQUEST, index)
    if word in _IRREGULAR_PRESENT and (word != "da" or words[index].text.lower() == "dá"):
        return Cue(THIRD_PRESENT, index, _IRREGULAR_PRESENT[word])
    future = _future(word)
    if future:
        return Cue(future, index, lemma(word))
    if word.startswith(_SCHEDULED) and previous in ("esta", "estao", "fica", "ficam", "e", "sao"):
        return Cue(THIRD_FUTURE, index)
    verb = _verb_of(words[index].text.lower())
    if verb is None:
        if index and (_verb_of(words[index - 1].text.lower()) or previous in _STATE_WORDS):
            return _noun_like_first_person(word, previous, index)  # "têm resposta": a noun after a verb
        return _noun_like_first_person(word, previous, index) or _noun_like_third_person(word, previous, index)
    stem = verb[:-2]
    past = {stem + "ou", stem + "eu", stem + "iu", stem + "aram", stem + "eram", stem + "iram", stem + "ava",
            stem + "avam"}
    past |= {stem + "ei"} if verb.endswith("ar") else {stem + "i", stem + "ia", stem + "iam"}
    if word in past:
        return Cue(PAST, index, verb)
    if word in (stem + "amos", stem + "emos", stem + "imos"):
        return Cue(SELF, index, verb)
    if word == stem + "o":
        return None if previous in _DETERMINERS else Cue(SELF, index, verb)
    imperative = (stem + "e", stem + "em") if verb.endswith("ar") else (stem + "a", stem + "am")
    if word in imperative and (index == 0 or previous in CLITICS or previous in ("favor", "gentileza", "nao")):
        return Cue(REQUEST, index, verb)
    present = (stem + "a", stem + "am") if verb.endswith("ar") else (stem + "e", stem + "em")
    if word in present:
        return Cue(THIRD_PRESENT, index, verb)
    return None


def _noun_like_third_person(word: str, previous: str, index: int) -> Cue | None:
    """"a integração volta amanhã": a third-person present the dictionary reads as a noun (a volta)."""
    if len(word) < 4 or index == 0 or previous in _DETERMINERS or previous in _FUNCTION_WORDS:
        return None
    for ending, infinitive_ending in (("a", "ar"), ("am", "ar"), ("e", "er"), ("em", "er"), ("e", "ir")):
        if word.endswith(ending) and is_verb(word[: -len(ending)] + infinitive_ending):
            return Cue(THIRD_PRESENT, index, word[: -len(ending)] + infinitive_ending)
    return None


def _noun_like_first_person(word: str, previous: str, index: int) -> Cue | None:
    """"te retorno amanhã", "eu envio hoje": first-person forms the dictionary reads as nouns."""
    if len(word) < 4 or not word.endswith("o") or not (previous in _PERSONAL_CLITICS or previous in _ADVERBS
                                                       or previous in _CONJUNCTIONS or index == 0):
        return None
    for ending in ("ar", "er", "ir"):
        if is_verb(word[:-1] + ending):
            return Cue(SELF, index, word[:-1] + ending)
    return None
