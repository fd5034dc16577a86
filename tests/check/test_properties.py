"""Free text never breaks the checker: no crash, spans inside the draft, fixes idempotent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.check.conftest import NOW

# Words that trigger every rule, mixed with free text so the strategies reach the engines.
TRIGGERS = ["vou", "estar", "estarei", "verificando", "encaminhando-o", "lhe", "amanhã", "até", "sexta", "dia 15",
            "em 2 horas", "[nome cliente]", "xxx", "transferido para a equipe correta", "senha:", "Abc@1234",
            "529.982.247-25", "informe o seu e-mail", "boleto", "por e-mail", "\n", ", ", ". ", "próxima semana",
            "ÉSTARÃO", "fazendo", "pondo", "İ", "ß", "🙂", "\u0301", "15/12", "às 10h", "-", "(", ")",
            "pra", "pro", "Pro", "tá", "tô", "TÁ", "vc", "p/", "hj", ", ok?", "né?", "we'll", "no mais tardar",
            "próximo dia útil", "nas próximas 48h", "início de dezembro", "foi redefinida para"]
drafts = st.lists(st.one_of(st.sampled_from(TRIGGERS), st.text(max_size=12)), max_size=40).map(" ".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(draft=st.one_of(st.text(max_size=300), drafts), space=st.sampled_from(["info", "totvs", "enotas"]))
def test_any_text_gives_exact_spans_inside_the_draft(checker, draft, space):
    result = checker.check(draft, space, now=NOW)
    previous_end = 0
    for finding in result.findings:
        assert 0 <= finding.start < finding.end <= len(draft)
        assert finding.text == draft[finding.start:finding.end]
        assert finding.start >= previous_end  # sorted and never overlapping
        previous_end = finding.end


@SETTINGS
@given(draft=drafts, space=st.sampled_from(["info", "totvs"]))
def test_applying_the_fixes_twice_changes_nothing_the_second_time(checker, draft, space):
    once = checker.check(draft, space, now=NOW).fixed_draft
    assert checker.check(once, space, now=NOW).fixed_draft == once
