"""After a curator's change, the running server must answer from it at once.

The hybrid retriever re-reads the index pointers only every couple of
seconds, and the suggester, the SLA calculator and the checker keep each
space's parsed knowledge. These functions make the next request read again.
They use the stages' public ``refresh``/``forget`` methods when present and
otherwise reset the caches they know (asked of their owners in the report).
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
    checker = getattr(runtime, "checker", None)
    for stage in (suggester, getattr(suggester, "sla", None), checker, getattr(checker, "sla", None)):
        if stage is None:
            continue
        if callable(getattr(stage, "forget", None)):
            stage.forget(space)
            continue
        for cache in ("_spaces", "_policies", "_meaning", "_books"):
            store = getattr(stage, cache, None)
            if isinstance(store, dict):
                store.pop(space, None)


def after_change(runtime: Any, space: str) -> None:
    refresh_retriever(getattr(runtime, "retriever", None))
    forget_space(runtime, space)
