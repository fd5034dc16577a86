"""Rules are data: a shared base, per-space overrides, curator rules without code,
clear errors for a bad file, and each space read once per checker."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.check import DraftChecker
from copilot.check.rules import load_rulebook
from copilot.errors import InvalidKnowledge, UnknownSpace
from copilot.kb.catalog import Catalog
from tests.check.conftest import NOW, REPO

BASE = (REPO / "kb" / "_base" / "rules.yaml").read_text(encoding="utf-8")


def make_kb(tmp_path: Path, rules: str | None, base: str = BASE) -> Catalog:
    (tmp_path / "_base").mkdir(exist_ok=True)
    (tmp_path / "_base" / "rules.yaml").write_text(base, encoding="utf-8")
    space = tmp_path / "acme"
    space.mkdir(exist_ok=True)
    (space / "space.yaml").write_text("id: acme\nname: Acme Suporte\n", encoding="utf-8")
    if rules is not None:
        (space / "rules.yaml").write_text(rules, encoding="utf-8")
    return Catalog(tmp_path)


def test_every_space_of_the_repository_has_valid_rules(catalog):
    for space in catalog.space_ids():
        book = load_rulebook(catalog, space)
        assert set(book.rules) >= {"gerund", "unverified-deadline", "unfilled-placeholder", "redundant-request",
                                   "personal-data"}
        assert {c.id for c in book.custom} >= {"bare-transfer", "boleto-email"}


def test_rule_sources_point_at_real_sections_of_the_spaces_documents(catalog):
    for space in catalog.space_ids():
        sections = {(d.id, s.label) for d in catalog.documents(space) for s in d.sections}
        doc_ids = {d.id for d in catalog.documents(space)}
        book = load_rulebook(catalog, space)
        sources = [r.source for r in book.rules.values()] + [c.source for c in book.custom]
        for source in filter(None, sources):
            if source.doc_id == "_base":
                continue
            assert source.doc_id in doc_ids, (space, source.doc_id)
            assert any(doc == source.doc_id and label == source.section for doc, label in sections) \
                or any(doc == source.doc_id and label.startswith(source.section) for doc, label in sections), \
                (space, source.doc_id, source.section)


def test_a_space_overrides_severity_message_and_source(tmp_path):
    kb = make_kb(tmp_path, """
rules:
  unverified-deadline:
    severity: error
    message: "Prazo só com a data final do chamado."
    source: {doc_id: acme-pop, section: "Prazos", passage: "Nunca prometa datas."}
deadlines:
  agreed_date_fields: [data da visita]
""")
    result = DraftChecker(kb).check("Retorno amanhã.", "acme", now=NOW)
    finding = result.findings[0]
    assert (finding.severity, finding.message, finding.source.doc_id, finding.passage) == (
        "error", "Prazo só com a data final do chamado.", "acme-pop", "Nunca prometa datas.")
    book = load_rulebook(kb, "acme")
    assert "data acordo entrega" in book.deadlines.agreed_date_fields  # base list kept
    assert "data da visita" in book.deadlines.agreed_date_fields  # space list added


def test_a_space_disables_a_rule(tmp_path):
    kb = make_kb(tmp_path, "rules:\n  gerund: {enabled: false}\ncustom:\n  - {id: bare-transfer, enabled: false}\n")
    result = DraftChecker(kb).check("Vou estar verificando; transferido para a equipe correta.", "acme", now=NOW)
    assert result.findings == []


def test_a_curator_adds_phrase_and_pattern_rules_without_code(tmp_path):
    kb = make_kb(tmp_path, """
custom:
  - id: sem-girias
    title: Gíria
    severity: info
    message: "Evite gírias com o cliente."
    phrases: ["beleza", "valeu"]
    suggestion: "obrigado"
    safe: true
  - id: sem-culpa-do-cliente
    message: "Não culpe o cliente."
    pattern: "voc[eê] (errou|fez errado)"
    unless: "\\\\bnão\\\\b"
""")
    draft = "Valeu pelo retorno! Você errou o CNPJ. Você não errou nada no cadastro."
    result = DraftChecker(kb).check(draft, "acme", now=NOW)
    assert [(f.rule, f.text, f.severity) for f in result.findings] == [
        ("sem-girias", "Valeu", "info"), ("sem-culpa-do-cliente", "Você errou", "warning")]
    assert result.fixed_draft.startswith("obrigado pelo retorno!")


@pytest.mark.parametrize("rules, field", [
    ("rules:\n  gerund:\n    severity: gravissimo\n", "rules.gerund.severity"),
    ("custom:\n  - id: x\n    message: m\n    pattern: '(sem fechar'\n", "custom.2.pattern"),
    ("deadlines:\n  agreed_date_fields: 12\n", "deadlines.agreed_date_fields"),
])
def test_a_bad_rules_file_names_file_line_and_field(tmp_path, rules, field):
    kb = make_kb(tmp_path, rules)
    with pytest.raises(InvalidKnowledge) as caught:
        DraftChecker(kb).check("Olá.", "acme")
    assert caught.value.fields["path"].endswith("acme/rules.yaml")
    assert caught.value.fields["field"] == field
    assert caught.value.fields["line"] is not None and "rules.yaml, linha" in caught.value.message


def test_broken_yaml_names_its_line(tmp_path):
    kb = make_kb(tmp_path, "rules:\n  gerund:\n    severity: [error\n")
    with pytest.raises(InvalidKnowledge) as caught:
        DraftChecker(kb).check("Olá.", "acme")
    assert caught.value.fields["line"] is not None


def test_an_unknown_space_is_an_error(checker):
    with pytest.raises(UnknownSpace):
        checker.check("Olá.", "nao-existe")


def test_rules_are_read_once_per_space(tmp_path, monkeypatch):
    kb = make_kb(tmp_path, "{}\n")
    reads = []
    original = Catalog.read_yaml

    def counting(self, space, name):
        reads.append((space, name))
        return original(self, space, name)

    monkeypatch.setattr(Catalog, "read_yaml", counting)
    checker = DraftChecker(kb)
    for _ in range(5):
        checker.check("Vou estar verificando.", "acme", now=NOW)
    assert reads.count(("acme", "rules.yaml")) == 1
