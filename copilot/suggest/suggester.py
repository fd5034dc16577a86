"""The suggestion stage: checklist, reply template, next step, articles, SLA.

Built once per process. Per request: one embedding of the ticket, one
retrieval, and pure functions over the space's cached knowledge.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone
from typing import Any

import numpy as np

from copilot.kb.catalog import Catalog
from copilot.kb.macros import SourceRef
from copilot.retrieval.base import Embedder, Hit, Retriever
from copilot.settings import Settings
from copilot.suggest import checklists as checklist_notes
from copilot.suggest.articles import articles_from, fuse_hits
from copilot.suggest.conditions import evaluate
from copilot.suggest.engine import CONDITION_SCORE, StepDecision, next_step
from copilot.suggest.fact_reader import FactReader
from copilot.suggest.generation import DraftChecker, Generator
from copilot.suggest.knowledge import SpaceKnowledge, load_knowledge
from copilot.suggest.meaning import FIT_THRESHOLD, is_topicless
from copilot.suggest.results import ChecklistSuggestion, NextStep, SuggestResult, TemplateSuggestion
from copilot.suggest.sla import SlaCalculator
from copilot.suggest.sla_info import sla_info
from copilot.suggest.templates import placeholder_kind
from copilot.suggest.ticket_view import TicketView
from copilot.ticket import Ticket

RETRIEVAL_K = 8
FALLBACK_KINDS = ("pop", "faq")
FALLBACK_SCORE = 0.35  # a passage found by retrieval, not a step decided by the ticket's facts
# When the documents ask for a checklist on every ticket, the bar for the best one is lower.
EVERY_TICKET_CHECKLIST_THRESHOLD = 0.4
SCOPE_MARGIN = -0.012  # closest space text minus closest off-topic probe; below: nothing in the space fits
# A procedure (or a fallback passage) chosen by meaning alone needs a clearer lead: near the
# border a ticket's closeness to one of many procedures is noise (a streaming cancellation
# reads like a consumption history). Measured: right from 0.024 up, wrong at -0.005 and below.
PROCEDURE_SCOPE_MARGIN = 0.01
MAX_QUERY_CHARS = 500  # what the ticket is about is in its opening; longer texts cost the model quadratically


class Suggester:
    def __init__(self, catalog: Catalog, retriever: Retriever, embedder: Embedder, settings: Settings,
                 llm: Any | None = None, checker: DraftChecker | None = None) -> None:
        self.catalog, self.retriever, self.embedder, self.settings = catalog, retriever, embedder, settings
        self.generator = Generator(llm, checker) if llm is not None else None
        self.sla = SlaCalculator(catalog, embedder)
        self._spaces: dict[str, SpaceKnowledge] = {}
        self._lock = threading.Lock()

    def knowledge(self, space: str) -> SpaceKnowledge:
        with self._lock:
            if space not in self._spaces:
                self.catalog.space(space)  # UnknownSpace → 404 at the edge
                self._spaces[space] = load_knowledge(self.catalog, space, self.embedder)
            return self._spaces[space]

    def forget(self, space: str) -> None:
        """Drop the space's cached knowledge (macros, procedures, meaning indexes, SLA
        policy): the next request reads ``kb/<space>/`` again (after a curator's change)."""
        with self._lock:
            self._spaces.pop(space, None)
        self.sla.forget(space)

    def warm(self, spaces: list[str] | None = None) -> None:
        """Precompute every space's knowledge (startup), so no request pays for it."""
        for space in spaces or self.catalog.space_ids():
            self.knowledge(space)
            self.sla.warm(space)

    def suggest(self, ticket: Ticket, now: datetime | None = None) -> SuggestResult:
        started = time.perf_counter()
        now = now or datetime.now(timezone.utc)
        knowledge = self.knowledge(ticket.space)
        query = (ticket.text or "")[:MAX_QUERY_CHARS]
        vector = np.asarray(self.embedder.embed_query(query), dtype=np.float32).reshape(-1)
        hits = self._retrieve(ticket, query)
        view = TicketView.of(ticket)
        reader = FactReader(knowledge.book.facts, view, now, knowledge.judge(vector))
        margin = knowledge.scope.margin(vector)
        in_scope = margin >= SCOPE_MARGIN or is_topicless(query)
        by_meaning = margin >= PROCEDURE_SCOPE_MARGIN
        taken_in = ticket.assignee is not None and bool((ticket.assignee.name or "").strip())
        decision = self._decide(knowledge, vector, reader, in_scope, taken_in, by_meaning)
        in_scope = in_scope or decision is not None
        checklist = self._checklist(knowledge, vector, decision, view, reader, in_scope)
        leading = []
        if decision is not None:
            source = decision.procedure.source(decision.step)
            leading.append(knowledge.passage(source.doc_id, source.section, decision.step.text))
        if checklist is not None:
            chosen = knowledge.checklist(checklist.id)
            leading.append(knowledge.passage(checklist.source.doc_id, checklist.source.section, chosen.when_to_use))
        template = self._template(knowledge, vector, decision, ticket, view, reader, hits, in_scope, by_meaning)
        if template is not None:
            leading.append(knowledge.passage(template.source.doc_id, template.source.section, template.body))
        return SuggestResult(
            space=ticket.space,
            checklist=checklist,
            reply_template=template,
            next_step=self._next_step(decision, hits, in_scope and by_meaning),
            articles=articles_from(hits, query, leading) if in_scope else [],
            sla=sla_info(self.sla.due(ticket, now, vector)),
            timings_ms={"total": round((time.perf_counter() - started) * 1000, 2)},
        )

    def _retrieve(self, ticket: Ticket, query: str) -> list[Hit]:
        """The ticket's passages. When the customer's latest message fell outside the
        query (long tickets), it is asked too and both rankings are fused: the passage
        that answers the latest question is the one the analyst needs now."""
        hits = self.retriever.search(query, ticket.space, k=RETRIEVAL_K)
        latest = next((c.body for c in reversed(ticket.comments) if c.author == "customer" and c.body.strip()), "")
        if not latest or latest.strip()[:MAX_QUERY_CHARS // 2] in query:
            return hits
        follow_up = f"{ticket.subject or ''}\n{latest}"[:MAX_QUERY_CHARS]
        return fuse_hits([hits, self.retriever.search(follow_up, ticket.space, k=RETRIEVAL_K)], RETRIEVAL_K)

    # -- next step ---------------------------------------------------------------
    @staticmethod
    def _decide(knowledge: SpaceKnowledge, vector: np.ndarray, reader: FactReader, in_scope: bool,
                taken_in: bool = False, by_meaning: bool | None = None) -> StepDecision | None:
        """The first step still to do. For a ticket that seems to concern nothing in
        the space: no procedure chosen by meaning (its closeness is noise then), and
        only a step the ticket itself states facts for (a field, a note…) or, once an
        analyst has taken the ticket in, a step of the workflow every ticket follows."""
        procedures = knowledge.book.procedures
        candidates = [(p, 1.0) for p in procedures if p.applies == "always"]
        if in_scope if by_meaning is None else (in_scope and by_meaning):
            for fit in knowledge.procedures.rank(vector):
                procedure = knowledge.procedure(fit.id)
                if fit.score >= FIT_THRESHOLD and procedure is not None:
                    candidates.append((procedure, round(0.6 + 0.4 * fit.score, 4)))
        candidates += [(p, 1.0) for p in procedures if p.applies == "otherwise"]
        decision = next_step(candidates, reader)
        if decision is None or in_scope or any(f.stated for f in decision.matched):
            return decision
        if taken_in and decision.procedure.applies == "always":
            return decision
        return None

    @staticmethod
    def _next_step(decision: StepDecision | None, hits: list[Hit], in_scope: bool) -> NextStep | None:
        if decision is not None:
            return NextStep(
                text=decision.step.text,
                procedure=decision.procedure.title,
                step=decision.step.label,
                score=decision.score,
                source=decision.procedure.source(decision.step),
                reason=decision.reason,
                matched=[{"fact": f.name, "value": f.value, "evidence": f.evidence} for f in decision.matched],
            )
        if not in_scope:
            return None
        procedural = [h for h in hits if h.chunk.kind in FALLBACK_KINDS] or list(hits)
        if not procedural:
            return None
        chunk = procedural[0].chunk
        return NextStep(
            text=chunk.text,
            procedure=chunk.title,
            step=chunk.section,
            score=FALLBACK_SCORE,
            source=SourceRef(doc_id=chunk.doc_id, section=chunk.section, title=chunk.title),
            reason="Nenhuma condição do procedimento decidiu o passo: trecho mais próximo do ticket pela busca.",
            fallback=True,
        )

    # -- checklist -----------------------------------------------------------------
    @staticmethod
    def _checklist(knowledge: SpaceKnowledge, vector: np.ndarray, decision: StepDecision | None,
                   view: TicketView, reader: FactReader, in_scope: bool) -> ChecklistSuggestion | None:
        chosen_id, score = None, 0.0
        if decision is not None and decision.step.checklist:
            chosen_id, score = decision.step.checklist, decision.score
        elif knowledge.book.checklist_policy == "every_ticket" and in_scope:
            fit = knowledge.checklists.best(vector, EVERY_TICKET_CHECKLIST_THRESHOLD)
            chosen_id, score = (fit.id, fit.score) if fit else (None, 0.0)
        checklist = knowledge.checklist(chosen_id) if chosen_id else None
        if checklist is None:
            return None
        answers = checklist_notes.prefill(checklist, knowledge.book.checklist_answers, view, reader)
        return ChecklistSuggestion(id=checklist.id, title=checklist.title, body=checklist_notes.render(checklist, answers),
                                   score=score, source=checklist.source, questions=answers)

    # -- reply template --------------------------------------------------------------
    @staticmethod
    def _choose_template(knowledge: SpaceKnowledge, vector: np.ndarray, decision: StepDecision | None,
                         reader: FactReader, in_scope: bool, by_meaning: bool = True) -> tuple[str | None, float]:
        """The decided step's template; else the first template rule that holds; else,
        when no step was decided, the template closest in meaning. A decided step
        without a template says what to do; an unrelated model reply would be noise."""
        if not in_scope or (decision is not None and not decision.step.reply):
            return None, 0.0
        if decision is not None and decision.step.template:
            return decision.step.template, decision.score
        for rule in knowledge.book.template_rules:
            if evaluate(rule.when, reader) is True:
                return rule.template, CONDITION_SCORE
        if decision is not None or not by_meaning:
            return None, 0.0
        fit = knowledge.templates.best(vector)
        return (fit.id, fit.score) if fit else (None, 0.0)

    def _template(self, knowledge: SpaceKnowledge, vector: np.ndarray, decision: StepDecision | None, ticket: Ticket,
                  view: TicketView, reader: FactReader, hits: list[Hit], in_scope: bool,
                  by_meaning: bool = True) -> TemplateSuggestion | None:
        template_id, score = self._choose_template(knowledge, vector, decision, reader, in_scope, by_meaning)
        template = knowledge.template(template_id) if template_id else None
        if template is None:
            return None
        wants_summary = any(placeholder_kind(p) == "problem" for p in template.placeholders)
        summary = self.generator.summarize(ticket, hits) if self.generator and wants_summary else None
        filled, left = knowledge.filler.fill(template, ticket, view, reader, summary)
        generated = summary is not None and summary in filled
        if self.generator is not None:
            polished = self.generator.polish(filled, ticket, hits)
            if polished is not None:
                filled, generated = polished, True
        return TemplateSuggestion(id=template.id, title=template.title, body=template.body, filled_body=filled,
                                  score=score, source=template.source, placeholders_left=left, generated=generated)
