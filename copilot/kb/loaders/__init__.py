"""Loaders: any curator export → the same sectioned ``Document``.

``load_path`` for files on disk (the kb/ catalog), ``load_bytes`` for
uploads. The format is chosen by the file's suffix and then checked against
its content: a Confluence export saved as .txt is read as HTML, a .txt with
front matter as Markdown. Every failure is a ``CopilotError`` with a pt-BR
message naming the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from copilot.errors import InvalidInput, UnsupportedFormat
from copilot.kb.documents import Document
from copilot.kb.loaders._common import decode_text
from copilot.kb.loaders.confluence import load_confluence, looks_like_html
from copilot.kb.loaders.docx import load_docx
from copilot.kb.loaders.markdown import load_markdown, markdown_to_sections, split_front_matter
from copilot.kb.loaders.pdf import load_pdf
from copilot.kb.loaders.text import load_text

_FRONT_MATTER_START = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
SUPPORTED_SUFFIXES: tuple[str, ...] = (".md", ".markdown", ".txt", ".html", ".htm", ".docx", ".pdf")

__all__ = ["SUPPORTED_SUFFIXES", "load_bytes", "load_path", "markdown_to_sections", "split_front_matter"]


def _suffix(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _supported_suffix(filename: str) -> str:
    suffix = _suffix(filename)
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(
            f"Formato não suportado: '{filename}'. Envie um arquivo {', '.join(SUPPORTED_SUFFIXES)}.",
            file=filename,
            suffix=suffix,
        )
    return suffix


def load_bytes(filename: str, data: bytes, *, space: str, doc_id: str | None = None) -> Document:
    """An uploaded file's bytes → Document. Raises UnsupportedFormat for a
    suffix we do not read and InvalidInput for a damaged or empty file."""
    suffix = _supported_suffix(filename)
    if not data.strip():
        raise InvalidInput(f"O arquivo '{filename}' está vazio.", file=filename)
    if suffix == ".docx":
        return load_docx(data, filename=filename, space=space, doc_id=doc_id)
    if suffix == ".pdf":
        return load_pdf(data, filename=filename, space=space, doc_id=doc_id)
    text = decode_text(data, filename)
    if suffix in (".html", ".htm") or (suffix == ".txt" and looks_like_html(text)):
        return load_confluence(text, filename=filename, space=space, doc_id=doc_id)
    if suffix in (".md", ".markdown") or _FRONT_MATTER_START.match(text):
        return load_markdown(text, filename=filename, space=space, doc_id=doc_id)
    return load_text(text, filename=filename, space=space, doc_id=doc_id)


def load_path(path: Path, *, space: str, doc_id: str | None = None) -> Document:
    """A file on disk → Document (same rules as ``load_bytes``)."""
    path = Path(path)
    _supported_suffix(path.name)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InvalidInput(f"Arquivo não encontrado: '{path.name}'.", file=str(path)) from exc
    except PermissionError as exc:
        raise InvalidInput(f"Sem permissão para ler o arquivo '{path.name}'.", file=str(path)) from exc
    except OSError as exc:
        raise InvalidInput(f"Não foi possível ler o arquivo '{path.name}'.", file=str(path)) from exc
    return load_bytes(path.name, data, space=space, doc_id=doc_id)
