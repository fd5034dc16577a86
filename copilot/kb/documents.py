"""The sectioned document every loader produces, and the chunks cut from it.

Every input format (Markdown with front matter, Confluence HTML export, plain
text, .docx, .pdf) ends up as the same ``Document``: metadata plus an ordered
list of ``Section``s, each with its heading path. Chunking and indexing only
ever see this shape, so a new format is one new loader.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

DocKind = Literal["pop", "kcs", "tdn", "faq", "policy"]
DOC_KINDS: tuple[str, ...] = ("pop", "kcs", "tdn", "faq", "policy")

SECTION_SEPARATOR = " › "


@dataclass(frozen=True)
class Section:
    """A heading path and the body text directly under it (Markdown-ish:
    paragraphs, ``- `` bullets and ``1. `` numbered steps, indentation kept)."""

    path: tuple[str, ...]
    text: str

    @property
    def label(self) -> str:
        return SECTION_SEPARATOR.join(self.path)


@dataclass(frozen=True)
class Document:
    id: str
    space: str
    title: str
    kind: str
    sections: tuple[Section, ...]
    source: str = ""
    updated: str | None = None
    metadata: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def text(self) -> str:
        return "\n\n".join(s.text for s in self.sections if s.text)


@dataclass(frozen=True)
class Chunk:
    """A quotable passage: it knows where it comes from and never cuts a word."""

    space: str
    doc_id: str
    title: str
    kind: str
    section: str  # heading path joined by " › ", e.g. "Bloco 1 - Análise inicial › 2"
    text: str
    ordinal: int  # position within its document

    @property
    def id(self) -> str:
        return f"{self.space}:{self.doc_id}:{self.ordinal}"

    @property
    def content_hash(self) -> str:
        """Identity of what gets embedded: unchanged text is never embedded twice."""
        return hashlib.sha256(self.embedding_text.encode("utf-8")).hexdigest()

    @property
    def embedding_text(self) -> str:
        """Title and section path give the passage its context for the embedder."""
        head = self.title if not self.section else f"{self.title}{SECTION_SEPARATOR}{self.section}"
        return f"{head}\n{self.text}"
