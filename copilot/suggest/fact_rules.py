"""The structured ways a fact can be read, beyond fields and phrases.

Each function takes the ticket view and one rule of a ``FactSpec`` and answers
"true", "false" or None (nothing to say): related records in a list field,
the latest comment's origin, who a message is addressed to, dates mentioned
next to a phrase. They know no spelling of any space; the rules carry it.
"""

from __future__ import annotations

import re
from datetime import datetime

from copilot.suggest.facts import FLAG_FALSE, FLAG_TRUE, AddresseeRule, DatedRule, LatestRule, ListRule
from copilot.suggest.fieldnames import FUNCTION_WORDS, find_field, find_in_mapping
from copilot.suggest.phrases import compile_phrase, find_any, find_in_sentence
from copilot.suggest.text import fold, stems, words
from copilot.suggest.ticket_view import LOCAL_ZONE, TicketView, expand_origins, parse_time

_DAY_MONTH = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b")
# Generic openings before a name ("Oi Ana, …", "Bom dia Marcos, …").
_OPENING = re.compile(r"^\s*(?:(?i:oi|ol[áa]|bom dia|boa tarde|boa noite|prezad[oa]|car[oa]|hi|hello|dear)[\s,!]+)?"
                      r"([A-ZÀ-Ý][a-zà-ÿ]+)\s*,", re.UNICODE)
# Opening words that are not names ("Obrigada, pode encerrar").
_NOT_NAMES = frozenset({"obrigado", "obrigada", "pessoal", "gente", "bom", "boa", "ok", "certo", "claro", "sim", "nao",
                        "desculpe", "oi", "ola", "entao", "pronto", "beleza", "thanks", "sorry", "yes", "no", "ps", "att"})
_MIN_SHARED_SUBJECT_STEMS = 2


def _is_empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _content_stems(text: str) -> set[str]:
    return {s for w, s in zip(words(text), stems(text)) if len(w) > 2 and w not in FUNCTION_WORDS}


def _same_subject(item: dict, rule: ListRule, ticket_stems: set[str]) -> bool:
    subject = find_in_mapping(item, rule.item_subjects)
    if _is_empty(subject):
        return True  # no subject to compare: take the record as related
    own = _content_stems(str(subject))
    shared = own & ticket_stems
    return len(shared) >= min(_MIN_SHARED_SUBJECT_STEMS, len(own))


def from_list(view: TicketView, rule: ListRule) -> tuple[str, str] | None:
    """(answer, evidence) from a field holding related records, or None."""
    found = find_field(view.fields, rule.fields)
    if found is not None and isinstance(found[1], dict):
        found = (found[0], [found[1]])  # one related record
    if found is None or not isinstance(found[1], list):
        return None
    created = parse_time(view.ticket.created_at)
    ticket_stems = _content_stems(f"{view.ticket.subject or ''} {view.ticket.description or ''}")
    undecided = False
    for item in found[1]:
        if not isinstance(item, dict):
            continue
        if rule.same_subject and not _same_subject(item, rule, ticket_stems):
            continue
        if rule.item_fields and _is_empty(find_in_mapping(item, rule.item_fields)):
            continue
        if rule.open_values:
            status = find_in_mapping(item, rule.item_status)
            if status is not None and fold(str(status)) not in {fold(v) for v in rule.open_values}:
                continue
        if rule.newer_than_ticket is not None:
            when = parse_time(find_in_mapping(item, rule.item_dates))
            if when is None or created is None:
                undecided = True
                continue
            if (when > created) != rule.newer_than_ticket:
                continue
        return FLAG_TRUE, f"campo '{found[0]}': {item}"
    if undecided:
        return None
    return FLAG_FALSE, f"campo '{found[0]}': nenhum registro atende"


def from_latest(view: TicketView, rule: LatestRule) -> tuple[str, str] | None:
    pieces = [p for p in view.texts(expand_origins(rule.among)) if p.origin not in ("subject", "description", "tags")]
    if not pieces:
        return None
    newest = pieces[0]  # comments are kept newest first
    return (FLAG_TRUE if newest.origin == rule.is_ else FLAG_FALSE), f"último comentário: {newest.origin}"


def addressed_name(sentence: str) -> str | None:
    """The name a message opens with ("Marcos, veja isso…" → "Marcos"), if any."""
    match = _OPENING.match(sentence)
    if not match or fold(match.group(1)) in _NOT_NAMES:
        return None
    return match.group(1)


def support_side_names(view: TicketView) -> set[str]:
    """Folded words of the assignee's name and of everything agents wrote: whoever
    the customer may address on the support side."""
    assignee = view.ticket.assignee.name if view.ticket.assignee and view.ticket.assignee.name else ""
    names = set(words(assignee))
    for piece in view.texts(("agent_replies", "internal_notes", "system_events")):
        for sentence in piece.views:
            names.update(sentence.words)
    return names


def from_addressee(view: TicketView, rule: AddresseeRule) -> tuple[str, str] | None:
    pieces = [p for p in view.texts(expand_origins(rule.look_in)) if p.views]
    if not pieces:
        return None
    opening = pieces[0].views[0]
    groups = [compile_phrase(p) for p in rule.group_phrases]
    if groups and (match := find_any(groups, [opening])) and not match.negated:
        return FLAG_TRUE, f"“{opening.text}”"
    name = addressed_name(opening.text)
    if name is None:
        return FLAG_FALSE, ""
    return (FLAG_FALSE if fold(name) in support_side_names(view) else FLAG_TRUE), f"“{opening.text}”"


def _mentioned_dates(sentence: str, year: int) -> list[datetime]:
    found = []
    for day, month, explicit in _DAY_MONTH.findall(sentence):
        full = int(explicit) + (2000 if explicit and len(explicit) == 2 else 0) if explicit else year
        try:
            found.append(datetime(full, int(month), int(day)))
        except ValueError:
            continue
    return found


_DAY_OF_MONTH = re.compile(r"\bdia\s+(\d{1,2})\b", re.IGNORECASE)


def day_written(sentence: str, now: datetime) -> datetime | None:
    """The date a sentence names ("vence dia 20", "vencimento 18/11"): the latest such
    day not after ``now`` (a bare day of month is this month's or, if still ahead, last month's)."""
    local = now.astimezone(LOCAL_ZONE) if now.tzinfo else now.replace(tzinfo=LOCAL_ZONE)
    for moment in _mentioned_dates(sentence, local.year):
        moment = moment.replace(tzinfo=local.tzinfo)
        return moment.replace(year=moment.year - 1) if moment > local else moment
    match = _DAY_OF_MONTH.search(sentence)
    if match is None:
        return None
    year, month = local.year, local.month
    for _ in range(2):
        try:
            moment = datetime(year, month, int(match.group(1)), tzinfo=local.tzinfo)
        except ValueError:
            moment = None
        if moment is not None and moment <= local:
            return moment
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None


def _mentioned_numbers(sentence: str, phrases: list[str]) -> list[int]:
    """Record numbers written right after one of ``phrases`` or after '#' ("ticket 4512", "#4512")."""
    lead = "|".join(re.escape(p) for p in phrases if p.strip())
    # the number may follow a few short words ("chamado aberto, o 70533", "ticket nº 4512")
    pattern = rf"(?:#|\b(?:{lead})s?\b(?:[\s,:º°.]+[^\W\d]{{1,8}}){{0,3}}[\s,:º°.]*#?)\s*(\d{{3,}})\b" if lead else r"#\s*(\d{3,})\b"
    found = [n for n in re.findall(pattern, sentence, re.IGNORECASE)]
    return [int(n) for n in found if not (len(n) == 4 and n[:2] in ("19", "20"))]  # a year, not a record


def from_dated(view: TicketView, rule: DatedRule) -> tuple[str, str] | None:
    """A date (dd/mm) written next to one of the rule's phrases, compared with the ticket's
    creation day; failing a date, and when asked, a record number compared with this
    ticket's own (helpdesks number tickets in order: a lower number is older)."""
    created = parse_time(view.ticket.created_at)
    own_number = int(view.ticket.id) if rule.ticket_numbers and str(view.ticket.id or "").isdigit() else None
    if created is None and own_number is None:
        return None
    phrases = [compile_phrase(p) for p in rule.phrases]
    for piece in view.texts(expand_origins(rule.look_in)):
        for sentence in piece.views:
            if not any(find_in_sentence(p, sentence) for p in phrases):
                continue
            for moment in _mentioned_dates(sentence.text, created.year) if created else []:
                if moment.date() != created.date():
                    newer = moment.date() > created.date()
                    return (FLAG_TRUE if newer == rule.later_means_true else FLAG_FALSE), f"“{sentence.text}”"
            for number in _mentioned_numbers(sentence.text, rule.phrases) if own_number is not None else []:
                if number != own_number:
                    newer = number > own_number
                    return (FLAG_TRUE if newer == rule.later_means_true else FLAG_FALSE), f"“{sentence.text}”"
    return None
