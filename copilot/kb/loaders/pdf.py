"""PDF → text (pypdf) → the plain-text heading reader → sections.

A PDF keeps no structure, only positioned lines: paragraphs come back cut
at the page width. Lines are first rejoined (a long line that does not end a
sentence carries on in the next one), so that a wrapped sentence is not
taken for a title, then the text goes through the same reader as a .txt.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from copilot.errors import InvalidInput
from copilot.kb.documents import Document
from copilot.kb.loaders._common import build_document
from copilot.kb.loaders.markdown import markdown_to_sections
from copilot.kb.loaders.text import normalize_markers, text_to_markdown

# A line at least this share of the page's longest line was probably wrapped.
WRAPPED_LINE_SHARE = 0.7
_STARTS_ITEM = re.compile(r"^\s*(?:-\s|\d{1,2}(?:\.\d{1,2})*[.)]?\s|[a-z]\)\s|\|)")
_ENDS_SENTENCE = (".", ":", ";", "!", "?", "…")


def unwrap_lines(page_text: str) -> str:
    """Rejoin the lines of one page that the layout wrapped."""
    lines = [normalize_markers(line.rstrip()) for line in page_text.split("\n")]
    longest = max((len(line) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        wrapped = (
            previous.strip()
            and line.strip()
            and len(previous) >= WRAPPED_LINE_SHARE * longest
            and not previous.rstrip().endswith(_ENDS_SENTENCE)
            and not _STARTS_ITEM.match(line)
        )
        if wrapped:
            out[-1] = previous.rstrip() + " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def pdf_to_text(data: bytes, filename: str) -> tuple[str, str]:
    """(page texts joined, title from the PDF's metadata or "")."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InvalidInput(f"O PDF '{filename}' está protegido por senha.", file=filename)
        pages = [unwrap_lines(page.extract_text() or "") for page in reader.pages]
        title = str((reader.metadata or {}).get("/Title") or "").strip()
    except InvalidInput:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as exc:
        raise InvalidInput(
            f"Não foi possível ler o PDF '{filename}': o arquivo está corrompido ou não é um PDF.", file=filename
        ) from exc
    except Exception as exc:  # pypdf raises assorted errors on damaged files; none may escape as a traceback
        raise InvalidInput(f"Não foi possível ler o PDF '{filename}'.", file=filename) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise InvalidInput(
            f"O PDF '{filename}' não tem texto extraível (talvez seja uma imagem digitalizada).", file=filename
        )
    return text, title


def load_pdf(data: bytes, *, filename: str, space: str, doc_id: str | None = None) -> Document:
    text, title = pdf_to_text(data, filename)
    meta = {"title": title} if title else {}
    sections = markdown_to_sections(text_to_markdown(text))
    return build_document(sections, filename=filename, space=space, doc_id=doc_id, meta=meta, fmt="pdf")
