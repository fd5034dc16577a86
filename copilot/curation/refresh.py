"""After a curator's change, the running server must answer from it at once.

The hybrid retriever re-reads the index pointers only every couple of
seconds, and the suggester, the SLA calculator and the checker keep each
space's parsed knowledge. These functions make the next request read again.
The suggester and SLA calculator are told through their public ``forget``;
the checker through its own ``forget`` when it has one, else by resetting
the caches it is known to keep (asked of its owner).
"""

from __future__ import annotations

from typing import Any


def refresh_retriever(retriever: Any) -> None:
    """Make the next search re-read the index pointers (a deleted document is gone at once)."""
    if retriever is None:
        return
    if callable(getattr(retriever, "refresh", None)):
        retriever.refresh()
    elif hasattr(retriever, "_checked_at"):
        retriever._checked_at = float("-inf")


def forget_space(runtime: Any, space: str) -> None:
    """Drop the cached knowledge of ``space`` (macros, procedures, SLA policy, rules)."""
    if runtime is None:
        return
    suggester = getattr(runtime, "suggester", None)
    if suggester is not None:
        suggester.forget(space)  # also forgets its SLA calculator's policy
    checker = getattr(runtime, "checker", None)
    for stage in (checker, getattr(checker, "sla", None)):
        if stage is None or stage is getattr(suggester, "sla", None):
            continue
        if callable(getattr(stage, "forget", None)):
            stage.forget(space)
            continue
        for cache in ("_books", "_policies", "_meaning"):  # the checker has no public forget yet
            store = getattr(stage, cache, None)
            if isinstance(store, dict):
                store.pop(space, None)


def after_change(runtime: Any, space: str) -> None:
    refresh_retriever(getattr(runtime, "retriever", None))
    forget_space(runtime, space)
