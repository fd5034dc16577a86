"""The kb/ folder as a catalog of spaces.

A space is a folder ``kb/<space>/`` (see kb/README.md). This module only
finds spaces and reads their files; each stage validates its own file
(macros here, ``sla.yaml``/``procedures.yaml`` in suggest, ``rules.yaml`` in
check) through :meth:`Catalog.read_yaml`, which turns YAML errors into
``InvalidKnowledge`` naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from copilot.errors import InvalidKnowledge, UnknownSpace
from copilot.kb.documents import Document
from copilot.kb.macros import Macros

SPACE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
SHARED_DIR = "_base"  # rules and defaults every space inherits


@dataclass(frozen=True)
class Space:
    id: str
    path: Path
    name: str
    config: dict[str, Any]


class Catalog:
    """Read access to ``kb_dir``; cheap to build, reads files on demand."""

    def __init__(self, kb_dir: Path) -> None:
        self.kb_dir = Path(kb_dir)

    @cached_property
    def _spaces(self) -> dict[str, Space]:
        found: dict[str, Space] = {}
        if not self.kb_dir.is_dir():
            return found
        for path in sorted(self.kb_dir.iterdir()):
            if path.is_dir() and SPACE_ID.match(path.name) and (path / "space.yaml").is_file():
                config = self._read(path / "space.yaml") or {}
                found[path.name] = Space(path.name, path, str(config.get("name", path.name)), config)
        return found

    def space_ids(self) -> list[str]:
        return list(self._spaces)

    def space(self, space_id: str) -> Space:
        try:
            return self._spaces[space_id]
        except KeyError:
            raise UnknownSpace(space_id) from None

    def document_paths(self, space_id: str) -> list[Path]:
        from copilot.kb.loaders import SUPPORTED_SUFFIXES

        docs = self.space(space_id).path / "docs"
        if not docs.is_dir():
            return []
        return sorted(p for p in docs.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)

    def documents(self, space_id: str) -> list[Document]:
        from copilot.kb.loaders import load_path

        return [load_path(p, space=space_id) for p in self.document_paths(space_id)]

    def macros(self, space_id: str) -> Macros:
        return self.read_model(space_id, "macros.yaml", Macros) or Macros()

    def read_yaml(self, space_id: str, name: str) -> Any | None:
        """The parsed YAML of ``kb/<space>/<name>``, or None when the file is absent."""
        path = self.space(space_id).path / name
        return self._read(path) if path.is_file() else None

    def read_shared_yaml(self, name: str) -> Any | None:
        path = self.kb_dir / SHARED_DIR / name
        return self._read(path) if path.is_file() else None

    def read_model(self, space_id: str, name: str, model: type[BaseModel]) -> Any | None:
        """Parse and validate ``kb/<space>/<name>`` with a pydantic model."""
        data = self.read_yaml(space_id, name)
        if data is None:
            return None
        return validate_model(self.space(space_id).path / name, data, model)

    @staticmethod
    def _read(path: Path) -> Any:
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            raise InvalidKnowledge(str(path), f"YAML inválido: {getattr(exc, 'problem', exc)}", line=line) from None
        except UnicodeDecodeError:
            raise InvalidKnowledge(str(path), "o arquivo não está em UTF-8") from None


def validate_model(path: Path, data: Any, model: type[BaseModel]) -> Any:
    """Validate parsed YAML; the first error names the field path."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise InvalidKnowledge(str(path), first["msg"], field=field) from None
