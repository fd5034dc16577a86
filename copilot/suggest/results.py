"""What ``suggest`` answers: the contract's fields, plus a few that explain them.

Field names of the contract (``CONTRACT.md``, ``POST /api/v1/suggest``) are
fixed; the extra fields (questions, placeholders left, reason, fallback…)
only add.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, PrivateAttr

from copilot.kb.macros import SourceRef


class ChecklistAnswer(BaseModel):
    id: str
    text: str
    options: list[str]
    multiple: bool = False
    selected: list[str] = Field(default_factory=list)  # options ticked (pre-filled)
    prefilled: bool = False
    evidence: str = ""  # what on the ticket answers it


class ChecklistSuggestion(BaseModel):
    id: str
    title: str
    body: str  # the checklist as an internal note, pre-filled answers ticked
    score: float
    source: SourceRef
    questions: list[ChecklistAnswer] = Field(default_factory=list)


class TemplateSuggestion(BaseModel):
    id: str
    title: str
    body: str  # the space's model reply, placeholders intact
    filled_body: str  # what the ticket could fill, filled; the rest left visible
    score: float
    source: SourceRef
    placeholders_left: list[str] = Field(default_factory=list)
    generated: bool = False  # true when a language model wrote part of filled_body (and the checker passed it)


class NextStep(BaseModel):
    text: str
    procedure: str
    step: str
    score: float
    source: SourceRef
    reason: str = ""
    matched: list[dict[str, Any]] = Field(default_factory=list)  # facts that decided: name, value, evidence
    fallback: bool = False  # true when no condition decided and the passage came from retrieval


class Article(BaseModel):
    doc_id: str
    title: str
    section: str
    excerpt: str
    score: float
    chunk_id: str = ""
    _chunk_text: str = PrivateAttr(default="")  # the whole retrieved passage (for evals), never serialised


class SlaInfo(BaseModel):
    policy_id: str | None = None
    request_type: str | None = None
    first_response_due: str | None = None  # ISO 8601, aware
    resolution_due: str | None = None
    first_response_hours_left: float | None = None  # business hours; negative when overdue
    resolution_hours_left: float | None = None
    business_hours: str = ""  # e.g. "seg–sex 08:00–18:00, feriados nacionais (BR)"
    note: str = ""  # what the policy says when it gives no time, or what was assumed
    source: SourceRef | None = None


class SuggestResult(BaseModel):
    space: str
    checklist: ChecklistSuggestion | None = None
    reply_template: TemplateSuggestion | None = None
    next_step: NextStep | None = None
    articles: list[Article] = Field(default_factory=list, max_length=5)
    sla: SlaInfo | None = None
    timings_ms: dict[str, float] = Field(default_factory=dict)
