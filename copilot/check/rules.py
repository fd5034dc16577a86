"""The conduct rules as data: ``kb/_base/rules.yaml`` overlaid by ``kb/<space>/rules.yaml``.

The base holds every rule (enabled, severity, pt-BR message, suggestion policy,
source passage) and the shared linguistic data; a space file overrides what
differs for that space (its own source passages, severities, agreed-date
field names, policy facts, curator phrase/pattern rules). The format is
documented in kb/README.md, section "### rules.yaml".
"""

from __future__ import annotations

import re
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from copilot.errors import InvalidKnowledge
from copilot.kb.catalog import SHARED_DIR, Catalog, validate_model

Severity = Literal["error", "warning", "info"]
RULES_FILE = "rules.yaml"
DEFAULT_TIMEZONE = "America/Sao_Paulo"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RuleSource(_Strict):
    """Where the space's documents state the rule (``section`` joins headings with " › ")."""

    doc_id: str
    title: str = ""
    section: str = ""
    passage: str = ""  # the rule's own words, quoted for the analyst


class Variant(_Strict):
    """A named case of a rule with its own severity or message (gerund "plain", deadline "other_sector")."""

    enabled: bool = True
    severity: Severity | None = None
    message: str | None = None


class RuleConfig(_Strict):
    enabled: bool = True
    severity: Severity = "warning"
    title: str = ""
    message: str
    suggest: Literal["safe", "offer", "none"] = "offer"  # safe: applied in fixed_draft; offer: shown only
    source: RuleSource | None = None
    variants: dict[str, Variant] = Field(default_factory=dict)

    def variant(self, name: str | None) -> tuple[bool, Severity, str]:
        """(enabled, severity, message) of a variant, falling back to the rule's own."""
        found = self.variants.get(name) if name else None
        if found is None:
            return self.enabled, self.severity, self.message
        return self.enabled and found.enabled, found.severity or self.severity, found.message or self.message


def _compile(pattern: str | None) -> str | None:
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"expressão regular inválida: {exc}") from None
    return pattern


class CustomRule(_Strict):
    """A curator's rule: a phrase list or a regular expression, no code.

    Matching is case- and accent-insensitive. ``unless`` skips a match whose
    sentence also matches it (e.g. a negation or a stated reason).
    """

    id: str
    enabled: bool = True
    title: str = ""
    phrases: list[str] = Field(default_factory=list)
    pattern: str | None = None
    unless: str | None = None
    severity: Severity = "warning"
    message: str
    suggestion: str | None = None
    safe: bool = False  # True: the suggestion may be applied without review
    public_only: bool = False  # only in replies the customer sees
    source: RuleSource | None = None

    @field_validator("pattern", "unless")
    @classmethod
    def _valid_regex(cls, value: str | None) -> str | None:
        return _compile(value)


class PolicyFact(_Strict):
    """A time statement of the space that is a fact, not a promise ("bloqueio no sétimo dia")."""

    id: str = ""
    phrases: list[str] = Field(default_factory=list)
    pattern: str | None = None
    source: RuleSource | None = None

    @field_validator("pattern")
    @classmethod
    def _valid_regex(cls, value: str | None) -> str | None:
        return _compile(value)


class BusinessHours(_Strict):
    start: int = 8  # hour the working day starts
    end: int = 18
    weekdays: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4])  # Monday = 0


class DeadlineData(_Strict):
    timezone: str | None = None
    agreed_date_fields: list[str] = Field(default_factory=list)  # names matched by meaning
    other_sectors: list[str] = Field(default_factory=list)  # words naming another team
    # "o time de Cloud", "a equipe do SAP": a team noun + "de <nome>" names another team too,
    # unless the name is one of the analyst's own teams ("a equipe de suporte").
    team_nouns: list[str] = Field(default_factory=list)
    own_teams: list[str] = Field(default_factory=list)
    policy_facts: list[PolicyFact] = Field(default_factory=list)
    business_hours: BusinessHours = Field(default_factory=BusinessHours)


class DataKind(_Strict):
    """One piece of data a draft may ask for, and where a ticket may already hold it."""

    label: str = ""  # how a message names it: "e-mail", "CNPJ"
    words: list[str]  # how a draft names it: "CNPJ", "nome da empresa"
    verbs: list[str] | None = None  # replaces the shared request verbs for this kind
    # requester attributes that hold it, matched by meaning like fields ("phone", "telefone", "organization")
    requester: list[str] = Field(default_factory=list)
    fields: list[str] = Field(default_factory=list)  # ticket field names, matched by meaning
    value_pattern: str | None = None  # the value written in the ticket's texts
    unless_next: str | None = None  # skip the word when the text right after it matches ("nome *do produto*")

    @field_validator("value_pattern", "unless_next")
    @classmethod
    def _valid_regex(cls, value: str | None) -> str | None:
        return _compile(value)

    @field_validator("requester", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else ([] if value is None else value)


class RequestData(_Strict):
    verbs: list[str] = Field(default_factory=list)  # "informe", "nos envie", "qual é"
    kinds: dict[str, DataKind] = Field(default_factory=dict)


class RuleBook(_Strict):
    """Everything the checker knows about one space's conduct rules."""

    rules: dict[str, RuleConfig] = Field(default_factory=dict)
    deadlines: DeadlineData = Field(default_factory=DeadlineData)
    requests: RequestData = Field(default_factory=RequestData)
    custom: list[CustomRule] = Field(default_factory=list)
    # Placeholder names filled from the ticket: {"requester.name": ["nome cliente", "nome do cliente"]}.
    placeholder_values: dict[str, list[str]] = Field(default_factory=dict)

    def rule(self, rule_id: str) -> RuleConfig | None:
        found = self.rules.get(rule_id)
        return found if found is not None and found.enabled else None


def _merge(base: Any, over: Any, path: tuple[str, ...] = ()) -> Any:
    """Space over base: mappings merge key by key, lists of names extend, ``custom`` merges by id."""
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = _merge(base[key], value, path + (key,)) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(over, list):
        if path and path[-1] in ("custom", "policy_facts"):
            by_id = {item.get("id"): dict(item) for item in base if isinstance(item, dict)}
            for item in over:
                key = item.get("id") if isinstance(item, dict) else None
                by_id[key] = _merge(by_id[key], item) if key in by_id and key else item
            return list(by_id.values())
        return base + [item for item in over if item not in base]
    return over


def _line_of(path, field: str | None) -> int | None:
    """The line of a dotted field path in a YAML file (for curators' error messages)."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    for part in (field or "").split("."):
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), node)
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
    return node.start_mark.line + 1 if node is not None else None


def load_rulebook(catalog: Catalog, space: str) -> RuleBook:
    """Read, merge and validate the base and the space's rules (raises InvalidKnowledge)."""
    space_dir = catalog.space(space).path
    base = catalog.read_shared_yaml(RULES_FILE) or {}
    own = catalog.read_yaml(space, RULES_FILE) or {}
    for data, path in ((base, catalog.kb_dir / SHARED_DIR / RULES_FILE), (own, space_dir / RULES_FILE)):
        if not isinstance(data, dict):
            raise InvalidKnowledge(str(path), "o arquivo deve ser um mapeamento YAML (chave: valor)")
    merged = _merge(base, own)
    blame = space_dir / RULES_FILE if own else catalog.kb_dir / SHARED_DIR / RULES_FILE
    try:
        book = validate_model(blame, merged, RuleBook)
    except InvalidKnowledge as exc:
        field = exc.fields.get("field")
        raise InvalidKnowledge(str(blame), str(exc.message).split(": ", 1)[-1], _line_of(blame, field), field) from None
    if book.deadlines.timezone is None:
        book.deadlines.timezone = str(catalog.space(space).config.get("timezone") or DEFAULT_TIMEZONE)
    return book
