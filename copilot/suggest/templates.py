"""Filling a reply template with what the ticket knows.

``[nome cliente]`` takes the requester's first name, ``[seu nome]`` the
assignee's name, the "what I understood" placeholders a deterministic
summary of the customer's problem (the subject, or the first sentence of the
description, cleaned of greetings). A space may add its own placeholders in
``procedures.yaml`` (from a field, an attribute or a fact). Anything the
ticket does not know stays visible, brackets and all, for the analyst.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from copilot.kb.macros import PLACEHOLDER, ReplyTemplate
from copilot.suggest.fact_reader import FactReader
from copilot.suggest.fieldnames import find_field
from copilot.suggest.phrases import compile_phrase, find_any, view_sentences
from copilot.suggest.procedures import PlaceholderRule
from copilot.suggest.text import compact, fold, sentences
from copilot.suggest.ticket_view import TicketView
from copilot.ticket import Ticket

# Generic template vocabulary (any space): how placeholders name what they want.
CUSTOMER_NAME = frozenset({"nome cliente", "nome do cliente", "nome da cliente", "cliente", "customer name", "xxx", "fulano"})
ANALYST_NAME = frozenset({"seu nome", "nome do analista", "nome analista", "your name", "analista"})
PROBLEM_PHRASES = ("o que entendeu", "problema interpretado", "detalhar o problema", "descrever o problema",
                   "resumo do problema", "incidente", "what you understood")
# Openings and sign-offs that say nothing about the problem.
GREETINGS = re.compile(
    r"^\s*((ol[áa]|oi|oie|bom dia|boa tarde|boa noite|prezad[oa]s?|caros?|pessoal|equipe|suporte|hello|hi|hey|dear)"
    r"[\s,!.:;-]*)+", re.IGNORECASE)
REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|enc|res)\s*:\s*|\[[^\]]*\]\s*|#\d+\s*)+", re.IGNORECASE)
_WEAK_SUBJECTS = frozenset({"ajuda", "urgente", "problema", "duvida", "suporte", "erro", "help", "chamado", "ticket", "sem assunto"})
SUMMARY_LIMIT = 160


def first_name(full: str | None) -> str | None:
    parts = (full or "").split()
    return parts[0] if parts else None


def _clean(sentence: str) -> str:
    text = REPLY_PREFIX.sub("", sentence)
    text = GREETINGS.sub("", text)
    text = compact(text).strip(" .!?;:,-")
    if len(text) > SUMMARY_LIMIT:
        text = text[:SUMMARY_LIMIT].rsplit(" ", 1)[0]
    first = text.split()[0] if text else ""
    if first and not (len(first) > 1 and first.isupper()):  # keep acronyms ("NF-e", "API")
        text = text[0].lower() + text[1:]
    return text


def problem_summary(ticket: Ticket) -> str | None:
    """The customer's problem in their own words, cleaned: subject or first real sentence."""
    subject = _clean(ticket.subject or "")
    if subject and len(subject.split()) >= 3 and fold(subject) not in _WEAK_SUBJECTS:
        return subject
    for sentence in sentences(ticket.description or ""):
        cleaned = _clean(sentence)
        if len(cleaned.split()) >= 3:
            return cleaned
    return subject or None


def placeholder_kind(name: str) -> str | None:
    folded = fold(name)
    if folded in ANALYST_NAME:
        return "analyst"
    if folded in CUSTOMER_NAME:
        return "customer"
    views = view_sentences(name)
    if find_any([compile_phrase(p) for p in PROBLEM_PHRASES], views):
        return "problem"
    return None


class TemplateFiller:
    def __init__(self, rules: list[PlaceholderRule]) -> None:
        self.rules = rules

    def fill(self, template: ReplyTemplate, ticket: Ticket, view: TicketView, reader: FactReader,
             summary: str | None = None) -> tuple[str, list[str]]:
        """The filled body and the placeholders left for the analyst."""
        values: dict[str, str | None] = {}
        for name in template.placeholders:
            values[name] = self._value(name, ticket, view, reader, summary)
        left = [name for name, value in values.items() if not value]

        def replace(match: re.Match[str]) -> str:
            value = values.get(match.group(1))
            return value if value else match.group(0)

        return PLACEHOLDER.sub(replace, template.body), left

    def _value(self, name: str, ticket: Ticket, view: TicketView, reader: FactReader, summary: str | None) -> str | None:
        for rule in self.rules:
            if fold(rule.placeholder) == fold(name):
                return self._from_rule(rule, view, reader)
        kind = placeholder_kind(name)
        fillers: dict[str, Callable[[], str | None]] = {
            "customer": lambda: first_name(ticket.requester.name if ticket.requester else None),
            "analyst": lambda: (ticket.assignee.name or None) if ticket.assignee else None,
            "problem": lambda: summary or problem_summary(ticket),
        }
        return fillers[kind]() if kind else None

    @staticmethod
    def _from_rule(rule: PlaceholderRule, view: TicketView, reader: FactReader) -> str | None:
        if rule.fields and (found := find_field(view.fields, rule.fields)) is not None and found[1] not in (None, ""):
            return str(found[1])
        for path in rule.attributes:
            value = view.attribute(path)
            if value not in (None, ""):
                return str(value)
        if rule.fact:
            fact = reader.read(rule.fact)
            if fact.value is not None and not isinstance(fact.value, bool):
                return str(fact.value)
        return None
