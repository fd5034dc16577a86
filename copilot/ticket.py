"""The contract's Ticket: the one input shape every stage reads.

Helpdesk-specific shapes (Zendesk, Movidesk, Odoo) are mapped into it at the
edge; the suggestion and check stages never see anything else.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Person(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str | None = None
    email: str | None = None
    organization: str | None = None


class Comment(BaseModel):
    model_config = ConfigDict(extra="allow")

    author: Literal["customer", "agent", "system"] = "customer"
    public: bool = True
    body: str = ""
    created_at: str | None = None


class Ticket(BaseModel):
    model_config = ConfigDict(extra="allow")

    space: str = Field(..., min_length=1, max_length=64)
    id: str | None = None
    subject: str | None = None
    description: str | None = None
    status: str | None = None
    priority: str | None = None
    channel: str | None = None
    type: str | None = None
    requester: Person | None = None
    assignee: Person | None = None
    fields: dict[str, Any] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)
    created_at: str | None = None
    updated_at: str | None = None

    @model_validator(mode="after")
    def _needs_text(self) -> "Ticket":
        if not (self.subject or "").strip() and not (self.description or "").strip():
            raise ValueError("o ticket precisa de 'subject' ou 'description'")
        return self

    @property
    def text(self) -> str:
        """Subject, description and public customer comments: what the customer said."""
        parts = [self.subject or "", self.description or ""]
        parts += [c.body for c in self.comments if c.author == "customer"]
        return "\n".join(p for p in parts if p.strip())
