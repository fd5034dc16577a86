"""Sectioned documents → quotable chunks.

A chunk answers "where does this come from?" with its section path, so it
never spans two sections. A section that is a numbered procedure is cut per
top-level step ("Passo a Passo › Bloco 1 - Análise inicial › 2"), nested
bullets kept with their step, tiny neighbouring steps merged ("› 1–3").
Other sections are packed from whole blocks: an intro line ending in ":" (or
a question) stays with what follows it, a list stays together, a table
repeats its header row in each piece. Anything still too long is cut at
paragraph, then line, then sentence, then word boundaries — never inside a
word (unless one "word" alone exceeds ``max_chars``).

``fixed_size_chunks`` is the naive baseline the evals compare against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.kb.documents import SECTION_SEPARATOR, Chunk, Document, Section

_STEP = re.compile(r"^(\d{1,3})[.)]\s")
_FLUSH_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…;])\s+(?=\S)")
_TABLE_SEPARATOR = re.compile(r"^\s*\|\s*:?-{3,}")
_LEAD_IN = (":", "?")
RANGE_DASH = "–"
TINY_STEP_SHARE = 6  # a step shorter than target_chars / 6 may share a chunk


@dataclass
class _Unit:
    """A flush-left line with the indented lines that belong to it."""

    kind: str  # "step" | "item" | "table" | "para"
    lines: list[str]
    gap_before: bool = False  # a blank line precedes it
    number: str = ""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    gap = False
    for line in text.split("\n"):
        if not line.strip():
            gap = bool(units)
            continue
        flush = not line[:1].isspace()
        is_row = line.lstrip().startswith("|")
        if is_row and units and units[-1].kind == "table" and not gap:
            units[-1].lines.append(line)
        elif not flush and units and not gap:
            units[-1].lines.append(line)
        elif is_row:
            units.append(_Unit("table", [line], gap))
        elif flush and (match := _STEP.match(line)):
            units.append(_Unit("step", [line], gap, match.group(1)))
        elif flush and _FLUSH_ITEM.match(line):
            units.append(_Unit("item", [line], gap))
        elif not flush and units and units[-1].kind in ("step", "item"):
            units[-1].lines.extend(["", line])  # a loose continuation of a list item
        else:
            units.append(_Unit("para", [line], gap))
        gap = False
    return units


def _join(units: list[_Unit]) -> str:
    parts: list[str] = []
    for unit in units:
        if parts:
            parts.append("\n\n" if unit.gap_before else "\n")
        parts.append(unit.text)
    return "".join(parts)


def _blocks(units: list[_Unit]) -> list[list[_Unit]]:
    """Units that must travel together: a list's items, a lead-in and what it introduces."""
    blocks: list[list[_Unit]] = []
    for unit in units:
        previous = blocks[-1] if blocks else None
        same_list = previous and unit.kind in ("item", "step") and previous[-1].kind in ("item", "step")
        introduced = previous and previous[-1].text.rstrip().endswith(_LEAD_IN)
        if previous is not None and (same_list or introduced):
            previous.append(unit)
        else:
            blocks.append([unit])
    return blocks


def _split_long(text: str, soft: int, hard: int, level: int = 0) -> list[str]:
    """Cut one over-long text at the coarsest boundary that works:
    blank lines, line breaks, sentence ends, spaces; hard cut only for a
    single word longer than ``hard``."""
    if len(text) <= hard:
        return [text]
    if level == 0 and any(_TABLE_SEPARATOR.match(line) for line in text.split("\n")):
        return _split_table(text, soft, hard)
    separators = [("\n\n", "\n\n"), ("\n", "\n"), (_SENTENCE_BREAK, " "), (re.compile(r"\s+"), " ")]
    if level >= len(separators):
        return [text[i : i + hard] for i in range(0, len(text), hard)]
    pattern, glue = separators[level]
    parts = re.split(pattern, text) if isinstance(pattern, re.Pattern) else text.split(pattern)
    parts = _glue_lead_ins([p for p in parts if p.strip()], glue, hard)
    if len(parts) == 1:
        return _split_long(text, soft, hard, level + 1)
    pieces: list[str] = []
    for part in parts:
        pieces.extend(_split_long(part, soft, hard, level + 1))
    return _pack([(p, glue) for p in pieces], soft, hard)


def _glue_lead_ins(parts: list[str], glue: str, hard: int) -> list[str]:
    """A part ending in ":" or "?" is joined to the part it introduces, room permitting."""
    out: list[str] = []
    for part in parts:
        if out and out[-1].rstrip().endswith(_LEAD_IN) and len(out[-1]) + len(glue) + len(part) <= hard:
            out[-1] = f"{out[-1]}{glue}{part}"
        else:
            out.append(part)
    return out


def _split_table(text: str, soft: int, hard: int) -> list[str]:
    """Rows packed under a copy of the header row (and separator); a lead-in
    before the table rides with the first piece."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("|"))
    stop = start + 2 if start + 1 < len(lines) and _TABLE_SEPARATOR.match(lines[start + 1]) else start + 1
    head = "\n".join(lines[start:stop])
    room_soft, room_hard = max(soft - len(head) - 1, 1), max(hard - len(head) - 1, 1)
    rows = [piece for row in lines[stop:] for piece in _split_long(row, room_soft, room_hard, 1)]
    out = [f"{head}\n{group}" for group in _pack([(row, "\n") for row in rows], room_soft, room_hard)] or [head]
    intro = "\n".join(lines[:start])
    if not intro:
        return out
    if len(intro) + 1 + len(out[0]) <= hard:
        return [f"{intro}\n{out[0]}", *out[1:]]
    return [*_split_long(intro, soft, hard, 1), *out]


def _pack(pieces: list[tuple[str, str]], soft: int, hard: int) -> list[str]:
    """Greedy packing of (text, glue before it) up to ``soft`` characters;
    a tiny chunk so far may grow up to ``hard`` rather than be left alone."""
    out: list[str] = []
    current = ""
    for text, glue in pieces:
        for piece in _split_long(text, soft, hard) if len(text) > hard else [text]:
            candidate = f"{current}{glue}{piece}" if current else piece
            if not current or len(candidate) <= soft or (len(current) < soft // 4 and len(candidate) <= hard):
                current = candidate
            else:
                out.append(current)
                current = piece
    if current:
        out.append(current)
    return out


def _pack_units(blocks: list[list[_Unit]], soft: int, hard: int) -> list[str]:
    return _pack([(_join(b), "\n\n" if b[0].gap_before else "\n") for b in blocks], soft, hard)


def _number(step: list[_Unit]) -> int:
    return int(next(u.number for u in step if u.kind == "step"))


def _lead_in(units: list[_Unit]) -> list[_Unit]:
    """Pop and return the trailing line that introduces a list ("…a seguir:")."""
    return [units.pop()] if units and units[-1].text.rstrip().endswith(_LEAD_IN) else []


def _step_groups(steps: list[list[_Unit]], soft: int, hard: int) -> list[tuple[str, str]]:
    """One list's steps → (label, text); tiny neighbours merge into "1–3"."""
    def tiny(step: list[_Unit]) -> bool:  # a one-liner without sub-items (its lead-in aside)
        text = _join(step[next(i for i, u in enumerate(step) if u.kind == "step") :])
        return len(text) <= soft // TINY_STEP_SHARE and "\n" not in text

    groups: list[list[list[_Unit]]] = []
    for step in steps:
        size = len(_join(step))
        merged = len(_join([u for s in groups[-1] for u in s])) if groups else 0
        if groups and tiny(step) and all(map(tiny, groups[-1])) and merged + size < soft:
            groups[-1].append(step)
        else:
            groups.append([step])
    out: list[tuple[str, str]] = []
    for group in groups:
        numbers = [_number(s) for s in group]
        label = str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}{RANGE_DASH}{numbers[-1]}"
        text = _join([u for s in group for u in s])
        out.extend((label, piece) for piece in _split_long(text, soft, hard))
    return out


def _procedure(units: list[_Unit], soft: int, hard: int) -> list[tuple[str, str]]:
    """(step label or "", text) pieces of a section made of numbered lists.

    Notes between step N and step N+1 stay with step N; prose after a list
    (or before a restarted numbering) is the section's own, except a lead-in
    line, which goes with the list it introduces."""
    out: list[tuple[str, str]] = []
    steps: list[list[_Unit]] = []
    pending: list[_Unit] = []

    def prose() -> None:
        if pending:
            out.extend(("", text) for text in _pack_units(_blocks(pending), soft, hard))
            pending.clear()

    for unit in units:
        if unit.kind == "step":
            if steps and int(unit.number) == _number(steps[-1]) + 1:
                steps[-1].extend(pending)
                pending.clear()
                steps.append([unit])
                continue
            out.extend(_step_groups(steps, soft, hard))
            intro = _lead_in(pending)
            prose()
            steps = [[*intro, unit]]
        elif steps and not pending and unit.kind != "para" and not unit.gap_before:
            steps[-1].append(unit)  # a bullet or table right under the step
        else:
            pending.append(unit)
    out.extend(_step_groups(steps, soft, hard))
    prose()
    return out


def _chunk_section(section: Section, soft: int, hard: int) -> list[tuple[str, str]]:
    units = _units(section.text)
    if not units:
        return []
    if sum(u.kind == "step" for u in units) >= 2:
        pieces = _procedure(units, soft, hard)
    else:
        pieces = [("", text) for text in _pack_units(_blocks(units), soft, hard)]
    label = section.label
    out = []
    for step, text in pieces:
        path = SECTION_SEPARATOR.join(p for p in (label, step) if p)
        text = text.strip("\n").rstrip()
        if text.strip():
            out.append((path, text))
    return out


def chunk_document(doc: Document, *, target_chars: int = 900, max_chars: int = 1500) -> list[Chunk]:
    """Heading-aware chunks of ``doc``, in document order (``ordinal``)."""
    if target_chars <= 0 or max_chars < target_chars:
        raise ValueError("need 0 < target_chars <= max_chars")
    pieces = [p for section in doc.sections for p in _chunk_section(section, target_chars, max_chars)]
    return [
        Chunk(space=doc.space, doc_id=doc.id, title=doc.title, kind=doc.kind, section=path, text=text, ordinal=i)
        for i, (path, text) in enumerate(pieces)
    ]


def fixed_size_chunks(doc: Document, size: int = 1000) -> list[Chunk]:
    """Naive baseline: fixed windows over the whole text, blind to headings
    and words (it may cut mid-word: that is what it is there to show)."""
    text = doc.text
    windows = [text[i : i + size] for i in range(0, len(text), size)]
    return [
        Chunk(space=doc.space, doc_id=doc.id, title=doc.title, kind=doc.kind, section="", text=w, ordinal=i)
        for i, w in enumerate(w for w in windows if w.strip())
    ]
