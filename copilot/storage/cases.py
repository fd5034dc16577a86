"""Feedback turned into eval cases in the ``evals/tickets`` format.

One case per ticket (all votes on the same ticket merge), with the keys of
``evals/tickets/*.yaml`` (id, lang, branch, now, ticket, expected,
nothing_fits) plus three a curator removes when promoting the case:
``needs_label``, ``unconfirmed`` and ``feedback`` (the votes and comments behind it).

- A part voted up is confirmed: ``expected`` takes it as it was suggested
  (checklist title, template title, next step as ``{contains, section}``,
  articles as short quotes of their excerpts).
- A part voted down is known to be wrong but not what is right: it is ``null``
  in ``expected``, what was suggested goes to ``feedback[].suggested``, and the
  case gets ``needs_label: true``.
- A part nobody voted on is pre-filled from the suggestion and listed in
  ``unconfirmed``, for the curator to check.

Votes on draft findings belong to the drafts suite and are not exported here.
"""

from __future__ import annotations

from typing import Any, Iterable

from copilot.storage.feedback import FeedbackRecord

PARTS = {"checklist": "checklist", "reply_template": "template", "next_step": "next_step", "article": "articles"}
MAX_QUOTE = 90


def _quote(excerpt: str) -> str:
    """A single-line quote of at most 90 characters, cut at a word boundary."""
    line = next((ln.strip() for ln in excerpt.splitlines() if ln.strip()), "")
    return line if len(line) <= MAX_QUOTE else line[:MAX_QUOTE].rsplit(" ", 1)[0]


def _labels(suggestion: dict | None) -> dict[str, Any]:
    """The tickets-suite labels a suggestion (the suggest response) stands for."""
    s = suggestion or {}
    step = s.get("next_step") or None
    return {
        "checklist": (s.get("checklist") or {}).get("title"),
        "template": (s.get("reply_template") or {}).get("title"),
        "next_step": {"contains": [step.get("text", "")],
                      "section": (step.get("source") or {}).get("section") or step.get("step", "")} if step else None,
        "articles": [_quote(a.get("excerpt", "")) for a in s.get("articles") or [] if isinstance(a, dict)],
    }


def _suggested(record: FeedbackRecord) -> Any:
    """What the vote was about: the voted part, whether the snapshot is the whole response or the part."""
    snap = record.suggestion or {}
    key = "articles" if record.target == "article" else record.target
    part = snap.get(key, snap)
    if record.target == "article" and isinstance(part, list):
        part = next((a for a in part if isinstance(a, dict) and a.get("doc_id") == record.item_id), None)
    return part


def _case(space: str, votes: list[FeedbackRecord]) -> dict:
    full = next((v.suggestion for v in reversed(votes) if v.suggestion and "space" in v.suggestion), None)
    expected = _labels(full)
    voted_parts: set[str] = set()
    needs_label = False
    for vote in votes:  # oldest first: a later vote on the same part wins
        part = PARTS[vote.target]
        voted_parts.add(part)
        if vote.vote == "down" and part == "articles":
            wrong = _quote((_suggested(vote) or {}).get("excerpt", ""))
            expected["articles"] = [q for q in expected["articles"] if q != wrong]
            needs_label = True
        elif vote.vote == "down":
            expected[part] = None
            needs_label = True
        elif full is None and part == "articles":  # only the part itself was sent: label it alone
            expected["articles"] += _labels({"articles": [_suggested(vote)]})["articles"]
        elif full is None:
            expected[part] = _labels({vote.target: _suggested(vote)})[part]
    ticket = dict(votes[-1].ticket or {"id": votes[-1].ticket_id})
    ticket.setdefault("space", space)
    return {
        "id": f"{space}-fb{votes[0].id:04d}", "lang": "pt",
        "branch": f"avaliação de analista ({', '.join(f'{v.target} {v.vote}' for v in votes)})",
        "now": votes[0].created_at.isoformat(), "ticket": ticket, "expected": expected,
        "nothing_fits": not needs_label and all(expected[k] in (None, []) for k in ("checklist", "template", "next_step")),
        "needs_label": needs_label,
        "unconfirmed": [p for p in ("checklist", "template", "next_step", "articles") if p not in voted_parts],
        "feedback": [{"id": v.id, "target": v.target, "vote": v.vote, "comment": v.comment,
                      "suggested": _suggested(v)} for v in votes],
    }


def feedback_to_cases(records: Iterable[FeedbackRecord]) -> list[dict]:
    groups: dict[tuple[str, str], list[FeedbackRecord]] = {}
    for record in records:
        if record.target in PARTS:
            groups.setdefault((record.space, record.ticket_id or f"#{record.id}"), []).append(record)
    return [_case(space, votes) for (space, _), votes in groups.items()]
