"""Optional language model: summarise the problem, polish the filled template.

Off by default. Any LangChain chat model works (``BaseChatModel.invoke``).
Generated text is shown only after the draft checker passes it (no finding of
severity "error"); otherwise it is dropped and the deterministic fill stays.
Only passages of the ticket's own space reach the prompt.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Protocol

from copilot.kb.macros import PLACEHOLDER
from copilot.prompts import render
from copilot.retrieval.base import Hit
from copilot.ticket import Ticket

log = logging.getLogger("copilot.suggest")

MAX_PASSAGES = 4
MAX_SUMMARY_CHARS = 200
MAX_DESCRIPTION_CHARS = 3000


class DraftChecker(Protocol):
    def check(self, draft: str, space: str, ticket: Ticket | None) -> Any: ...


def _findings(result: Any) -> list[Any]:
    if isinstance(result, dict):
        return list(result.get("findings", []))
    if hasattr(result, "findings"):
        return list(result.findings)
    return list(result or [])


def _severity(finding: Any) -> str:
    return str(finding.get("severity") if isinstance(finding, dict) else getattr(finding, "severity", ""))


def _text_of(message: Any) -> str:
    content = getattr(message, "content", message)
    if isinstance(content, list):  # content blocks
        content = " ".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return str(content).strip()


class Generator:
    def __init__(self, llm: Any, checker: DraftChecker | None) -> None:
        self.llm, self.checker = llm, checker

    def passages(self, ticket: Ticket, hits: Sequence[Hit]) -> str:
        own = [h for h in hits if h.chunk.space == ticket.space][:MAX_PASSAGES]
        return "\n\n".join(f"[{h.chunk.title} › {h.chunk.section}]\n{h.chunk.text}" for h in own) or "(nenhum)"

    def summarize(self, ticket: Ticket, hits: Sequence[Hit]) -> str | None:
        prompt = render("summarize_problem", space=ticket.space, passages=self.passages(ticket, hits),
                        subject=ticket.subject or "", description=(ticket.description or "")[:MAX_DESCRIPTION_CHARS])
        text = self._ask(prompt)
        if not text:
            return None
        summary = text.splitlines()[0].strip().strip("\"'“”").rstrip(".")
        if not summary or len(summary) > MAX_SUMMARY_CHARS or PLACEHOLDER.search(summary):
            return None
        return summary if self.accepts(summary, ticket) else None

    def polish(self, reply: str, ticket: Ticket, hits: Sequence[Hit]) -> str | None:
        prompt = render("polish_reply", space=ticket.space, passages=self.passages(ticket, hits), reply=reply)
        text = self._ask(prompt)
        if not text:
            return None
        if set(PLACEHOLDER.findall(reply)) - set(PLACEHOLDER.findall(text)):
            return None  # the model dropped a placeholder the analyst must still fill
        return text if self.accepts(text, ticket) else None

    def accepts(self, text: str, ticket: Ticket) -> bool:
        """Generated text is shown only when the draft checker finds no error in it."""
        if self.checker is None:
            log.warning("texto gerado descartado: nenhum verificador de rascunho configurado")
            return False
        errors = [f for f in _findings(self.checker.check(text, ticket.space, ticket)) if _severity(f) == "error"]
        return not errors

    def _ask(self, prompt: str) -> str | None:
        try:
            return _text_of(self.llm.invoke(prompt))
        except Exception:  # a model outage must never break a suggestion
            log.exception("modelo de linguagem indisponível; mantida a versão determinística")
            return None
