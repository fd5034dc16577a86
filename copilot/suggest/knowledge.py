"""Everything ``suggest`` needs of one space, read and embedded once per process.

Macros, procedures (``procedures.yaml``) and the meaning indexes over
checklists, templates and procedures are built on the first request for a
space (or by ``Suggester.warm``) and reused: per request only the ticket is
embedded.
"""

from __future__ import annotations

from dataclasses import dataclass

from copilot.errors import InvalidKnowledge
from copilot.kb.catalog import Catalog, validate_model
from copilot.kb.macros import Checklist, Macros, ReplyTemplate
from copilot.retrieval.base import Embedder
from copilot.suggest.meaning import MeaningIndex, probe_vectors
from copilot.suggest.procedures import Procedure, ProcedureBook
from copilot.suggest.templates import TemplateFiller

PROCEDURES_FILE = "procedures.yaml"


def _texts(when_to_use: str, examples: list[str], title: str = "") -> list[str]:
    return [t for t in [when_to_use, *examples] if t.strip()] or ([title] if title else [])


@dataclass
class SpaceKnowledge:
    space: str
    macros: Macros
    book: ProcedureBook
    checklists: MeaningIndex
    templates: MeaningIndex
    procedures: MeaningIndex
    scope: MeaningIndex  # every checklist, template and procedure: does the ticket concern this space at all?
    filler: TemplateFiller

    def checklist(self, checklist_id: str) -> Checklist | None:
        return next((c for c in self.macros.checklists if c.id == checklist_id), None)

    def template(self, template_id: str) -> ReplyTemplate | None:
        return next((t for t in self.macros.templates if t.id == template_id), None)

    def procedure(self, procedure_id: str) -> Procedure | None:
        return next((p for p in self.book.procedures if p.id == procedure_id), None)


def load_knowledge(catalog: Catalog, space: str, embedder: Embedder) -> SpaceKnowledge:
    macros = catalog.macros(space)
    data = catalog.read_yaml(space, PROCEDURES_FILE)
    path = catalog.space(space).path / PROCEDURES_FILE
    book = ProcedureBook() if data is None else validate_model(path, data, ProcedureBook)
    _check_references(str(path), book, macros)
    probes = probe_vectors(embedder)
    checklist_items = [(c.id, _texts(c.when_to_use, c.examples, c.title)) for c in macros.checklists]
    template_items = [(t.id, _texts(t.when_to_use, t.examples, t.title)) for t in macros.templates]
    procedure_items = [(p.id, _texts(p.when_to_use, p.examples)) for p in book.procedures if p.applies == "by_meaning"]
    scope_texts = [text for _, texts in checklist_items + template_items + procedure_items for text in texts]
    return SpaceKnowledge(
        space=space,
        macros=macros,
        book=book,
        checklists=MeaningIndex(embedder, checklist_items, probes),
        templates=MeaningIndex(embedder, template_items, probes),
        procedures=MeaningIndex(embedder, procedure_items, probes),
        scope=MeaningIndex(embedder, [(space, scope_texts)], probes),
        filler=TemplateFiller(book.placeholders),
    )


def _check_references(path: str, book: ProcedureBook, macros: Macros) -> None:
    refs = book.referenced_ids()
    missing_templates = refs["templates"] - {t.id for t in macros.templates}
    missing_checklists = refs["checklists"] - {c.id for c in macros.checklists}
    if missing_templates:
        raise InvalidKnowledge(path, f"modelo(s) de resposta inexistente(s) em macros.yaml: {', '.join(sorted(missing_templates))}", field="template")
    if missing_checklists:
        raise InvalidKnowledge(path, f"checklist(s) inexistente(s) em macros.yaml: {', '.join(sorted(missing_checklists))}", field="checklist")
