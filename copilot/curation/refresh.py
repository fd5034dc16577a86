"""After a curator's change, the running server must answer from it at once.

The hybrid retriever re-reads the index pointers only every couple of
seconds, and the suggester, the SLA calculator and the checker keep each
space's parsed knowledge. These functions make the next request read again.
Each stage that caches a space's knowledge has a public ``forget(space)``;
suggestion processes (``copilot.suggestion_processes``) pass it on to each child.
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
    suggester, checker = getattr(runtime, "suggester", None), getattr(runtime, "checker", None)
    for stage in (suggester, checker, getattr(checker, "sla", None)):
        if callable(getattr(stage, "forget", None)):
            stage.forget(space)


def after_change(runtime: Any, space: str) -> None:
    components = getattr(runtime, "components", None)
    built = getattr(components, "built_retriever", None)
    # a retriever nobody built has nothing to refresh (and building it would load the model)
    refresh_retriever(built() if callable(built) else getattr(runtime, "retriever", None))
    forget_space(runtime, space)
