"""Everything ``suggest`` needs of one space, read and embedded once per process.

Macros, procedures (``procedures.yaml``) and the meaning indexes over
checklists, templates, procedures and meaning-based facts are built on the
first request for a space (or by ``Suggester.warm``) and reused: per request
only the ticket is embedded.

A reply template is offered only when its wording comes from the space's own
documents (``GROUNDING_THRESHOLD`` of its 4-word sequences found there): a
reply the documents never give is not the team's model reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from copilot.errors import InvalidKnowledge
from copilot.kb.catalog import Catalog, validate_model
from copilot.kb.macros import PLACEHOLDER, Checklist, Macros, ReplyTemplate
from copilot.retrieval.base import Embedder
from copilot.suggest.articles import Passage
from copilot.suggest.meaning import MeaningIndex, ScopeGate, probe_vectors
from copilot.suggest.procedures import Procedure, ProcedureBook
from copilot.suggest.templates import TemplateFiller
from copilot.suggest.text import words

PROCEDURES_FILE = "procedures.yaml"
GROUNDING_THRESHOLD = 0.5
_SHINGLE = 4
_CLAUSE = re.compile(r"[|.!?;:\n]")


def _texts(when_to_use: str, examples: list[str], title: str = "") -> list[str]:
    return [t for t in [when_to_use, *examples] if t.strip()] or ([title] if title else [])


def _shingles(text: str) -> list[tuple[str, ...]]:
    out = []
    for clause in _CLAUSE.split(PLACEHOLDER.sub("|", text)):
        ws = words(clause)
        out += [tuple(ws[i : i + _SHINGLE]) for i in range(len(ws) - _SHINGLE + 1)]
    return out


def grounding(template: ReplyTemplate, document_shingles: set[tuple[str, ...]]) -> float:
    """Share of the template's 4-word sequences (outside placeholders) found in the documents."""
    own = _shingles(template.body)
    return sum(s in document_shingles for s in own) / len(own) if own else 0.0


@dataclass
class SpaceKnowledge:
    space: str
    macros: Macros
    book: ProcedureBook
    checklists: MeaningIndex
    templates: MeaningIndex  # grounded templates only
    procedures: MeaningIndex
    scope: ScopeGate  # everything the space knows: does the ticket concern this space at all?
    filler: TemplateFiller
    fact_meanings: dict[str, MeaningIndex] = field(default_factory=dict)
    grounded: dict[str, float] = field(default_factory=dict)
    sections: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (doc, path) → (title, text)

    def passage(self, doc_id: str, section: str, quote: str) -> Passage:
        title, text = self.sections.get((doc_id, section), ("", quote))
        return Passage(doc_id, title, section, quote, text)

    def checklist(self, checklist_id: str) -> Checklist | None:
        return next((c for c in self.macros.checklists if c.id == checklist_id), None)

    def template(self, template_id: str) -> ReplyTemplate | None:
        if self.grounded.get(template_id, 0.0) < GROUNDING_THRESHOLD:
            return None
        return next((t for t in self.macros.templates if t.id == template_id), None)

    def procedure(self, procedure_id: str) -> Procedure | None:
        return next((p for p in self.book.procedures if p.id == procedure_id), None)

    def judge(self, vector: np.ndarray):
        """Per request: fact name → does the ticket read like the fact's examples?"""

        def verdict(name: str) -> bool | None:
            index = self.fact_meanings.get(name)
            if index is None:
                return None
            raw = dict(zip(index.ids, index.raw_scores(vector)))
            return bool(raw["true"] > raw["false"])

        return verdict


def load_knowledge(catalog: Catalog, space: str, embedder: Embedder) -> SpaceKnowledge:
    macros = catalog.macros(space)
    data = catalog.read_yaml(space, PROCEDURES_FILE)
    path = catalog.space(space).path / PROCEDURES_FILE
    book = ProcedureBook() if data is None else validate_model(path, data, ProcedureBook)
    _check_references(str(path), book, macros)
    documents = catalog.documents(space)
    document_shingles = {s for doc in documents for section in doc.sections for s in _shingles(section.text)}
    sections = {(doc.id, section.label): (doc.title, section.text) for doc in documents for section in doc.sections}
    grounded = {t.id: grounding(t, document_shingles) for t in macros.templates}
    probes = probe_vectors(embedder)
    checklist_items = [(c.id, _texts(c.when_to_use, c.examples, c.title)) for c in macros.checklists]
    template_items = [(t.id, _texts(t.when_to_use, t.examples, t.title)) for t in macros.templates
                      if grounded[t.id] >= GROUNDING_THRESHOLD]
    procedure_items = [(p.id, _texts(p.when_to_use, p.examples)) for p in book.procedures if p.applies == "by_meaning"]
    every = [(p.id, _texts(p.when_to_use, p.examples)) for p in book.procedures]
    fact_examples = [t for spec in book.facts.values() for t in spec.similar_to + spec.unlike]
    scope_texts = [t for _, texts in checklist_items + template_items + every for t in texts] + fact_examples
    return SpaceKnowledge(
        space=space,
        macros=macros,
        book=book,
        checklists=MeaningIndex(embedder, checklist_items, probes),
        templates=MeaningIndex(embedder, template_items, probes),
        procedures=MeaningIndex(embedder, procedure_items, probes),
        scope=ScopeGate(embedder, scope_texts, probes),
        filler=TemplateFiller(book.placeholders),
        fact_meanings={name: MeaningIndex(embedder, [("true", spec.similar_to), ("false", spec.unlike)], probes)
                       for name, spec in book.facts.items() if spec.similar_to},
        grounded=grounded,
        sections=sections,
    )


def _check_references(path: str, book: ProcedureBook, macros: Macros) -> None:
    refs = book.referenced_ids()
    missing_templates = refs["templates"] - {t.id for t in macros.templates}
    missing_checklists = refs["checklists"] - {c.id for c in macros.checklists}
    if missing_templates:
        raise InvalidKnowledge(path, f"modelo(s) de resposta inexistente(s) em macros.yaml: {', '.join(sorted(missing_templates))}", field="template")
    if missing_checklists:
        raise InvalidKnowledge(path, f"checklist(s) inexistente(s) em macros.yaml: {', '.join(sorted(missing_checklists))}", field="checklist")
