"""What the panel reads besides the suggestion: a cited section's text, and the feedback store.

The next step cites a section of the space's own POP; the analyst opens it
with one click, so the panel shows that section's words (read once per file
version, never a stale copy after a curator edits the file).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request

from copilot.errors import CopilotError
from copilot.kb.catalog import Catalog
from copilot.kb.documents import SECTION_SEPARATOR
from copilot.settings import Settings

_store_lock = threading.Lock()


def section_text(catalog: Catalog, space: str, source: Any) -> str:
    """The text of ``source.section`` in document ``source.doc_id`` of ``space``; "" when not found."""
    if source is None or not getattr(source, "doc_id", ""):
        return ""
    try:
        path = next((p for p in catalog.document_paths(space) if p.stem == source.doc_id), None)
        if path is None:
            return ""
        return _section(str(path), path.stat().st_mtime_ns, space, source.doc_id, source.section or "")
    except (CopilotError, OSError):
        return ""


@lru_cache(maxsize=256)
def _section(path: str, _version: int, space: str, doc_id: str, section: str) -> str:
    from copilot.kb.loaders import load_path

    document = load_path(Path(path), space=space)
    if document.id != doc_id:
        return ""
    wanted = section.strip()
    for part in document.sections:
        if SECTION_SEPARATOR.join(part.path) == wanted:
            return part.text.strip()
    # A section cited by its parent heading: the text of every subsection under it.
    inside = [p.text.strip() for p in document.sections
              if wanted and SECTION_SEPARATOR.join(p.path).startswith(wanted + SECTION_SEPARATOR)]
    return "\n\n".join(t for t in inside if t)


def feedback_store(request: Request, settings: Settings) -> Any:
    """``app.state.feedback`` when the app set one; otherwise the default store, opened once."""
    with _store_lock:
        store = getattr(request.app.state, "feedback", None)
        if store is None:
            from copilot.storage import FeedbackStore, open_database

            store = request.app.state.feedback = FeedbackStore(open_database(settings))
        return store
