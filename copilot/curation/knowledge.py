"""A space's YAML knowledge (macros, procedures, rules, SLA) checked before it is saved.

Each candidate text goes through the very loaders the server uses
(``Catalog.macros``, ``load_rulebook`` with the shared base merged in,
``SlaCalculator.policy``, the procedures schema and its references to
macros.yaml), run on a throw-away copy of the space with the candidate in
place. The first problem comes back as ``InvalidKnowledge`` naming the file
(``<space>/<name>``), the line and the field. ``save_knowledge_file`` writes
only a text that validated, atomically, under the space's lock: a file that
does not validate never replaces a good one.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import yaml

from copilot.curation._files import atomic_write_text, space_lock
from copilot.errors import InvalidInput, InvalidKnowledge
from copilot.kb.catalog import SHARED_DIR, Catalog, validate_model

KNOWLEDGE_FILES = ("macros.yaml", "procedures.yaml", "rules.yaml", "sla.yaml")
LABELS = {"macros.yaml": "Checklists e modelos de resposta", "procedures.yaml": "Procedimentos (passos)",
          "rules.yaml": "Regras de conduta", "sla.yaml": "Política de SLA"}
MAX_KNOWLEDGE_CHARS = 512 * 1024


def knowledge_path(catalog: Catalog, space: str, name: str) -> Path:
    if name not in KNOWLEDGE_FILES:
        raise InvalidInput(f"Arquivo de conhecimento desconhecido '{name}'; use um de: {', '.join(KNOWLEDGE_FILES)}.",
                           en=f"Unknown knowledge file '{name}'.", field="name")
    return catalog.space(space).path / name


def read_knowledge_file(catalog: Catalog, space: str, name: str) -> str:
    path = knowledge_path(catalog, space, name)
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def line_of(text: str, field: str | None) -> int | None:
    """The 1-based line where a dotted field path (``procedures.0.steps.2.when``) starts in YAML text."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    for part in (field or "").split(".") if field else []:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            found = node.value[int(part)]
        else:
            found = None
        if found is None:  # a missing key: the error is about the mapping that lacks it
            break
        node = found
    return node.start_mark.line + 1


def line_of_value(text: str, field: str, values: list[str]) -> int | None:
    """The first line where ``field: <one of values>`` is written (a reference to a missing id)."""
    for number, line in enumerate(text.splitlines(), start=1):
        for value in values:
            if re.match(rf"^\s*(?:-\s*)?{re.escape(field)}\s*:\s*['\"]?{re.escape(value)}['\"]?\s*(?:#.*)?$", line):
                return number
    return None


_PT = (
    (re.compile(r"^Field required$"), "campo obrigatório ausente"),
    (re.compile(r"^Extra inputs are not permitted$"), "campo não previsto no formato (nome digitado errado?)"),
    (re.compile(r"^Input should be a valid string$"), "deve ser um texto"),
    (re.compile(r"^Input should be a valid list$"), "deve ser uma lista"),
    (re.compile(r"^Input should be a valid dictionary.*$"), "deve ser um mapa (chave: valor)"),
    (re.compile(r"^Input should be a valid (number|integer).*$"), "deve ser um número"),
    (re.compile(r"^Input should be a valid boolean.*$"), "deve ser true ou false"),
    (re.compile(r"^Input should be greater than (\S+)$"), r"deve ser maior que \1"),
    (re.compile(r"^Input should be (.+)$"), r"valor inválido: deve ser \1"),
    (re.compile(r"^Value error, (.+)$"), r"\1"),
)


def in_portuguese(problem: str) -> str:
    """Pydantic's English messages, as a curator reads them."""
    for pattern, replacement in _PT:
        if pattern.match(problem):
            return pattern.sub(replacement, problem).replace(" or ", " ou ")
    return problem


def validate_knowledge(catalog: Catalog, space: str, name: str, text: str) -> None:
    """Raise ``InvalidKnowledge(<space>/<name>, problem, line, field)`` unless ``text`` would load."""
    shown = f"{space}/{name}"
    knowledge_path(catalog, space, name)
    if len(text) > MAX_KNOWLEDGE_CHARS:
        raise InvalidKnowledge(shown, "o arquivo passa de 512 KB")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidKnowledge(shown, f"YAML inválido: {getattr(exc, 'problem', None) or exc}",
                               line=mark.line + 1 if mark is not None else None) from None
    if data is not None and not isinstance(data, dict):
        raise InvalidKnowledge(shown, "o arquivo deve ser um mapeamento YAML (chave: valor)", line=1)
    with tempfile.TemporaryDirectory(prefix="copilot-kb-check-") as tmp:
        overlay = _overlay(catalog, space, name, text, Path(tmp))
        try:
            _load(overlay, space, name)
        except InvalidKnowledge as exc:
            raise _relocated(exc, overlay, text, shown) from None


def save_knowledge_file(catalog: Catalog, space: str, name: str, text: str, lock_dir: Path) -> Path:
    """Validate, then atomically replace ``kb/<space>/<name>``; returns the path written."""
    text = text.replace("\r\n", "\n")
    if text and not text.endswith("\n"):
        text += "\n"
    path = knowledge_path(catalog, space, name)
    with space_lock(lock_dir, space):
        validate_knowledge(catalog, space, name, text)
        atomic_write_text(path, text)
    return path


def _overlay(catalog: Catalog, space: str, name: str, text: str, root: Path) -> Catalog:
    """A copy of the space's YAML files (and the shared base) with the candidate in place."""
    source = catalog.space(space).path
    target = root / space
    target.mkdir(parents=True)
    for file in ("space.yaml", *KNOWLEDGE_FILES):
        if (source / file).is_file():
            shutil.copyfile(source / file, target / file)
    (target / name).write_text(text, encoding="utf-8")
    shared = catalog.kb_dir / SHARED_DIR
    if shared.is_dir():
        shutil.copytree(shared, root / SHARED_DIR)
    return Catalog(root)


def _load(overlay: Catalog, space: str, name: str) -> None:
    if name in ("macros.yaml", "procedures.yaml"):
        macros = overlay.macros(space)
        from copilot.suggest.knowledge import PROCEDURES_FILE, _check_references
        from copilot.suggest.procedures import ProcedureBook

        data = overlay.read_yaml(space, PROCEDURES_FILE)
        if data is not None:
            path = overlay.space(space).path / PROCEDURES_FILE
            _check_references(str(path), validate_model(path, data, ProcedureBook), macros)
    elif name == "rules.yaml":
        from copilot.check.rules import load_rulebook

        load_rulebook(overlay, space)
    elif name == "sla.yaml":
        from copilot.suggest.sla import SlaCalculator

        SlaCalculator(overlay).policy(space)


def _relocated(exc: InvalidKnowledge, overlay: Catalog, text: str, shown: str) -> InvalidKnowledge:
    """The overlay's error, named as the curator knows the file, with a line when the loader gave none."""
    path, line, field = str(exc.fields.get("path")), exc.fields.get("line"), exc.fields.get("field")
    where = path + (f", linha {line}" if line else "") + (f", campo '{field}'" if field else "")
    problem = exc.message[len(where) + 2:] if exc.message.startswith(where) else exc.message
    file_name = Path(path).name
    relative = Path(path).resolve().relative_to(overlay.kb_dir.resolve()).as_posix() \
        if Path(path).resolve().is_relative_to(overlay.kb_dir.resolve()) else file_name
    if field and Path(path).name == "rules.yaml":
        own = _unmerged_field(overlay, relative.split("/")[0], field)
        line, field = (None, own) if own != field else (line, field)
    if relative == shown:
        file_text = text
    else:
        candidate = overlay.kb_dir / relative
        file_text = candidate.read_text(encoding="utf-8") if candidate.is_file() else ""
    if line is None and field:
        missing = problem.rsplit(": ", 1)[-1].split(", ") if "inexistente" in problem else []
        line = line_of_value(file_text, field, missing) or line_of(file_text, field)
    return InvalidKnowledge(relative, in_portuguese(problem), line=line, field=field or None)


def _unmerged_field(overlay: Catalog, space: str, field: str) -> str:
    """A rules field as the space's file numbers it: lists merged by id (``custom``,
    ``policy_facts``) put the base's items first, so item N of the merge is not item N of the file."""
    parts = field.split(".")
    for i, part in enumerate(parts[:-1]):
        if part in ("custom", "policy_facts") and parts[i + 1].isdigit():
            def items(data) -> list:
                for key in parts[:i + 1]:
                    data = data.get(key) if isinstance(data, dict) else None
                return data if isinstance(data, list) else []

            base = items(overlay.read_shared_yaml("rules.yaml") or {})
            own = items(overlay.read_yaml(space, "rules.yaml") or {})
            merged = [item.get("id") if isinstance(item, dict) else None for item in base]
            merged += [item.get("id") for item in own if isinstance(item, dict) and item.get("id") not in merged]
            n = int(parts[i + 1])
            wanted = merged[n] if n < len(merged) else None
            index = next((j for j, item in enumerate(own) if isinstance(item, dict) and item.get("id") == wanted), None)
            if index is not None:
                parts[i + 1] = str(index)
    return ".".join(parts)


def describe_problem(exc: InvalidKnowledge) -> dict[str, object]:
    """File, line, field and the problem alone, for a page that shows them apart."""
    path, line, field = exc.fields.get("path"), exc.fields.get("line"), exc.fields.get("field")
    where = str(path) + (f", linha {line}" if line else "") + (f", campo '{field}'" if field else "")
    problem = exc.message[len(where) + 2:] if exc.message.startswith(where + ": ") else exc.message
    return {"path": path, "line": line, "field": field, "problem": problem, "message": exc.message}
