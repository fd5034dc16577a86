"""Markdown with YAML front matter — the curated kb format and the shared core.

Every other loader converts its input into Markdown-ish lines (``#``
headings, ``1.`` steps, ``  - `` nested bullets, ``|`` tables) and ends here,
so heading paths are computed by one function for all formats.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import yaml

from copilot.errors import InvalidInput
from copilot.kb.documents import Document, Section
from copilot.kb.loaders._common import build_document, clean_heading, normalize_text

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_BULLET = re.compile(r"^(\s*)[*+•◦▪·●][ \t]+")


def split_front_matter(text: str, filename: str = "") -> tuple[dict[str, object], str]:
    """``---`` YAML ``---`` at the top → (mapping, body). No front matter → ({}, text)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (linha {mark.line + 2})" if mark is not None else ""
        raise InvalidInput(
            f"O cabeçalho YAML de '{filename}' é inválido{where}.", file=filename
        ) from None
    if not isinstance(meta, dict):
        raise InvalidInput(f"O cabeçalho YAML de '{filename}' deve ser um mapa de campos.", file=filename)
    return meta, text[match.end():]


def _tidy(lines: Iterable[str]) -> str:
    """Body text of one section: bullets as ``-``, at most one blank line in a row."""
    out: list[str] = []
    for line in lines:
        line = _BULLET.sub(r"\1- ", line.rstrip())
        if not line.strip():
            if out and out[-1]:
                out.append("")
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def iter_headings(lines: list[str]) -> Iterable[tuple[int, int, str]]:
    """(line index, level, text) of every ATX or ``===`` heading outside code fences."""
    in_fence = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        match = _ATX_HEADING.match(line)
        if match and match.group(2).strip():
            yield i, len(match.group(1)), match.group(2)
        elif (
            i + 1 < len(lines)
            and _SETEXT_H1.match(lines[i + 1])
            and line.strip()
            and not line.startswith((" ", "-", "|"))
            and (i == 0 or not lines[i - 1].strip())
        ):
            yield i, 1, line


def markdown_to_sections(body: str) -> tuple[Section, ...]:
    """Markdown body → ordered sections; a heading's path is its ancestors'
    titles plus its own. Text before the first heading gets the empty path;
    headings without body are kept (as empty sections) so paths stay whole."""
    lines = normalize_text(body).split("\n")
    headings = list(iter_headings(lines))
    skip = {i + 1 for i, _, _ in headings if i + 1 < len(lines) and _SETEXT_H1.match(lines[i + 1])}
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    starts = [i for i, _, _ in headings] + [len(lines)]
    lead = _tidy(lines[: starts[0]])
    if lead:
        sections.append(Section((), lead))
    for (index, level, raw), end in zip(headings, starts[1:]):
        title = clean_heading(raw)
        if not title:
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        text = _tidy(line for j, line in enumerate(lines[index + 1 : end], index + 1) if j not in skip)
        sections.append(Section(tuple(t for _, t in stack), text))
    return tuple(sections)


def load_markdown(text: str, *, filename: str, space: str, doc_id: str | None = None) -> Document:
    meta, body = split_front_matter(normalize_text(text), filename)
    return build_document(
        markdown_to_sections(body), filename=filename, space=space, doc_id=doc_id, meta=meta, fmt="markdown"
    )
