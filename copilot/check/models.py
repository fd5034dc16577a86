"""The check's output, exactly as the contract's ``POST /api/v1/check`` answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


class SourceOut(BaseModel):
    doc_id: str
    title: str = ""
    section: str = ""


class Finding(BaseModel):
    rule: str = Field(..., description="Id da regra: gerund, unverified-deadline, …")
    severity: Severity
    start: int = Field(..., description="Índice (Python) do primeiro caractere no rascunho.")
    end: int = Field(..., description="Índice (Python) logo após o último caractere.")
    text: str = Field(..., description="draft[start:end]")
    message: str
    suggestion: str | None = None
    source: SourceOut | None = None
    safe: bool = Field(False, description="A sugestão é aplicada em fixed_draft.")
    rule_title: str = ""
    passage: str = Field("", description="O texto da regra na documentação do espaço.")


class Timings(BaseModel):
    total: float


class CheckResult(BaseModel):
    findings: list[Finding]
    fixed_draft: str
    timings_ms: Timings


@dataclass(frozen=True)
class Hit:
    """A rule engine's raw finding; the checker adds severity, message and source from the rules."""

    rule: str
    start: int
    end: int
    variant: str | None = None  # e.g. gerund "plain", deadline "other_sector"
    suggestion: str | None = None
    safe: bool = False
    message: str | None = None  # replaces the configured message (curator rules)
    severity: Severity | None = None
