"""Confluence HTML exports → Markdown-ish lines → sections.

Real exports are a mix: proper tags (``<h2>``, ``<p>``, ``<ol><li>``,
``<table>``) next to stretches of pre-rendered plain text with their own
indentation, plus page furniture (``<style>`` blocks, a table-of-contents
list of in-page links, macro parameters such as ``deck.tab.active.background
= #699AE7``). Tags become Markdown, loose text keeps its lines, furniture is
dropped, and the result goes through the plain-text heading reader so that
headings written as bare lines ("1 - Revisão de dados dos tickets.") count
as much as ``<hN>`` ones.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Doctype, ProcessingInstruction

from copilot.kb.documents import Document
from copilot.kb.loaders._common import build_document
from copilot.kb.loaders.markdown import markdown_to_sections
from copilot.kb.loaders.text import text_to_markdown

_DROPPED = {"style", "script", "head", "title", "noscript", "template", "svg", "nav", "button", "iframe"}
_BLOCKS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote",
    "pre", "figure", "figcaption", "dl", "dt", "dd", "form", "fieldset", "center", "address",
}
_STRUCTURE = ["p", "div", "ul", "ol", "table", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"]
_HTML_TAG = re.compile(
    r"<(?:!doctype|html|head|body|style|script|div|p|ul|ol|li|table|tr|td|h[1-6]|span|br|font|a)\b[^>]*>",
    re.IGNORECASE,
)
# "deck.tab.active.background = #699AE7": a macro parameter leaked into the text.
_MACRO_PARAMETER = re.compile(r"^\s*[a-z][\w-]*(?:\.[\w-]+)+\s*=\s*\S*\s*$", re.IGNORECASE)
# Titles of table-of-contents blocks (generic Portuguese and English words).
TOC_TITLES = {"índice", "indice", "sumário", "sumario", "conteúdo", "nesta página", "contents", "table of contents"}
_FURNITURE = re.compile(r"breadcrumb|footer|page-metadata|navigation|sidebar|toc-macro|\btoc\b", re.IGNORECASE)
_SPACE_RUN = re.compile(r"\s+")


def looks_like_html(text: str) -> bool:
    """True for an HTML export, even one saved as .txt: several real tags near the top."""
    return len(_HTML_TAG.findall(text[:20000])) >= 3


def _text_of(node: Tag, line_breaks: bool = False) -> str:
    """Text as a browser shows it: inline tags glue ("<i>Aberto</i>." → "Aberto."),
    block tags separate; ``<br>`` is a newline when ``line_breaks``."""
    parts: list[str] = []
    for element in node.descendants:
        if isinstance(element, (Comment, Doctype, ProcessingInstruction)):
            continue
        if isinstance(element, NavigableString):
            if not (element.parent and element.parent.name in _DROPPED):
                parts.append(str(element))
        elif element.name == "br":
            parts.append("\n" if line_breaks else " ")
        elif element.name in _BLOCKS or element.name in ("li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6"):
            parts.append(" ")
    return "".join(parts)


def _inline(node: Tag | NavigableString) -> str:
    text = _text_of(node) if isinstance(node, Tag) else str(node)
    return _SPACE_RUN.sub(" ", text).strip()


def _is_furniture(tag: Tag) -> bool:
    """Breadcrumbs, page footers, TOC macros: marked as such by id or class."""
    marks = " ".join([str(tag.get("id") or ""), *(tag.get("class") or [])])
    return bool(marks.strip()) and bool(_FURNITURE.search(marks))


def _leaf_lines(tag: Tag) -> list[str]:
    """A paragraph-like element as lines: ``<br>`` breaks, other whitespace collapses."""
    return [_SPACE_RUN.sub(" ", line).strip() for line in _text_of(tag, line_breaks=True).split("\n")]


def _is_navigation(lst: Tag) -> bool:
    """A list of in-page links (a table of contents) or the TOC's own title."""
    items = [li for li in lst.find_all("li") if _inline(li)]
    if not items:
        return True
    if len(items) == 1 and _inline(items[0]).lower() in TOC_TITLES:
        return True
    links = lst.find_all("a", href=True)
    linked = " ".join(_inline(a) for a in links if a["href"].startswith("#"))
    return bool(links) and len(linked) >= 0.8 * len(_inline(lst))


class _Renderer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def block(self, text: str) -> None:
        if text:
            self.lines.extend(["", text, ""])

    def render(self, node: Tag, depth: int = 0) -> None:
        for child in node.children:
            if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                self._loose_text(str(child), top_level=node.name in ("[document]", "html", "body"))
            elif isinstance(child, Tag):
                self._tag(child, depth)

    def _loose_text(self, text: str, top_level: bool) -> None:
        if top_level:  # pre-rendered text: its line breaks and indentation are structure
            self.lines.extend(text.split("\n"))
        elif text.strip():
            self.lines.append(_SPACE_RUN.sub(" ", text).strip())

    def _tag(self, tag: Tag, depth: int) -> None:
        name = tag.name.lower()
        if name in _DROPPED or _is_furniture(tag):
            return
        if re.fullmatch(r"h[1-6]", name):
            self.block("#" * int(name[1]) + " " + _inline(tag))
        elif name in ("ul", "ol"):
            if depth or not _is_navigation(tag):
                self._list(tag, depth)
                self.lines.append("")
        elif name == "table" and not tag.find(["ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6"]):
            self._table(tag)
        elif name == "pre":
            self.lines.extend(["", *tag.get_text().split("\n"), ""])
        elif name == "br":
            self.lines.append("")
        elif name == "hr":
            self.lines.append("")
        elif tag.find(_STRUCTURE):  # a container, including a layout table
            self.lines.append("")
            self.render(tag, depth)
            self.lines.append("")
        elif name in _BLOCKS:
            self.lines.extend(["", *_leaf_lines(tag), ""])
        else:
            self.lines.append(_inline(tag))

    def _list(self, lst: Tag, depth: int) -> None:
        number = 0
        for li in lst.find_all("li", recursive=False):
            nested = li.find_all(["ul", "ol"], recursive=False)
            for sub in nested:
                sub.extract()
            number += 1
            marker = f"{number}." if lst.name == "ol" else "-"
            text = _inline(li)
            if text:
                self.lines.append("  " * depth + f"{marker} {text}")
            for sub in nested:
                self._list(sub, depth + 1)

    def _table(self, table: Tag) -> None:
        rows = [
            [_inline(cell).replace("|", "/") for cell in tr.find_all(["th", "td"])]
            for tr in table.find_all("tr")
        ]
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        width = max(len(row) for row in rows)
        lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in rows]
        lines.insert(1, "|" + "---|" * width)
        self.lines.extend(["", *lines, ""])


def html_to_text(html: str) -> str:
    """HTML export → Markdown-ish text (``#`` headings, lists, tables, loose lines)."""
    renderer = _Renderer()
    renderer.render(BeautifulSoup(html, "html.parser"))
    kept = [line for line in renderer.lines if not _MACRO_PARAMETER.match(line)]
    return "\n".join(kept)


def load_confluence(html: str, *, filename: str, space: str, doc_id: str | None = None) -> Document:
    head_title = BeautifulSoup(html, "html.parser").title
    title = _SPACE_RUN.sub(" ", head_title.get_text()).strip() if head_title else ""
    meta = {"title": title} if title else {}
    sections = markdown_to_sections(text_to_markdown(html_to_text(html)))
    return build_document(sections, filename=filename, space=space, doc_id=doc_id, meta=meta, fmt="confluence")
