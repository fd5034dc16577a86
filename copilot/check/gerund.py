"""The ``gerund`` rule: gerundismo (an error) and other gerunds (a warning).

Gerundismo is an auxiliary (ir, estar, poder, dever, querer, in any person
and tense) + "estar" + gerund, or a future/conditional of "estar" + gerund,
with clitics, adverbs, line breaks, missing accents and any case. Its fix
keeps person and tense: "vou estar verificando" → "vou verificar",
"estaremos analisando" → "analisaremos", "estarei encaminhando-o" →
"o encaminharei". Other gerunds get a warning and no automatic fix.
"""

from __future__ import annotations

import re

from copilot.check.models import Hit
from copilot.check.text import Token, match_case, starts_sentence, tokens
from copilot.check.verbs import CLITICS, FUTURE_ENDINGS, future, gerund_infinitive, infinitive_with_enclitic, proclitic

_AUX = (
    "vou|vais|vai|vamos|vao|ides|irei|iras|ira|iremos|ireis|irao|iria|irias|iriamos|irieis|iriam|ia|ias|iamos|iam|ir"
    "|posso|podes|pode|podemos|podem|podia|podiamos|podiam|poderei|poderas|podera|poderemos|poderao|poderia"
    "|poderias|poderiamos|poderiam|poder"
    "|devo|deves|deve|devemos|devem|devia|deviamos|deviam|deverei|deveras|devera|deveremos|deverao|deveria"
    "|deverias|deveriamos|deveriam|dever"
    "|quero|queres|quer|queremos|querem|queria|queriamos|queriam|quererei|querera|quereremos|quererao|quereria"
    "|quereriamos|quereriam|querer|queira|queiram|queiramos|quiser|quiseres|quisermos|quiserem|quisesse"
    "|quisessemos|quisessem|puder|pudermos|puderem|pudesse|pudessemos|pudessem|possa|possas|possamos|possam"
    "|deva|devamos|devam|devesse|devessem|va|vas|vades"
    "|estou|esta|estamos|estao|estava|estavamos|estavam"
)
_ESTAR_FUTURE = "|".join(sorted(FUTURE_ENDINGS, key=len, reverse=True))
_CLITIC = "me|te|se|lhe|lhes|nos|vos|o|a|os|as"
_PRE_CLITIC = "me|te|se|lhe|lhes|nos|vos"
_ADVERB = r"sempre|tambem|ja|ainda|pessoalmente|novamente|prontamente|logo|entao|somente|apenas|so|[a-z]+mente"
_ENCLITIC = r"(?:-(?P<encl>lhes|lhe|los|las|lo|la|os|as|o|a|me|te|se|nos|vos))?"
_GAP = r"[ \t\r\n\u00a0]+"
_MIDDLE = rf"(?P<mid>(?:(?:{_CLITIC}|{_ADVERB}){_GAP}){{0,2}})"
_GERUND = rf"(?P<ger>[a-z]+ndo){_ENCLITIC}\b"

# aux + [clitic] + estar + [clitic/adverb] + gerund   ("vou estar lhe enviando")
WITH_AUX = re.compile(
    rf"\b(?P<aux>{_AUX}){_GAP}(?:(?P<pre>{_PRE_CLITIC}){_GAP})?(?:estar|esta){_GAP}{_MIDDLE}{_GERUND}"
)
# [clitic] + estarei/estaremos/estaria… + [clitic/adverb] + gerund   ("lhe estarei enviando")
WITH_FUTURE = re.compile(
    rf"(?:\b(?P<pre>{_PRE_CLITIC}){_GAP})?\b(?P<est>{_ESTAR_FUTURE}){_GAP}{_MIDDLE}{_GERUND}"
)
_DETERMINERS = frozenset(
    "o a os as um uma uns umas do da dos das no na nos nas ao aos pelo pela pelos pelas este esta esse essa "
    "aquele aquela meu minha seu sua nosso nossa teu tua cada de eu".split()
)
# "tinha vindo", "tem vindo": a participle that looks like a gerund, after ter/haver.
_PERFECT_AUX = frozenset("tinha tinhas tinhamos tinham tenho tens tem temos tem teria teriamos teriam tera terao "
                         "ter havia haviam hei ha hao houvesse tivesse tivessem tiver".split())
# Given names in -ndo that the lemmatizer also reads as verbs (Orlando → orlar).
NAMES_NDO = frozenset("orlando armando rolando fernando hernando raimundo edmundo segismundo facundo "
                      "secundo normando brando gumercindo arlindo olindo lucindo florindo rosalindo "
                      "ermelindo deolindo gerundo".split())


def _middle_parts(text: str) -> tuple[list[str], list[str], list[str]]:
    """Split the words between "estar" and the gerund into clitics, short adverbs and -mente adverbs (as typed).

    A -mente adverb follows the verb once the gerund is gone ("vou estar pessoalmente cuidando" → "vou cuidar
    pessoalmente"); short ones keep their place before it ("estarei sempre acompanhando" → "sempre acompanharei").
    """
    clitics, adverbs, trailing = [], [], []
    for word in text.split():
        low = word.lower()
        (clitics if low in CLITICS else trailing if low.endswith("mente") else adverbs).append(word)
    return clitics, adverbs, trailing


def _fix(match: re.Match[str], text: str, infinitive: str) -> str:
    """The Brazilian rewrite that keeps person and tense."""
    clitics, adverbs, trailing = _middle_parts(text[match.start("mid"):match.end("mid")])
    if match.group("pre"):
        clitics.insert(0, text[match.start("pre"):match.end("pre")])
    enclitic = match.group("encl")
    if "aux" in match.groupdict() and match.group("aux") is not None:
        verb = infinitive_with_enclitic(infinitive, enclitic) if enclitic else infinitive
        words = [text[match.start("aux"):match.end("aux")], *adverbs, *clitics, verb, *trailing]
    else:
        verb = future(infinitive, match.group("est"))
        if enclitic:
            clitics.append(proclitic(enclitic))
        words = [*adverbs, *clitics, verb, *trailing]
    fixed = " ".join(words)
    return match_case(text[match.start():match.end()], fixed)


def _is_name(token: Token, text: str) -> bool:
    if token.low in NAMES_NDO and token.text[:1].isupper():
        return True
    return token.is_capitalised and not starts_sentence(text, token.start)


def find_gerunds(text: str, folded: str, words: list[Token] | None = None) -> list[Hit]:
    """Gerundismo constructions first (with their fix), then every other real gerund."""
    hits: list[Hit] = []
    covered: list[tuple[int, int]] = []
    for pattern in (WITH_AUX, WITH_FUTURE):
        for match in pattern.finditer(folded):
            if any(s < match.end() and match.start() < e for s, e in covered):
                continue
            infinitive = gerund_infinitive(match.group("ger"), in_construction=True)
            if infinitive is None:
                continue
            covered.append((match.start(), match.end()))
            hits.append(Hit("gerund", match.start(), match.end(), suggestion=_fix(match, text, infinitive), safe=True))
    words = tokens(text, folded) if words is None else words
    for index, token in enumerate(words):
        low = token.low.split("-")[0]
        if not low.endswith("ndo") or any(s <= token.start < e for s, e in covered):
            continue
        previous = words[index - 1].low if index else ""
        after_aux = previous in {"estou", "esta", "estamos", "estao", "estava", "estavamos", "estavam", "estive",
                                 "estiver", "estivermos", "estar", "continuo", "continuamos", "seguimos", "sigo"}
        if not after_aux and (previous in _DETERMINERS or previous in _PERFECT_AUX or _is_name(token, text)
                              or (previous == "bem" and low == "vindo")):
            continue
        if gerund_infinitive(low, in_construction=after_aux) is None:
            continue
        hits.append(Hit("gerund", token.start, token.end, variant="plain"))
    return hits
