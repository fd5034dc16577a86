"""What an upload must be before it may enter a space: a known format, at most
20 MB, bytes that look like what the name says, and a name that stays in docs/.

Pure checks (no I/O): they run before anything is written, so a file that
fails them never reaches kb/.
"""

from __future__ import annotations

import re
import unicodedata

from copilot.errors import InvalidInput, PayloadTooLarge, UnsupportedFormat
from copilot.kb.loaders import SUPPORTED_SUFFIXES

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_NAME_CHARS = 150
SAFE_DOC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$")

_TEXT = {"text/plain", "application/octet-stream"}
CONTENT_TYPES: dict[str, set[str]] = {
    ".md": _TEXT | {"text/markdown", "text/x-markdown"},
    ".markdown": _TEXT | {"text/markdown", "text/x-markdown"},
    ".txt": _TEXT | {"text/html"},  # a Confluence export saved as .txt is HTML
    ".html": _TEXT | {"text/html", "application/xhtml+xml"},
    ".htm": _TEXT | {"text/html", "application/xhtml+xml"},
    ".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "application/octet-stream", "application/zip", "application/x-zip-compressed"},
    ".pdf": {"application/pdf", "application/x-pdf", "application/octet-stream"},
}
MAGIC = {".docx": b"PK\x03\x04", ".pdf": b"%PDF-"}


def suffix_of(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def safe_filename(filename: str) -> str:
    """The upload's own name, without folders, control characters or a leading dot."""
    name = unicodedata.normalize("NFC", filename.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".").strip()
    if not name or suffix_of(name) == name.lower():
        raise InvalidInput("O arquivo enviado não tem nome.", en="The uploaded file has no name.")
    if len(name) > MAX_NAME_CHARS:
        stem, suffix = name[: -len(suffix_of(name))], suffix_of(name)
        name = stem[: MAX_NAME_CHARS - len(suffix)].rstrip() + suffix
    return name


def check_upload(filename: str, data: bytes, content_type: str | None = None) -> str:
    """Refuse what cannot become a document; returns the suffix."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise PayloadTooLarge(
            f"O arquivo '{filename}' tem {len(data) / 1024 / 1024:.1f} MB; o limite é 20 MB.",
            en=f"The file '{filename}' exceeds the 20 MB limit.", limit_bytes=MAX_UPLOAD_BYTES)
    suffix = suffix_of(filename)
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(
            f"Formato não suportado: '{filename}'. Envie um arquivo {', '.join(SUPPORTED_SUFFIXES)}.",
            en=f"Unsupported format: '{filename}'.", file=filename)
    declared = (content_type or "").split(";")[0].strip().lower()
    if declared and declared not in CONTENT_TYPES[suffix]:
        raise UnsupportedFormat(
            f"O arquivo '{filename}' foi enviado como '{declared}', que não corresponde a um arquivo {suffix}.",
            en=f"The file '{filename}' was sent as '{declared}', which does not match {suffix}.", file=filename)
    magic = MAGIC.get(suffix)
    if magic and data and not data.startswith(magic):
        raise UnsupportedFormat(
            f"O conteúdo de '{filename}' não é um {suffix[1:].upper()} (o arquivo pode estar corrompido ou com a "
            "extensão errada).", en=f"The content of '{filename}' is not a {suffix[1:].upper()} file.", file=filename)
    return suffix


def check_doc_id(doc_id: str, filename: str) -> None:
    if not SAFE_DOC_ID.match(doc_id):
        raise InvalidInput(
            f"O id do documento '{doc_id}' (de '{filename}') deve ter só letras sem acento, números, '.', '_' e '-'.",
            en=f"The document id '{doc_id}' must use only ASCII letters, digits, '.', '_' and '-'.", field="id")
