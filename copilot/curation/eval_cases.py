"""An analyst's thumbs-down turned into a ticket eval case, appended to
``evals/tickets/<space>.yaml`` — in two clicks, without breaking the file.

The case comes from the feedback store's own export (``feedback_to_cases``):
the ticket and what the copilot said, as the analyst saw them. Either the
curator gives the right labels (the case then has exactly the keys of the
tickets suite) or it keeps ``needs_label: true`` for later. The file's text
is appended to, so its comments stay; the result is parsed again and must
hold the old cases plus the new one, or the whole file is re-dumped. The
write is atomic, under a lock per space.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from copilot.curation._files import atomic_write_text, space_lock
from copilot.errors import InvalidInput, InvalidKnowledge

CASE_KEYS = ("id", "lang", "branch", "now", "ticket", "expected", "nothing_fits")
MAX_PHRASE = 90


@dataclass(frozen=True)
class CaseLabels:
    """What the copilot should have answered, as the curator says it."""

    checklist: str | None = None
    template: str | None = None  # a literal phrase of the right reply template's body
    next_step: list[str] = field(default_factory=list)  # short literal phrases of the right step
    next_step_section: str = ""
    articles: list[str] = field(default_factory=list)
    nothing_fits: bool = False

    def expected(self) -> dict[str, Any]:
        if self.nothing_fits:
            return {"checklist": None, "template": None, "next_step": None, "articles": []}
        step = {"contains": list(self.next_step), "section": self.next_step_section} if self.next_step else None
        return {"checklist": self.checklist or None, "template": self.template or None, "next_step": step,
                "articles": [a for a in self.articles if a.strip()]}


def template_phrase(body: str) -> str:
    """A short literal phrase that identifies a template: its first line, cut at a word."""
    line = next((ln.strip() for ln in body.splitlines() if ln.strip()), "")
    return line if len(line) <= MAX_PHRASE else line[:MAX_PHRASE].rsplit(" ", 1)[0]


def case_from_feedback(record, labels: CaseLabels | None = None) -> dict[str, Any]:
    """One case from one feedback record; ``labels`` None keeps ``needs_label: true``."""
    from copilot.storage.cases import feedback_to_cases

    exported = feedback_to_cases([record])
    if not exported:
        raise InvalidInput("Esta avaliação não é sobre uma sugestão (checklist, modelo, passo ou artigo).",
                           en="This feedback is not about a suggestion.")
    case = exported[0]
    if labels is None:
        case["needs_label"] = True
        return case
    labelled = {key: case[key] for key in CASE_KEYS}
    labelled["expected"] = labels.expected()
    labelled["nothing_fits"] = labels.nothing_fits
    labelled["branch"] = "avaliação de analista, rotulada pela curadoria"
    return labelled


class _CaseDumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_CaseDumper.add_representer(str, _text)


def _dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_CaseDumper, allow_unicode=True, sort_keys=False, width=110)


def append_ticket_case(evals_dir: Path, space: str, case: dict[str, Any], lock_dir: Path) -> str:
    """Append ``case`` to ``<evals_dir>/tickets/<space>.yaml``; returns the id it got (unique in the file)."""
    path = Path(evals_dir) / "tickets" / f"{space}.yaml"
    with space_lock(lock_dir, f"evals-{space}"):
        text = path.read_text(encoding="utf-8") if path.is_file() else f"space: {space}\ncases:\n"
        data = _parse(path, text)
        cases = list(data.get("cases") or [])
        taken = {str(c.get("id")) for c in cases if isinstance(c, dict)}
        case = dict(case)
        base_id, n = str(case["id"]), 2
        while str(case["id"]) in taken:
            case["id"], n = f"{base_id}-{n}", n + 1
        case = json.loads(json.dumps(case, ensure_ascii=False, default=str))  # plain data only
        appended = _append_text(text, case)
        if appended is None or (_parse(path, appended).get("cases") or []) != cases + [case]:
            appended = _dump({**data, "space": data.get("space", space), "cases": cases + [case]})
        atomic_write_text(path, appended)
    return str(case["id"])


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidKnowledge(str(path), "YAML inválido", line=mark.line + 1 if mark else None) from None
    if not isinstance(data, dict) or not isinstance(data.get("cases") or [], list):
        raise InvalidKnowledge(str(path), "esperado um mapa com a lista 'cases'", field="cases")
    return data


def _append_text(text: str, case: dict[str, Any]) -> str | None:
    """The file's text with the case added at the end of ``cases`` (the last key, in block style)."""
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode) or not root.value or root.value[-1][0].value != "cases":
        return None
    items = root.value[-1][1]
    if isinstance(items, yaml.SequenceNode):
        if items.flow_style:
            return None
        indent = max(0, items.value[0].start_mark.column - 2) if items.value else 2
    elif isinstance(items, yaml.ScalarNode) and items.value in ("", "~", "null"):
        if items.value:  # an explicit null after "cases:" cannot take items
            return None
        indent = 2
    else:
        return None
    block = "".join(" " * indent + line + "\n" for line in _dump([case]).splitlines())
    return text.rstrip("\n") + "\n\n" + block
