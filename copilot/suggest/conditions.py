"""Conditions on ticket facts, with three answers: true, false, unknown.

Written in ``procedures.yaml`` as small mappings::

    {fact: company_identified, is: false}
    {fact: hours_since_routing, at_least: 2}
    {fact: stage, not_in: [agendado, em_andamento]}
    {all: [...]}, {any: [...]}, {not: {...}}

A fact nobody can read is *unknown*, and so is a condition on it: the engine
never acts on a guess (``all`` is false as soon as one part is false, ``any``
true as soon as one part is true).
"""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

from copilot.suggest.fact_reader import FactReader, FactValue
from copilot.suggest.text import fold

_COMPARISONS = ("is_", "is_not", "in_", "not_in", "at_least", "at_most", "known")


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    fact: str | None = None
    is_: Any = Field(None, alias="is")
    is_not: Any = None
    in_: list[Any] | None = Field(None, alias="in")
    not_in: list[Any] | None = None
    at_least: float | None = None
    at_most: float | None = None
    known: bool | None = None
    all: Optional[list["Condition"]] = None
    any: Optional[list["Condition"]] = None
    not_: Optional["Condition"] = Field(None, alias="not")

    @model_validator(mode="after")
    def _one_shape(self) -> "Condition":
        combinators = [c for c in (self.all, self.any, self.not_) if c is not None]
        tests = [name for name in _COMPARISONS if getattr(self, name) is not None or name in self.model_fields_set]
        if self.fact is None and len(combinators) != 1:
            raise ValueError("uma condição tem 'fact' ou exatamente um de 'all', 'any', 'not'")
        if self.fact is not None and (combinators or not tests):
            raise ValueError("uma condição sobre 'fact' precisa de um teste (is, is_not, in, not_in, at_least, at_most, known)")
        return self

    def facts(self) -> set[str]:
        names = {self.fact} if self.fact else set()
        for child in (self.all or []) + (self.any or []) + ([self.not_] if self.not_ else []):
            names |= child.facts()
        return names


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (isinstance(a, bool) and isinstance(b, bool) and a == b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return fold(str(a)) == fold(str(b))


def evaluate(condition: Condition, reader: FactReader, used: list[FactValue] | None = None) -> bool | None:
    """True, False or None (unknown); ``used`` collects the facts that decided."""
    if condition.all is not None:
        results = [evaluate(c, reader, used) for c in condition.all]
        return False if False in results else (None if None in results else True)
    if condition.any is not None:
        results = [evaluate(c, reader, used) for c in condition.any]
        return True if True in results else (None if None in results else False)
    if condition.not_ is not None:
        inner = evaluate(condition.not_, reader, used)
        return None if inner is None else not inner
    fact = reader.read(condition.fact or "")
    if used is not None:
        used.append(fact)
    value = fact.value
    if condition.known is not None:
        return (value is not None) == condition.known
    if value is None:
        return None
    checks: list[bool] = []
    if "is_" in condition.model_fields_set:
        checks.append(_same(value, condition.is_))
    if condition.is_not is not None:
        checks.append(not _same(value, condition.is_not))
    if condition.in_ is not None:
        checks.append(any(_same(value, v) for v in condition.in_))
    if condition.not_in is not None:
        checks.append(not any(_same(value, v) for v in condition.not_in))
    try:
        if condition.at_least is not None:
            checks.append(float(value) >= condition.at_least)
        if condition.at_most is not None:
            checks.append(float(value) <= condition.at_most)
    except (TypeError, ValueError):
        return None
    return all(checks)


Condition.model_rebuild()
