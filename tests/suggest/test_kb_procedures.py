"""Every space's procedures.yaml and sla.yaml validate, and quote their documents verbatim."""

from __future__ import annotations

import pytest

from copilot.kb.catalog import Catalog
from copilot.settings import PROJECT_ROOT
from copilot.suggest.knowledge import PROCEDURES_FILE
from copilot.suggest.procedures import ProcedureBook
from copilot.suggest.sla import SlaCalculator
from copilot.suggest.text import compact

CATALOG = Catalog(PROJECT_ROOT / "kb")
SPACES = CATALOG.space_ids()


def sections(space: str) -> dict[tuple[str, str], str]:
    return {(d.id, s.label): compact(s.text) for d in CATALOG.documents(space) for s in d.sections}


@pytest.mark.parametrize("space", SPACES)
def test_every_space_has_procedures_and_an_sla_file(space):
    book = CATALOG.read_model(space, PROCEDURES_FILE, ProcedureBook)
    assert book is not None and book.procedures
    assert SlaCalculator(CATALOG).policy(space) is not None


@pytest.mark.parametrize("space", SPACES)
def test_each_step_quotes_its_section_line_by_line(space):
    book = CATALOG.read_model(space, PROCEDURES_FILE, ProcedureBook)
    texts = sections(space)
    for procedure in book.procedures:
        for step in procedure.steps:
            key = (step.doc_id or procedure.doc_id, step.section)
            assert key in texts, f"{procedure.id}.{step.id}: seção inexistente {key}"
            for line in step.text.splitlines():
                assert compact(line) in texts[key], f"{procedure.id}.{step.id}: trecho fora da seção: {line[:60]!r}"


@pytest.mark.parametrize("space", SPACES)
def test_steps_and_rules_name_existing_macros(space, knowledge):
    knowledge(space)  # load_knowledge refuses a missing template or checklist id


@pytest.mark.parametrize("space", SPACES)
def test_sla_sources_point_to_existing_sections(space):
    policy = SlaCalculator(CATALOG).policy(space)
    texts = sections(space)
    refs = [p.source for p in policy.policies] + [s for s in (policy.source, policy.working_hours and policy.working_hours.source) if s]
    for ref in refs:
        assert (ref.doc_id, ref.section) in texts, ref
