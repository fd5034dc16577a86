"""The ``personal-data`` rule: CPF numbers, passwords and card numbers in a public reply.

Numbers are checked, not guessed: a CPF must carry valid check digits (or be
labelled "CPF"), a card number must pass the Luhn check, a password must
be handed over by the sentence ("senha: X", "a senha é X", "foi redefinida
para X", "redefinimos a senha para X") and look like one (digits, symbols or
mixed case).
The suggestion masks the value (a password entirely); it is offered, never
applied silently.
"""

from __future__ import annotations

import re

from copilot.check.models import Hit

_CPF = re.compile(r"(?<![\d./-])(\d{3}\.\d{3}\.\d{3}-\d{2}|\d{3}\s?\d{3}\s?\d{3}\s?-?\s?\d{2})(?![\d/-])")
_CPF_LABEL = re.compile(r"\bcpf\b[^\n\d]{0,20}$")
_CARD = re.compile(r"(?<![\d.,/-])(\d{4}[ .-]?\d{4}[ .-]?\d{4}[ .-]?\d{1,7})(?![\d/-])")
_CARD_LABEL = re.compile(r"\b(?:cartao|card|credito|debito)\b[^\n]{0,30}$")
_PASSWORD_WORD = r"\b(?:senhas?|password|passwd|pwd)\b"
_PASSWORD_MODIFIERS = (r"provisoria|temporaria|atual|nova|inicial|padrao|de acesso|do usuario|dele|dela|do sistema"
                       r"|de rede|do wi-?fi|do e-?mail|d[oa]s?\s+[\w-]+")
# How a draft hands a password over: "senha: X", "a senha é X", "foi redefinida para X", "passa a ser X".
_SET_VERBS = (r"redefinid[oa]|alterad[oa]|trocad[oa]|resetad[oa]|definid[oa]|modificad[oa]|atualizad[oa]|gerad[oa]"
              r"|cadastrad[oa]|configurad[oa]|mudad[oa]|reiniciad[oa]|criad[oa]|restaurad[oa]|redefinimos|alteramos"
              r"|trocamos|resetamos|definimos|geramos|cadastramos|configuramos|mudamos|criamos")
_HANDOVER = (rf"(?:(?:foi|sera|esta|ficou|ja foi)\s+)?(?:{_SET_VERBS})\s+(?:para|como|em|:)"
             r"|e|eh|sera|ficou|:|=|-|passa a ser|agora e|vai ser")
_VALUE = r"[\"'“‘]?(?P<value>[^\s\"'”’,;]{4,})"
_PASSWORDS = (
    # "senha: X", "nova senha X", "a senha provisória é X", "senha do PPPoE foi redefinida para X"
    # (not "senha do usuário fiscal1 foi trocada para X": a word the password's verb follows names its owner)
    re.compile(rf"{_PASSWORD_WORD}(?:\s+(?:{_PASSWORD_MODIFIERS})){{0,3}}\s*(?:(?:{_HANDOVER})\s*)?{_VALUE}"
               rf"(?!\s+(?:(?:foi|sera|esta|ficou|ja foi)\s+)?(?:{_SET_VERBS})\b)"),
    # "a senha do usuário admin foi redefinida para X": any words, then a verb that sets it
    re.compile(rf"{_PASSWORD_WORD}(?:\s+[\w-]+){{1,4}}?\s+(?:(?:foi|sera|esta|ficou|ja foi)\s+)?(?:{_SET_VERBS})"
               rf"\s+(?:para|como|:)\s*{_VALUE}"),
    # "redefinimos a sua senha para X"
    re.compile(rf"\b(?:{_SET_VERBS})\s+(?:(?:a|sua|a sua)\s+)?{_PASSWORD_WORD}(?:\s+(?:{_PASSWORD_MODIFIERS})){{0,3}}"
               rf"\s+(?:para|como|:)\s*{_VALUE}"),
)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def valid_cpf(number: str) -> bool:
    digits = [int(d) for d in _digits(number)]
    if len(digits) != 11 or len(set(digits)) == 1:
        return False
    for size in (9, 10):
        total = sum(d * w for d, w in zip(digits[:size], range(size + 1, 1, -1)))
        if (total * 10 % 11) % 10 != digits[size]:
            return False
    return True


def luhn(number: str) -> bool:
    digits = [int(d) for d in _digits(number)][::-1]
    if not 13 <= len(digits) <= 19:
        return False
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits))
    return total % 10 == 0


def _looks_secret(value: str) -> bool:
    has_digit = any(c.isdigit() for c in value)
    has_symbol = any(not c.isalnum() for c in value.rstrip(".!?"))
    mixed = any(c.isupper() for c in value[1:]) and any(c.islower() for c in value)
    return has_digit or has_symbol or mixed


def mask(value: str) -> str:
    """Keep separators and the last two digits or characters: "123.456.789-09" → "***.***.***-09"."""
    keep = 2
    out, seen = [], 0
    for char in reversed(value):
        if char.isalnum():
            out.append(char if seen < keep else "*")
            seen += 1
        else:
            out.append(char)
    return "".join(reversed(out))


def find_personal_data(text: str, folded: str) -> list[Hit]:
    hits: list[Hit] = []
    for match in _CPF.finditer(folded):
        labelled = bool(_CPF_LABEL.search(folded[max(0, match.start() - 30):match.start()]))
        if (valid_cpf(match.group(1)) and "." in match.group(1)) or (labelled and len(_digits(match.group(1))) == 11):
            hits.append(Hit("personal-data", match.start(), match.end(), variant="cpf",
                            suggestion=mask(text[match.start():match.end()])))
    for match in _CARD.finditer(folded):
        labelled = bool(_CARD_LABEL.search(folded[max(0, match.start() - 40):match.start()]))
        grouped = bool(re.fullmatch(r"\d{4}([ .-])\d{4}\1\d{4}\1\d{1,7}", match.group(1)))
        if luhn(match.group(1)) and (labelled or grouped):
            hits.append(Hit("personal-data", match.start(), match.end(), variant="card",
                            suggestion=mask(text[match.start():match.end()])))
    seen: set[int] = set()
    for pattern in _PASSWORDS:
        for match in pattern.finditer(folded):
            start, end = match.span("value")
            value = text[start:end].rstrip(".!?)")
            end = start + len(value)
            if start not in seen and len(value) >= 4 and _looks_secret(value):
                seen.add(start)
                hits.append(Hit("personal-data", start, end, variant="password", suggestion="*" * len(value)))
    return hits
