"""Macros as data: checklists and reply templates of a space (``kb/<space>/macros.yaml``).

Curators edit the YAML; this module is its schema. A file that does not
validate never replaces a good one (the catalog reports file, line and field).
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

PLACEHOLDER = re.compile(r"\[([^\[\]\n]{1,80})\]")


class SourceRef(BaseModel):
    """Where in the space's own documents a macro, step or rule is stated."""

    model_config = ConfigDict(extra="forbid")

    doc_id: str
    section: str = ""
    title: str = ""


class ChecklistQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    text: str  # e.g. "Emissão automática está habilitada?"
    options: list[str]  # e.g. ["Sim", "Não", "Não se aplica"]
    multiple: bool = False  # more than one option may be ticked


class Checklist(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str  # the seed's own title, e.g. "Falha no sistema"
    when_to_use: str  # the seed's "Deve ser utilizado quando …" text
    examples: list[str] = Field(default_factory=list)  # typical requests, in customers' words
    questions: list[ChecklistQuestion]
    closing: str = ""  # e.g. "Descrição da análise realizada:"
    origin: str = "seed"  # "seed" when the questions are the seed's; "curadoria" when written by curators
    source: SourceRef


class ReplyTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    when_to_use: str
    examples: list[str] = Field(default_factory=list)
    body: str  # the seed's model reply, placeholders in [brackets]
    source: SourceRef

    @property
    def placeholders(self) -> list[str]:
        seen: dict[str, None] = {}
        for name in PLACEHOLDER.findall(self.body):
            seen.setdefault(name, None)
        return list(seen)

    @field_validator("body")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("o corpo do modelo está vazio")
        return value


class Macros(BaseModel):
    model_config = ConfigDict(extra="forbid")

    checklists: list[Checklist] = Field(default_factory=list)
    templates: list[ReplyTemplate] = Field(default_factory=list)
