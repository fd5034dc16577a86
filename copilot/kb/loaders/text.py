"""Plain text exports → Markdown-ish lines → sections.

Finds headings with ``HeadingReader`` and tidies lists so the chunker can
see the procedure: bullet glyphs become ``-``, "1)" and "1.Clique" become
"1. ", an indented list is moved flush-left (its nesting kept), and flush
bullets written right under a numbered step are indented beneath it, which
is what the author meant.
"""

from __future__ import annotations

import re

from copilot.kb.documents import Document
from copilot.kb.loaders._common import build_document, normalize_text
from copilot.kb.loaders._headings import LIST_ITEM, HeadingReader
from copilot.kb.loaders.markdown import iter_headings, markdown_to_sections

_GLYPH_BULLET = re.compile(r"^(\s*)[•◦▪·●▫■□*+–]\s+")
_LOOSE_NUMBER = re.compile(r"^(\s*)(\d{1,2})(?:\.|\))\s*(?=[^\d\s.])")
_FLUSH_NUMBER = re.compile(r"^\d{1,2}\.\s")
NEST = "  "


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def normalize_markers(line: str) -> str:
    """'  • x' → '  - x'; '1)x', '1.x' → '1. x' (multi-level numbers untouched)."""
    line = _GLYPH_BULLET.sub(r"\1- ", line)
    return _LOOSE_NUMBER.sub(r"\1\2. ", line)


def _is_list_line(line: str) -> bool:
    return bool(line.strip()) and (bool(LIST_ITEM.match(line)) or _indent(line) > 0)


def _tidy_list_run(run: list[str]) -> list[str]:
    """One run of list lines: dedent to flush-left; in a list written with
    no indentation at all, nest the bullets under the numbered step they follow."""
    items = [line for line in run if line.strip() and LIST_ITEM.match(line)]
    sample = items or [line for line in run if line.strip()]
    shift = min(_indent(line) for line in sample)
    written_flat = all(_indent(line) == 0 for line in run)
    out: list[str] = []
    under_step = nesting = False
    for line in run:
        line = line[min(shift, _indent(line)):]
        if _FLUSH_NUMBER.match(line):
            under_step, nesting = True, False
        elif line.startswith("- ") and under_step and written_flat:
            nesting = True
        if nesting and line.strip():
            line = NEST + line
        out.append(line)
    return out


def tidy_lists(lines: list[str]) -> list[str]:
    """Body lines of a section with every list run tidied."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not _is_list_line(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines):
            if _is_list_line(lines[j]):
                j += 1
            elif not lines[j].strip():
                k = next((k for k in range(j, len(lines)) if lines[k].strip()), len(lines))
                if k == len(lines) or _indent(lines[k]) == 0:
                    break
                j = k
            else:
                break
        out.extend(_tidy_list_run(lines[i:j]))
        i = j
    return out


def text_to_markdown(text: str, reader: HeadingReader | None = None) -> str:
    """Plain (or partly Markdown) text → Markdown with ``#`` headings.
    Existing ``#`` headings are kept and set the base depth."""
    reader = reader or HeadingReader()
    lines = [normalize_markers(line) for line in normalize_text(text).split("\n")]
    explicit = {index: level for index, level, _ in iter_headings(lines)}
    out: list[str] = []
    body: list[str] = []

    def flush_body() -> None:
        out.extend(tidy_lists(body))
        body.clear()

    for index, line in enumerate(lines):
        if index in explicit:
            reader.explicit(explicit[index])
            flush_body()
            out.extend(["", line.strip(), ""])
            continue
        heading = None
        if line.strip() and _indent(line) == 0:
            following = next((ln for ln in lines[index + 1 :] if ln.strip()), None)
            heading = reader.read(line.strip(), following)
        if heading is None:
            body.append(line)
            continue
        flush_body()
        out.extend(["", "#" * heading.level + " " + heading.title, ""])
    flush_body()
    return "\n".join(out)


def load_text(text: str, *, filename: str, space: str, doc_id: str | None = None, fmt: str = "text") -> Document:
    sections = markdown_to_sections(text_to_markdown(text))
    return build_document(sections, filename=filename, space=space, doc_id=doc_id, fmt=fmt)
