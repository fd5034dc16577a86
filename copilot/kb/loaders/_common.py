"""What every loader shares: decoding, ids, heading clean-up and the final
assembly of a ``Document``.

Loaders differ only in how they find headings and lists; the rules for an
id, a title, a kind and "this file has no text" live here once, so a .docx
and a .md of the same procedure end up as the same document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from copilot.errors import InvalidInput
from copilot.kb.documents import DOC_KINDS, Document, Section

DEFAULT_KIND = "kcs"

# Invisible characters that exports leave behind and that only confuse matching.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


def decode_text(data: bytes, name: str) -> str:
    """Bytes of a text export → str; UTF-8 first, then the Windows code page
    that Brazilian Office exports use."""
    if b"\x00" in data[:4096]:
        raise InvalidInput(f"O arquivo '{name}' não parece ser texto (contém bytes binários).", file=name)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def normalize_text(text: str) -> str:
    """Unix newlines, no invisible characters, no-break spaces as spaces,
    tabs as four spaces, no trailing blanks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    text = text.replace("\t", "    ").replace("\u00a0", " ").replace("\u202f", " ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def clean_heading(text: str) -> str:
    """A heading as it goes into a section path: one line, single spaces,
    no Markdown emphasis, no closing period or colon."""
    text = _SPACES.sub(" ", text.replace("**", "").replace("__", "")).strip()
    return re.sub(r"\s*[.:]+$", "", text).strip()


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphen-separated: 'Passo a Passo' → 'passo-a-passo'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def derive_doc_id(filename: str, space: str) -> str:
    """Id from the file name, prefixed by the space: 'POP Análise.md' in
    enotas → 'enotas-pop-analise'."""
    stem = filename.rsplit("/", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    slug = slugify(stem) or "documento"
    prefix = slugify(space)
    return slug if not prefix or slug.startswith(prefix + "-") or slug == prefix else f"{prefix}-{slug}"


def title_from_filename(filename: str) -> str:
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return _SPACES.sub(" ", re.sub(r"[_\-]+", " ", stem)).strip() or filename


def _promote_title(sections: Sequence[Section], title: str | None) -> tuple[tuple[Section, ...], str | None]:
    """A document whose headings all hang under one top heading is titled by
    it: that heading leaves the section paths (it would repeat the title in
    every chunk) and becomes the title unless one was given."""
    roots = {s.path[0] for s in sections if s.path}
    if len(roots) != 1 or not any(len(s.path) > 1 for s in sections):
        return tuple(sections), title
    root = next(iter(roots))
    if root[:1].isdigit() or (title and slugify(title) != slugify(root)):
        return tuple(sections), title
    if any(not s.path and s.text for s in sections):
        return tuple(sections), title
    promoted = tuple(Section(s.path[1:], s.text) for s in sections if s.path and (s.path[1:] or s.text))
    return promoted, title or root


def build_document(
    sections: Sequence[Section],
    *,
    filename: str,
    space: str,
    doc_id: str | None,
    meta: Mapping[str, object] | None = None,
    fmt: str,
) -> Document:
    """Metadata rules shared by every loader; refuses a document without text."""
    meta = dict(meta or {})
    if not any(s.text.strip() for s in sections):
        raise InvalidInput(f"O arquivo '{filename}' não tem texto para indexar.", file=filename)
    given_title = str(meta.pop("title", "") or "").strip() or None
    sections, title = _promote_title(sections, given_title)
    if not title:
        title = next((s.path[0] for s in sections if s.path), None) or title_from_filename(filename)
    kind = str(meta.pop("kind", "") or DEFAULT_KIND).strip().lower()
    if kind not in DOC_KINDS:
        raise InvalidInput(
            f"O arquivo '{filename}' tem tipo (kind) '{kind}' desconhecido; use um de: {', '.join(DOC_KINDS)}.",
            file=filename,
            field="kind",
        )
    front_id = str(meta.pop("id", "") or "").strip()
    updated = meta.pop("updated", None)
    source = str(meta.pop("source", "") or filename)
    metadata = {str(k): str(v) for k, v in meta.items() if v is not None}
    metadata.update(format=fmt, filename=filename)
    return Document(
        id=doc_id or front_id or derive_doc_id(filename, space),
        space=space,
        title=title,
        kind=kind,
        sections=tuple(sections),
        source=source,
        updated=str(updated) if updated is not None else None,
        metadata=metadata,
    )
