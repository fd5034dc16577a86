"""Word documents (.docx) → Markdown-ish lines → sections.

Headings come from the paragraph styles ("Heading N", or "Título N" in a
Portuguese Word), lists from the list styles or the paragraph's own
numbering, tables become Markdown tables. A document written without heading
styles (bold lines typed as titles) goes through the plain-text heading
reader instead.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.document import Document as WordDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from copilot.errors import InvalidInput
from copilot.kb.documents import Document
from copilot.kb.loaders._common import build_document
from copilot.kb.loaders.markdown import markdown_to_sections
from copilot.kb.loaders.text import text_to_markdown

_HEADING_STYLE = re.compile(r"^(?:heading|t[íi]tulo)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|t[íi]tulo)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^list\s*(bullet|number)\s*(\d)?$", re.IGNORECASE)


def _style_names(paragraph: Paragraph) -> list[str]:
    """The paragraph's style and the styles it is based on (custom styles
    built on "Heading 2" are headings too)."""
    names, style = [], paragraph.style
    while style is not None and len(names) < 4:
        names.append(style.name or "")
        style = style.base_style
    return names


def _numbering(word: WordDocument, paragraph: Paragraph) -> tuple[str, int, str] | None:
    """(list id, level, 'bullet' | 'number') from the paragraph's own numbering."""
    ppr = paragraph._p.pPr
    if ppr is None or ppr.numPr is None or ppr.numPr.numId is None:
        return None
    num_id = ppr.numPr.numId.val
    level = ppr.numPr.ilvl.val if ppr.numPr.ilvl is not None else 0
    if not num_id:
        return None
    fmt = "number"
    try:
        root = word.part.numbering_part.element
        abstract = root.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        if abstract:
            found = root.xpath(
                f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val'
            )
            fmt = "bullet" if found and found[0] == "bullet" else "number"
    except (KeyError, NotImplementedError):
        pass
    return f"num:{num_id}", int(level), fmt


class _Writer:
    def __init__(self, word: WordDocument) -> None:
        self.word = word
        self.lines: list[str] = []
        self.counters: dict[tuple[str, int], int] = {}
        self.has_headings = False
        self.title = ""

    def paragraph(self, paragraph: Paragraph) -> None:
        text = paragraph.text.replace("\t", " ").strip()
        styles = _style_names(paragraph)
        if not text:
            self.lines.append("")
            return
        for name in styles:
            if match := _HEADING_STYLE.match(name):
                self.has_headings = True
                self.counters.clear()
                self.lines.extend(["", "#" * min(int(match.group(1)), 6) + " " + " ".join(text.split()), ""])
                return
            if _TITLE_STYLE.match(name):
                self.title = self.title or " ".join(text.split())
                return
        item = _numbering(self.word, paragraph)
        if item is None:
            match = next((m for m in map(_LIST_STYLE.match, styles) if m), None)
            if match:
                kind = "bullet" if match.group(1).lower() == "bullet" else "number"
                item = (f"style:{kind}", int(match.group(2) or 1) - 1, kind)
        if item is None:
            self.lines.append(text)
            return
        list_id, level, kind = item
        indent = "  " * level
        if kind == "bullet":
            marker = "-"
        else:
            for key in [k for k in self.counters if k[0] == list_id and k[1] > level]:
                del self.counters[key]
            self.counters[(list_id, level)] = self.counters.get((list_id, level), 0) + 1
            marker = f"{self.counters[(list_id, level)]}."
        first, *rest = text.split("\n")
        self.lines.append(f"{indent}{marker} {first}")
        self.lines.extend(f"{indent}  {line.strip()}" for line in rest if line.strip())

    def table(self, table: Table) -> None:
        rows = []
        for row in table.rows:
            cells = [" ".join(cell.text.split()).replace("|", "/") for cell in row.cells]
            if any(cells):
                rows.append(cells)
        if not rows:
            return
        width = max(len(r) for r in rows)
        lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows]
        lines.insert(1, "|" + "---|" * width)
        self.lines.extend(["", *lines, ""])


def docx_to_markdown(data: bytes, filename: str) -> tuple[str, str]:
    """(Markdown-ish text, title or "") of a .docx; InvalidInput if it is not one."""
    try:
        word = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InvalidInput(
            f"Não foi possível abrir '{filename}': o arquivo .docx está corrompido ou não é um documento do Word.",
            file=filename,
        ) from exc
    except Exception as exc:  # python-docx raises assorted errors on damaged packages
        raise InvalidInput(f"Não foi possível ler o documento Word '{filename}'.", file=filename) from exc
    writer = _Writer(word)
    for block in word.iter_inner_content():
        if isinstance(block, Paragraph):
            writer.paragraph(block)
        else:
            writer.table(block)
    text = "\n".join(writer.lines)
    if not writer.has_headings:
        text = text_to_markdown(text)
    title = (word.core_properties.title or "").strip() or writer.title
    return text, title


def load_docx(data: bytes, *, filename: str, space: str, doc_id: str | None = None) -> Document:
    text, title = docx_to_markdown(data, filename)
    meta = {"title": title} if title else {}
    sections = markdown_to_sections(text)
    return build_document(sections, filename=filename, space=space, doc_id=doc_id, meta=meta, fmt="docx")
