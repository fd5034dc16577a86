"""The space's YAML knowledge is checked by the server's own loaders before it is saved:
a file that does not validate never replaces a good one, and the curator is told file, line and field."""

from __future__ import annotations

import pytest

from copilot.curation import KNOWLEDGE_FILES, read_knowledge_file, save_knowledge_file, validate_knowledge
from copilot.errors import InvalidInput, InvalidKnowledge


@pytest.mark.parametrize("name", KNOWLEDGE_FILES)
def test_the_files_as_they_are_validate(catalog, name):
    validate_knowledge(catalog, "acme", name, read_knowledge_file(catalog, "acme", name))


@pytest.mark.parametrize("name, text, line, field, problem", [
    ("macros.yaml", "checklists:\n  - id: x\n    title: Falha\n", 2, "checklists.0.when_to_use", "campo obrigatório ausente"),
    ("macros.yaml", "templates:\n  - id: t\n    title: T\n    when_to_use: sempre\n    body: oi\n    fonte: {}\n",
     2, "templates.0.source", "campo obrigatório ausente"),
    ("rules.yaml", "rules:\n  gerund:\n    severity: gravissima\n", 3, "rules.gerund.severity",
     "valor inválido: deve ser 'error', 'warning' ou 'info'"),
    ("rules.yaml", "custom:\n  - id: boleto\n    pattern: \"envi(\"\n", 3, "custom.0.pattern", None),
    ("sla.yaml", "policies:\n  - id: p\n    request_type: Bug\n    resolution: {amount: -3, unit: business_hours}\n",
     4, "policies.0.resolution.amount", "deve ser maior que 0"),
    ("sla.yaml", "policies: [\n", 2, None, "YAML inválido"),
    ("procedures.yaml", "- só uma lista\n", 1, None, "o arquivo deve ser um mapeamento YAML (chave: valor)"),
])
def test_a_broken_file_is_named_with_its_line_and_field(catalog, name, text, line, field, problem):
    with pytest.raises(InvalidKnowledge) as raised:
        validate_knowledge(catalog, "acme", name, text)
    fields = raised.value.fields
    assert (fields["path"], fields["line"], fields["field"]) == (f"acme/{name}", line, field)
    if problem:
        assert problem in raised.value.message
    assert raised.value.message.startswith(f"acme/{name}, linha {line}")


def test_removing_a_template_that_a_procedure_uses_is_refused_in_the_procedure_file(catalog):
    macros = read_knowledge_file(catalog, "acme", "macros.yaml").replace("id: acme-primeiro-contato", "id: acme-outro")
    with pytest.raises(InvalidKnowledge) as raised:
        validate_knowledge(catalog, "acme", "macros.yaml", macros)
    assert raised.value.fields["path"] == "acme/procedures.yaml"
    assert raised.value.fields["field"] == "template" and raised.value.fields["line"] == 11
    assert "acme-primeiro-contato" in raised.value.message


def test_a_file_that_does_not_validate_never_replaces_a_good_one(catalog, kb, tmp_path):
    path = kb / "acme" / "sla.yaml"
    good = path.read_text(encoding="utf-8")
    with pytest.raises(InvalidKnowledge):
        save_knowledge_file(catalog, "acme", "sla.yaml", "policies: nada\n", tmp_path / "locks")
    assert path.read_text(encoding="utf-8") == good
    assert sorted(p.name for p in path.parent.iterdir() if p.is_file()) == [
        "macros.yaml", "procedures.yaml", "rules.yaml", "sla.yaml", "space.yaml"]


def test_a_good_file_is_saved_whole_with_unix_line_ends(catalog, kb, tmp_path):
    text = "# Sem SLA nos documentos.\r\npolicies: []\r\nnote: \"Sem prazos definidos.\""
    save_knowledge_file(catalog, "acme", "sla.yaml", text, tmp_path / "locks")
    assert (kb / "acme" / "sla.yaml").read_text(encoding="utf-8") == "# Sem SLA nos documentos.\npolicies: []\nnote: \"Sem prazos definidos.\"\n"


def test_only_the_four_knowledge_files_can_be_written(catalog, tmp_path):
    with pytest.raises(InvalidInput):
        save_knowledge_file(catalog, "acme", "space.yaml", "id: outro\n", tmp_path / "locks")
    with pytest.raises(InvalidInput):
        save_knowledge_file(catalog, "acme", "../../etc/passwd", "x: 1\n", tmp_path / "locks")
