"""Ticket facts as data: what a named concept means and where to read it.

A fact (``blocked_in_embed``, ``stage``, ``public_replies_count``…) is declared
in ``kb/<space>/procedures.yaml`` with every way a helpdesk may show it:
custom-field names (matched by meaning, see :mod:`copilot.suggest.fieldnames`),
the values that mean each answer, phrases that state it in internal notes,
comments, tags or the ticket text, ticket attributes, counts and elapsed
times. The reader in :mod:`copilot.suggest.fact_reader` applies the spec; no
spelling lives in Python.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from copilot.suggest.ticket_view import ORIGIN_GROUPS, ORIGINS

FLAG_TRUE, FLAG_FALSE = "true", "false"


class Category(BaseModel):
    """One possible answer: the field values and the phrases that mean it."""

    model_config = ConfigDict(extra="forbid")

    values: list[str] = Field(default_factory=list)  # short field values: "bloqueado", "blocked"
    phrases: list[str] = Field(default_factory=list)  # statements in texts: "cliente bloqueado no Embed"


class CountRule(BaseModel):
    """A number counted from the ticket's comments (e.g. public agent replies)."""

    model_config = ConfigDict(extra="forbid")

    look_in: list[str] = Field(default_factory=lambda: ["agent_replies"])
    phrases: list[str] = Field(default_factory=list)  # only comments saying one of these, when given


class SinceRule(BaseModel):
    """Hours elapsed since an event: a date field, a comment that records it, or an attribute."""

    model_config = ConfigDict(extra="forbid")

    fields: list[str] = Field(default_factory=list)
    phrases: list[str] = Field(default_factory=list)
    look_in: list[str] = Field(default_factory=lambda: ["system_events", "internal_notes", "agent_replies"])
    attributes: list[str] = Field(default_factory=list)  # fallback, e.g. "created_at"
    # the event's date is the day written in the sentence ("vence dia 20", "vencimento 18/11"),
    # not the note's time: the latest such day not after now
    day_in_text: bool = False


class ListRule(BaseModel):
    """A flag read from a field holding a list of related records (other tickets, cards…):
    true when some record has one of ``item_fields`` filled (and, if asked, is newer
    than this ticket); false when the list is there and none does."""

    model_config = ConfigDict(extra="forbid")

    fields: list[str]
    item_fields: list[str] = Field(default_factory=list)
    item_dates: list[str] = Field(default_factory=lambda: ["created_at", "criado em", "data de abertura", "aberto em"])
    newer_than_ticket: bool | None = None  # true: only records newer than this ticket; false: only older ones
    same_subject: bool = False  # only records whose subject shares words with this ticket's
    item_subjects: list[str] = Field(default_factory=lambda: ["subject", "assunto", "título", "title"])
    open_values: list[str] = Field(default_factory=list)  # when given, only records whose status is one of these
    item_status: list[str] = Field(default_factory=lambda: ["status", "situacao", "estado"])


class LatestRule(BaseModel):
    """A flag: is the newest comment among ``among`` one of origin ``is``?
    (e.g. the customer answered last, after the analyst's reply)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    among: list[str] = Field(default_factory=lambda: ["customer_comments", "agent_replies"])
    is_: str = Field("customer_comments", alias="is")


class AddresseeRule(BaseModel):
    """A flag: the newest comment of ``look_in`` opens by addressing someone who is
    not on the support side (not the assignee, nobody who wrote as an agent), or a
    group named by ``group_phrases`` ("pessoal do fiscal") — a message meant for the
    customer's own colleagues."""

    model_config = ConfigDict(extra="forbid")

    look_in: list[str] = Field(default_factory=lambda: ["customer_comments"])
    group_phrases: list[str] = Field(default_factory=list)


class DatedRule(BaseModel):
    """A flag from a date (dd/mm) written in the same sentence as one of ``phrases``
    ("tem também o ticket 71750, aberto 23/11"): later than this ticket's creation
    means ``later_means_true``."""

    model_config = ConfigDict(extra="forbid")

    phrases: list[str]
    look_in: list[str] = Field(default_factory=lambda: ["internal_notes"])
    later_means_true: bool = True
    ticket_numbers: bool = False  # also compare record numbers ("ticket 4512") with this ticket's id


class FactSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str
    kind: Literal["flag", "category", "number"] = "flag"
    fields: list[str] = Field(default_factory=list)  # custom-field names, any spelling
    attributes: list[str] = Field(default_factory=list)  # ticket attributes: "status", "requester.organization"
    # flags: the two answers
    true_values: list[str] = Field(default_factory=list)
    false_values: list[str] = Field(default_factory=list)
    true_phrases: list[str] = Field(default_factory=list)
    false_phrases: list[str] = Field(default_factory=list)
    # categories: canonical name → values and phrases
    categories: dict[str, Category] = Field(default_factory=dict)
    present_means: str | None = None  # answer given by a filled field/attribute that names no category
    absent_means: str | None = None  # answer when the listed fields/attributes exist but are empty
    patterns: list[str] = Field(default_factory=list)  # regexes in the texts that mean "true"
    look_in: list[str] = Field(default_factory=lambda: ["all"])
    negatable: bool = True  # false for topics: "não recebi o boleto" still talks about the boleto
    count: CountRule | None = None
    hours_since: SinceRule | None = None
    from_list: ListRule | None = None
    latest: LatestRule | None = None
    dated: DatedRule | None = None
    addressed_elsewhere: AddresseeRule | None = None
    # by meaning: true when the ticket reads more like ``similar_to`` than like ``unlike``
    similar_to: list[str] = Field(default_factory=list)
    unlike: list[str] = Field(default_factory=list)
    # a flag decided by other facts when nothing states it ({fact: hours_past_due, at_least: 168})
    derived: dict[str, Any] | None = None
    derived_only_when: dict[str, Any] | None = None  # ...and only on tickets where this condition holds
    default: Any = None  # answer when nothing on the ticket says anything (None = unknown)

    @model_validator(mode="after")
    def _coherent(self) -> "FactSpec":
        for where in self.look_in:
            if where not in ORIGINS and where not in ORIGIN_GROUPS:
                raise ValueError(f"origem desconhecida em look_in: '{where}'")
        if self.kind == "number" and not (self.count or self.hours_since or self.fields):
            raise ValueError("um fato numérico precisa de 'count', 'hours_since' ou 'fields'")
        if bool(self.similar_to) != bool(self.unlike):
            raise ValueError("'similar_to' e 'unlike' andam juntos (exemplos dos dois lados)")
        if self.kind == "category" and not self.categories:
            raise ValueError("um fato de categoria precisa de 'categories'")
        return self

    def answer_categories(self) -> dict[str, Category]:
        """Flags are two categories, "true" and "false"; categories are themselves."""
        if self.kind != "flag":
            return self.categories
        return {
            FLAG_TRUE: Category(values=self.true_values, phrases=self.true_phrases),
            FLAG_FALSE: Category(values=self.false_values, phrases=self.false_phrases),
        }

    def coerce(self, answer: Any) -> Any:
        if answer is None:
            return None
        if self.kind == "flag":
            if isinstance(answer, bool):
                return answer
            return str(answer).strip().lower() in (FLAG_TRUE, "sim", "yes", "1")
        if self.kind == "number":
            return float(answer)
        return str(answer)
