"""Overlapping findings become one; fixed_draft applies only the safe fixes."""

from __future__ import annotations

from copilot.check.merge import apply_safe_fixes, merge_overlaps
from copilot.check.models import Finding
from tests.check.conftest import NOW


def finding(rule, severity, start, end, text="x", suggestion=None, safe=False):
    return Finding(rule=rule, severity=severity, start=start, end=end, text=text, message="m",
                   suggestion=suggestion, safe=safe)


def test_the_most_severe_of_overlapping_findings_is_kept():
    kept = merge_overlaps([finding("gerund", "warning", 10, 20), finding("unverified-deadline", "error", 15, 30),
                           finding("bare-transfer", "warning", 40, 50)], {})
    assert [(f.rule, f.start) for f in kept] == [("unverified-deadline", 15), ("bare-transfer", 40)]


def test_on_equal_severity_the_longer_span_wins():
    kept = merge_overlaps([finding("gerund", "error", 4, 20), finding("gerund", "error", 10, 20)], {})
    assert [(f.start, f.end) for f in kept] == [(4, 20)]


def test_a_deadline_inside_a_gerundismo_is_reported_once(checker):
    draft = "Vamos estar te ligando amanhã às 10h para confirmar."
    result = checker.check(draft, "info", now=NOW)
    assert [(f.rule, f.text) for f in result.findings] == [
        ("gerund", "Vamos estar te ligando"), ("unverified-deadline", "amanhã às 10h")]


def test_placeholder_and_gerund_overlap_is_not_double_reported(checker):
    draft = "Estarei passando para o [nome do analista]."
    result = checker.check(draft, "info", now=NOW)
    spans = [(f.start, f.end) for f in result.findings]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_only_safe_fixes_change_the_draft():
    draft = "Vou estar verificando; CPF 529.982.247-25."
    fixed = apply_safe_fixes(draft, [finding("gerund", "error", 0, 21, suggestion="Vou verificar", safe=True),
                                     finding("personal-data", "error", 27, 41, suggestion="***.***.***-25")])
    assert fixed == "Vou verificar; CPF 529.982.247-25."


def test_fixed_draft_of_a_real_draft(checker):
    draft = ("Olá! Estaremos analisando o caso e vou estar te retornando amanhã. "
             "Sua senha provisória é Abc@1234. O ticket foi transferido para a equipe correta.")
    result = checker.check(draft, "info", now=NOW)
    assert result.fixed_draft == ("Olá! Analisaremos o caso e vou te retornar amanhã. "
                                  "Sua senha provisória é Abc@1234. O ticket foi transferido para a equipe correta.")
    second = checker.check(result.fixed_draft, "info", now=NOW)
    assert second.fixed_draft == result.fixed_draft
    assert all(not f.safe for f in second.findings)
