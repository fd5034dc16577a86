"""The draft checker: every conduct rule of a space over one draft, in a few milliseconds.

Built once per process; each space's rules are read and validated once and
cached. ``check`` runs on every pause in typing, so it does no I/O and loads
no model: regular expressions, a dictionary lemmatizer and arithmetic.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from copilot.check.calendar import Calendar
from copilot.check.colloquial import normalise
from copilot.check.deadline import Backing, SlaDue, find_deadlines
from copilot.check.gerund import find_gerunds
from copilot.check.merge import apply_safe_fixes, merge_overlaps
from copilot.check.models import CheckResult, Finding, Hit, SourceOut, Timings
from copilot.check.patterns import find_custom, find_placeholders
from copilot.check.requests import find_redundant_requests
from copilot.check.rules import BusinessHours, RuleBook, load_rulebook
from copilot.check.sensitive import find_personal_data
from copilot.check.sla import SlaProvider
from copilot.check.text import Token, fold, sentence_spans, tokens
from copilot.check.ticket_facts import agreed_dates, default_now
from copilot.check.verbs import gerund_infinitive
from copilot.errors import InvalidInput
from copilot.kb.catalog import Catalog
from copilot.ticket import Ticket

BUILTIN_ORDER = ("gerund", "unverified-deadline", "unfilled-placeholder", "redundant-request", "personal-data")
_FIX_PASSES = 3  # a fix never creates a new finding in practice; bounded all the same
_SLA_CACHE_SIZE = 256


def warm_up() -> None:
    """Load the lemmatizer's dictionary and this year's holidays now, not on the first keystroke."""
    gerund_infinitive("verificando")
    Calendar(BusinessHours()).is_business_day(date.today())


class DraftChecker:
    def __init__(self, catalog: Catalog, sla: SlaProvider | None = None) -> None:
        self.catalog = catalog
        self.sla = sla
        self._books: dict[str, RuleBook] = {}
        self._sla_cache: dict[tuple[str, str], SlaDue | None] = {}
        self._lock = threading.Lock()
        warm_up()

    def forget(self, space: str) -> None:
        """Drop the space's parsed rules: the next check reads rules.yaml again (after a curator's edit)."""
        with self._lock:
            self._books.pop(space, None)


    def rulebook(self, space: str) -> RuleBook:
        """The space's merged rules, read once (raises UnknownSpace / InvalidKnowledge)."""
        book = self._books.get(space)
        if book is None:
            with self._lock:
                book = self._books.get(space) or load_rulebook(self.catalog, space)
                self._books[space] = book
        return book

    def check(self, draft: str, space: str, ticket: Ticket | None = None, now: datetime | None = None, *,
              public: bool = True) -> CheckResult:
        started = time.perf_counter()
        if ticket is not None and ticket.space != space:
            raise InvalidInput(f"O ticket é do espaço '{ticket.space}', não de '{space}'.",
                               en=f"The ticket belongs to space '{ticket.space}', not '{space}'.")
        book = self.rulebook(space)
        findings = self._findings(draft, book, ticket, now, public)
        fixed, pending = draft, findings
        for _ in range(_FIX_PASSES):
            safe = [f for f in pending if f.safe and f.suggestion is not None]
            if not safe:
                break
            fixed = apply_safe_fixes(fixed, safe)
            pending = self._findings(fixed, book, ticket, now, public, only_safe=True)
        elapsed = (time.perf_counter() - started) * 1000
        return CheckResult(findings=findings, fixed_draft=fixed, timings_ms=Timings(total=round(elapsed, 3)))

    def _findings(self, draft: str, book: RuleBook, ticket: Ticket | None, now: datetime | None, public: bool,
                  only_safe: bool = False) -> list[Finding]:
        """Every rule over the draft read in standard spelling (see :mod:`copilot.check.colloquial`)."""
        normal = normalise(draft)
        text = normal.text
        folded = fold(text)
        words = tokens(text, folded)
        hits: list[Hit] = []
        if book.rule("gerund"):
            hits += find_gerunds(text, folded, words)
        if book.rule("unfilled-placeholder"):
            hits += find_placeholders(text, folded, ticket, book.placeholder_values)
        hits += find_custom(folded, book.custom, public)
        if not only_safe:
            hits += self._ticket_rules(text, folded, words, book, ticket, now, public)
        if normal.edits:
            hits = [replace(h, start=s, end=e) for h in hits for s, e in [normal.span(h.start, h.end)]]
            hits += find_custom(fold(draft), book.custom, public)  # curators' patterns may spell "pra" as typed
        findings = [f for f in (self._finding(h, draft, book) for h in hits) if f is not None]
        if only_safe:
            findings = [f for f in findings if f.safe]
        order = {rule: i for i, rule in enumerate(BUILTIN_ORDER)}
        return merge_overlaps(findings, order)

    def _ticket_rules(self, draft: str, folded: str, words: list[Token], book: RuleBook, ticket: Ticket | None,
                      now: datetime | None, public: bool) -> list[Hit]:
        hits: list[Hit] = []
        if book.rule("unverified-deadline"):
            hits += find_deadlines(draft, folded, words, sentence_spans(draft), book, self._backing(book, ticket, now))
        if book.rule("redundant-request"):
            template = book.rules["redundant-request"].message
            for hit, held in find_redundant_requests(folded, book.requests, ticket):
                message = template.replace("{dado}", held.label).replace("{valor}", held.value)
                hits.append(Hit(hit.rule, hit.start, hit.end, message=message))
        if book.rule("personal-data") and public:
            hits += find_personal_data(draft, folded)
        return hits

    def _backing(self, book: RuleBook, ticket: Ticket | None, now: datetime | None) -> Backing:
        tz = ZoneInfo(book.deadlines.timezone or "America/Sao_Paulo")
        moment = default_now(ticket, tz) if now is None else (now.replace(tzinfo=tz) if now.tzinfo is None else now)
        return Backing(moment, Calendar(book.deadlines.business_hours),
                       agreed_dates(ticket, book.deadlines.agreed_date_fields, tz),
                       lambda: self._sla_due(ticket, moment))

    def _sla_due(self, ticket: Ticket | None, now: datetime) -> SlaDue | None:
        """The SLA's due times, asked only when a promise needs them and remembered per ticket."""
        if self.sla is None or ticket is None:
            return None
        key = (ticket.model_dump_json(), now.isoformat())
        with self._lock:
            if key in self._sla_cache:
                return self._sla_cache[key]
        due = self.sla.due(ticket, now)
        with self._lock:
            if len(self._sla_cache) >= _SLA_CACHE_SIZE:
                self._sla_cache.pop(next(iter(self._sla_cache)))
            self._sla_cache[key] = due
        return due

    def _finding(self, hit: Hit, draft: str, book: RuleBook) -> Finding | None:
        """The finding the analyst sees: the rule's severity, message, source and suggestion policy."""
        custom = next((c for c in book.custom if c.id == hit.rule), None)
        if custom is not None:
            severity, message, source, title = custom.severity, custom.message, custom.source, custom.title
        else:
            config = book.rule(hit.rule)
            if config is None:
                return None
            enabled, severity, message = config.variant(hit.variant)
            if not enabled:
                return None
            source, title = config.source, config.title
            if config.suggest == "none":
                hit = replace(hit, suggestion=None, safe=False)
            elif config.suggest == "offer":
                hit = replace(hit, safe=False)
        if hit.end <= hit.start:
            return None
        return Finding(
            rule=hit.rule, severity=hit.severity or severity, start=hit.start, end=hit.end,
            text=draft[hit.start:hit.end], message=hit.message or message, suggestion=hit.suggestion,
            source=SourceOut(doc_id=source.doc_id, title=source.title, section=source.section) if source else None,
            safe=hit.safe and hit.suggestion is not None, rule_title=title, passage=source.passage if source else "",
        )
