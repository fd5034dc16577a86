"""Pre-filling a checklist from the ticket and rendering it as an internal note.

A question is pre-answered only with evidence: a rule of the space's
``checklist_answers`` (a condition on facts, or phrases in the ticket), or an
option whose own words appear in what the customer wrote ("o app fecha" →
"Apps"). Everything else stays blank for the analyst.
"""

from __future__ import annotations

import re

from copilot.kb.macros import Checklist, ChecklistQuestion
from copilot.suggest.conditions import evaluate
from copilot.suggest.fact_reader import FactReader, FactValue
from copilot.suggest.phrases import PhraseMatch, compile_phrase, find_any
from copilot.suggest.procedures import AnswerRule
from copilot.suggest.results import ChecklistAnswer
from copilot.suggest.text import fold
from copilot.suggest.ticket_view import TicketView, expand_origins

_PARENTHESES = re.compile(r"\([^)]*\)")
# Options made only of these words are answers to a yes/no question, never
# found literally in a ticket ("Sim", "Não se aplica", "Outro").
_GENERIC_OPTION_WORDS = frozenset({"sim", "nao", "se", "aplica", "outro", "outros", "outra", "yes", "no", "n", "a"})
TICKED, UNTICKED = "(X)", "( )"


def _evidence_of(rule: AnswerRule, view: TicketView, reader: FactReader) -> str | None:
    if rule.when is not None:
        used: list[FactValue] = []
        if evaluate(rule.when, reader, used) is True:
            return "; ".join(f"{f.name}: {f.evidence}" for f in used if f.evidence) or "condição atendida"
        return None
    pieces = view.texts(expand_origins(rule.look_in))
    if rule.phrases:
        phrases = [compile_phrase(p) for p in rule.phrases]
        for piece in pieces:
            match = find_any(phrases, piece.views)
            if match and not match.negated:
                return f"“{match.sentence}”"
    for pattern in rule.patterns:
        regex = re.compile(pattern, re.IGNORECASE)
        for piece in pieces:
            for sentence in piece.views:
                if regex.search(sentence.text):
                    return f"“{sentence.text}”"
    return None


def _literal_option(question: ChecklistQuestion, view: TicketView) -> tuple[str, PhraseMatch] | None:
    """An option whose own distinctive words the customer wrote."""
    pieces = view.texts(expand_origins(["customer_text"]))
    found: list[tuple[str, PhraseMatch]] = []
    for option in question.options:
        core = _PARENTHESES.sub(" ", option)
        if not set(fold(core).split()) - _GENERIC_OPTION_WORDS:
            continue
        phrase = compile_phrase(core)
        for piece in pieces:
            match = find_any([phrase], piece.views)
            if match and not match.negated:
                found.append((option, match))
                break
    if len(found) == 1 or (found and question.multiple):
        return max(found, key=lambda f: f[1].length)
    return None


def prefill(checklist: Checklist, rules: list[AnswerRule], view: TicketView, reader: FactReader) -> list[ChecklistAnswer]:
    answers = []
    for question in checklist.questions:
        answer = ChecklistAnswer(id=question.id, text=question.text, options=question.options, multiple=question.multiple)
        applicable = [r for r in rules if r.question == question.id and (not r.checklists or checklist.id in r.checklists)]
        for rule in applicable:
            if rule.option not in question.options or rule.option in answer.selected:
                continue
            evidence = _evidence_of(rule, view, reader)
            if evidence is not None:
                answer.selected.append(rule.option)
                answer.evidence = "; ".join(e for e in (answer.evidence, evidence) if e)
                if not question.multiple:
                    break
        if not answer.selected:
            literal = _literal_option(question, view)
            if literal is not None:
                answer.selected, answer.evidence = [literal[0]], f"“{literal[1].sentence}”"
        answer.prefilled = bool(answer.selected)
        answers.append(answer)
    return answers


def render(checklist: Checklist, answers: list[ChecklistAnswer]) -> str:
    """The internal note the POP shows: title, each question and its ticked options."""
    lines = [f"Checklist - {checklist.title}"]
    for answer in answers:
        lines.append(answer.text)
        lines.append(" ".join(f"{TICKED if o in answer.selected else UNTICKED} {o}" for o in answer.options))
    if checklist.closing:
        lines.append(checklist.closing)
    return "\n".join(lines)
