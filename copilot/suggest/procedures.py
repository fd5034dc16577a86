"""Procedures as data: the schema of ``kb/<space>/procedures.yaml``.

A procedure is an ordered list of steps quoted from the space's POP, each
with its source section and the conditions (on named ticket facts, see
:mod:`copilot.suggest.facts`) under which it is due or already done. The
same file declares those facts, how to pre-answer checklist questions, and
what fills template placeholders the ticket can answer.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from copilot.kb.macros import SourceRef
from copilot.suggest.conditions import Condition
from copilot.suggest.facts import FactSpec


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    label: str  # how the POP numbers it, e.g. "Bloco 1, passo 2"
    text: str  # the POP's own words for what to do
    section: str  # heading path of the passage in the procedure's document
    doc_id: str | None = None  # when the passage is in another document than the procedure's
    do_when: Condition | None = None  # the step is due when this is true (no condition: always due)
    done_when: Condition | None = None  # the step is already done when this is true
    template: str | None = None  # reply template (macros.yaml id) to start from at this step
    checklist: str | None = None  # checklist (macros.yaml id) this step asks for
    reply: bool = True  # false for internal actions (transfer, reclassify): no reply template is offered


class Procedure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    doc_id: str
    doc_title: str = ""
    # "always": walked first for every ticket; "by_meaning": walked when the ticket is about it;
    # "otherwise": walked last, when no other procedure has a step to do
    applies: Literal["always", "by_meaning", "otherwise"] = "by_meaning"
    when_to_use: str = ""
    examples: list[str] = Field(default_factory=list)
    steps: list[Step]

    def source(self, step: Step) -> SourceRef:
        return SourceRef(doc_id=step.doc_id or self.doc_id, section=step.section, title=self.doc_title)


class AnswerRule(BaseModel):
    """Pre-answers a checklist question with ``option`` when the ticket shows it:
    a condition on facts, or one of the phrases in the chosen texts."""

    model_config = ConfigDict(extra="forbid")

    question: str  # question id (in any checklist of the space that has it)
    checklists: list[str] = Field(default_factory=list)  # restrict to these checklist ids
    option: str
    when: Condition | None = None
    phrases: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    look_in: list[str] = Field(default_factory=lambda: ["customer_text"])

    @model_validator(mode="after")
    def _has_evidence(self) -> "AnswerRule":
        if self.when is None and not self.phrases and not self.patterns:
            raise ValueError("uma regra de resposta precisa de 'when', 'phrases' ou 'patterns'")
        return self


class PlaceholderRule(BaseModel):
    """Fills a template placeholder from a fact, a field or an attribute of the ticket."""

    model_config = ConfigDict(extra="forbid")

    placeholder: str  # the text between brackets, any spelling
    fields: list[str] = Field(default_factory=list)
    attributes: list[str] = Field(default_factory=list)
    fact: str | None = None  # a fact whose evidence sentence or value fills it


class TemplateRule(BaseModel):
    """Offers a reply template when a condition on facts holds (e.g. the first
    reply of a new ticket), before any choice by meaning."""

    model_config = ConfigDict(extra="forbid")

    template: str
    when: Condition


class ProcedureBook(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # "every_ticket": the documents ask for a checklist on every ticket (chosen by meaning);
    # "when_step_asks": only the checklist a decided step names.
    checklist_policy: Literal["every_ticket", "when_step_asks"] = "when_step_asks"
    facts: dict[str, FactSpec] = Field(default_factory=dict)
    procedures: list[Procedure] = Field(default_factory=list)
    checklist_answers: list[AnswerRule] = Field(default_factory=list)
    placeholders: list[PlaceholderRule] = Field(default_factory=list)
    template_rules: list[TemplateRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _facts_declared(self) -> "ProcedureBook":
        conditions: list[tuple[str, Condition]] = []
        for procedure in self.procedures:
            for step in procedure.steps:
                conditions += [(f"{procedure.id}.{step.id}", c) for c in (step.do_when, step.done_when) if c]
        conditions += [(f"checklist_answers.{r.question}", r.when) for r in self.checklist_answers if r.when]
        conditions += [(f"template_rules.{r.template}", r.when) for r in self.template_rules]
        for where, condition in conditions:
            missing = condition.facts() - set(self.facts)
            if missing:
                raise ValueError(f"{where}: fato não declarado em 'facts': {', '.join(sorted(missing))}")
        ids = [p.id for p in self.procedures]
        if len(ids) != len(set(ids)):
            raise ValueError("ids de procedimento repetidos")
        return self

    def referenced_ids(self) -> dict[str, Any]:
        """Template and checklist ids the steps point to (checked against macros.yaml)."""
        return {
            "templates": {s.template for p in self.procedures for s in p.steps if s.template}
            | {r.template for r in self.template_rules},
            "checklists": {s.checklist for p in self.procedures for s in p.steps if s.checklist}
            | {c for r in self.checklist_answers for c in r.checklists},
        }
