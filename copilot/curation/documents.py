"""A space's documents as a curator manages them: list, upload, delete — each
change re-indexed at once, under the space's lock, all or nothing.

An upload is loaded with the same loaders as indexing *before* anything is
written, so a file that does not load never reaches kb/. The original bytes
are then written atomically into ``kb/<space>/docs/``; a document with the
same id is replaced (only that one). The space is re-indexed while the lock
is held; if indexing fails, the folder is put back as it was and the index
still points at the previous version, so nothing is half-done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from copilot.curation._files import atomic_write, remove_file, space_lock
from copilot.curation.uploads import check_doc_id, check_upload, safe_filename, suffix_of
from copilot.errors import CopilotError
from copilot.kb.catalog import Catalog
from copilot.kb.documents import Document
from copilot.kb.loaders import load_bytes, load_path
from copilot.retrieval.base import Embedder
from copilot.retrieval.indexer import SpaceReport, index_space
from copilot.retrieval.store import VectorStore

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class DocumentNotFound(CopilotError):
    code = "document_not_found"
    http_status = 404

    def __init__(self, space: str, doc_id: str) -> None:
        super().__init__(f"O espaço '{space}' não tem o documento '{doc_id}'.",
                         en=f"Space '{space}' has no document '{doc_id}'.", space=space, doc_id=doc_id)


@dataclass(frozen=True)
class DocumentEntry:
    """One file of ``docs/``: the document it loads as, or why it does not load."""

    path: Path
    document: Document | None
    error: str | None = None

    @property
    def doc_id(self) -> str:
        return self.document.id if self.document else self.path.stem


def _quiet(stage: str, done: int, total: int) -> None:
    return None


class Curator:
    def __init__(self, catalog: Catalog, store: VectorStore, model_id: str, embedder: Callable[[], Embedder],
                 lock_dir: Path, on_change: Callable[[str], None] | None = None) -> None:
        self.catalog, self.store, self.model_id, self.embedder = catalog, store, model_id, embedder
        self.lock_dir = Path(lock_dir)
        self.on_change = on_change or (lambda space: None)

    @classmethod
    def from_components(cls, components, on_change: Callable[[str], None] | None = None) -> "Curator":
        """Built on the process's shared stages (one model, one store)."""
        return cls(components.catalog, components.store, components.model_id, components.embedder,
                   components.settings.data_dir / "locks", on_change)

    def documents(self, space: str) -> list[DocumentEntry]:
        entries = []
        for path in self.catalog.document_paths(space):
            try:
                entries.append(DocumentEntry(path, load_path(path, space=space)))
            except CopilotError as exc:
                entries.append(DocumentEntry(path, None, exc.message))
        return sorted(entries, key=lambda e: (e.document.title.casefold() if e.document else e.path.name))

    def document(self, space: str, doc_id: str) -> DocumentEntry:
        found = next((e for e in self.documents(space) if e.doc_id == doc_id), None)
        if found is None:
            raise DocumentNotFound(space, doc_id)
        return found

    def check_upload(self, space: str, filename: str, data: bytes, content_type: str | None = None) -> Document:
        """Everything short of writing: format, size, content, loadable, a safe id. Raises CopilotError."""
        self.catalog.space(space)
        name = safe_filename(filename)
        check_upload(name, data, content_type)
        document = load_bytes(name, data, space=space)
        check_doc_id(document.id, name)
        return document

    def add_document(self, space: str, filename: str, data: bytes, content_type: str | None = None,
                     progress: Progress | None = None) -> Document:
        report = progress or _quiet
        report("validando", 0, 1)
        document = self.check_upload(space, filename, data, content_type)
        with space_lock(self.lock_dir, space):
            report("gravando", 0, 1)
            entries = self.documents(space)
            target = self._target_path(space, safe_filename(filename), document.id, entries)
            replaced = [e.path for e in entries if e.doc_id == document.id and e.path != target]
            backups = {p: p.read_bytes() for p in [*replaced, target] if p.is_file()}
            try:
                atomic_write(target, data)
                for path in replaced:
                    remove_file(path)
                self._reindex(space, report)
            except BaseException:
                self._restore(backups, created=None if target in backups else target)
                raise
        report("pronto", 1, 1)
        return document

    def delete_document(self, space: str, doc_id: str, progress: Progress | None = None) -> None:
        report = progress or _quiet
        with space_lock(self.lock_dir, space):
            paths = [e.path for e in self.documents(space) if e.doc_id == doc_id]
            if not paths:
                raise DocumentNotFound(space, doc_id)
            backups = {p: p.read_bytes() for p in paths}
            try:
                for path in paths:
                    remove_file(path)
                self._reindex(space, report)
            except BaseException:
                self._restore(backups, created=None)
                raise
        report("pronto", 1, 1)

    def reindex(self, space: str, progress: Progress | None = None) -> SpaceReport:
        with space_lock(self.lock_dir, space):
            return self._reindex(space, progress or _quiet)

    def _reindex(self, space: str, report: Progress) -> SpaceReport:
        report("indexando", 0, 1)
        result = index_space(self.catalog, self.store, space, self.model_id, self.embedder,
                             progress=lambda _space, done, total: report("indexando", done, total))
        self.on_change(space)
        return result

    def _target_path(self, space: str, name: str, doc_id: str, entries: list[DocumentEntry]) -> Path:
        """The upload keeps its own name, unless that name belongs to another document."""
        docs = self.catalog.space(space).path / "docs"
        target = docs / name
        owner = next((e for e in entries if e.path.name == name), None)
        if owner is not None and owner.doc_id != doc_id:
            target = docs / f"{doc_id}{suffix_of(name)}"
        return target

    @staticmethod
    def _restore(backups: dict[Path, bytes], created: Path | None) -> None:
        if created is not None:
            remove_file(created)
        for path, data in backups.items():
            atomic_write(path, data)
