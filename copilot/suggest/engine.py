"""Walking a procedure against a ticket: the first step still to do.

A step is *due* when its ``do_when`` holds (or it has none) and its
``done_when`` does not hold. Unknown facts never make a step due: when no
step is due the caller falls back to retrieval and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from copilot.suggest.conditions import evaluate
from copilot.suggest.fact_reader import FactReader, FactValue
from copilot.suggest.procedures import Procedure, Step

# Confidence of a step chosen by conditions on the ticket's facts, and of a
# routine step (no condition) whose only claim is that nothing says it is done.
CONDITION_SCORE = 0.9
ROUTINE_SCORE = 0.7


@dataclass(frozen=True)
class StepDecision:
    procedure: Procedure
    step: Step
    score: float
    matched: list[FactValue] = field(default_factory=list)

    @property
    def reason(self) -> str:
        if not self.matched:
            return "Passo de rotina do procedimento; nada no ticket indica que já foi feito."
        parts = [f"{fact.name} = {_show(fact.value)}" + (f" ({fact.evidence})" if fact.evidence else "") for fact in self.matched]
        return "Condições atendidas: " + "; ".join(parts)


def _show(value: object) -> str:
    if value is True:
        return "sim"
    if value is False:
        return "não"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _dedupe(facts: list[FactValue]) -> list[FactValue]:
    seen: dict[str, FactValue] = {}
    for fact in facts:
        seen.setdefault(fact.name, fact)
    return list(seen.values())


def first_due_step(procedure: Procedure, reader: FactReader, weight: float = 1.0) -> StepDecision | None:
    for step in procedure.steps:
        done_facts: list[FactValue] = []
        if step.done_when is not None and evaluate(step.done_when, reader, done_facts) is True:
            continue
        if step.do_when is None:
            return StepDecision(procedure, step, round(ROUTINE_SCORE * weight, 3))
        used: list[FactValue] = []
        if evaluate(step.do_when, reader, used) is True:
            decisive = [f for f in _dedupe(used) if f.value is not None]
            return StepDecision(procedure, step, round(CONDITION_SCORE * weight, 3), decisive)
    return None


def next_step(procedures: list[tuple[Procedure, float]], reader: FactReader) -> StepDecision | None:
    """Walk the candidate procedures in order; each comes with a weight (its fit)."""
    for procedure, weight in procedures:
        decision = first_due_step(procedure, reader, weight)
        if decision is not None:
            return decision
    return None
