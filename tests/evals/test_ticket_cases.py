"""The labeled ticket set (evals/tickets/*.yaml) is itself a specification.

Each case is a contract Ticket plus what the copilot should suggest for it:
checklist, reply template, next procedural step and gold passages. The labels
are written from the seeds, so a label that is not literally in its space's
seed (a paraphrased step, a checklist title nobody uses) would make the
accuracy figures meaningless. These tests keep the set honest as people edit
it; they say nothing about whether the engine gets the cases right.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from copilot.ticket import Ticket

REPO = Path(__file__).resolve().parents[2]
CASES_DIR = REPO / "evals" / "tickets"
KB_DIR = REPO / "kb"
SEED_DIRS = (REPO / "seeds", REPO.parent / "shared" / "seeds")
SEED_FILES = {
    "enotas": "000_a586f9e4fbc5c752.txt",
    "r3izzy": "001_1460ff9b9b1768a4.txt",
    "totvs": "002_44c80c1753a69288.txt",
    "info": "003_46f0d72acbeffb8a.txt",
    "voalle": "004_5fbac88c502a9179.txt",
}
MINIMUM_CASES = {"enotas": 30, "totvs": 25, "r3izzy": 20, "info": 20, "voalle": 12}
MINIMUM_TOTAL = 100
MINIMUM_SHARE = {"non_pt": 0.08, "nothing_fits": 0.08}
ENOTAS_CHECKLISTS = {
    "Emissão de notas / Rejeição (correção)",
    "Falha no sistema",
    "Solicitação de serviço",
    "Agendamento de videoconferência/ligação",
}
CASE_KEYS = {"id", "lang", "branch", "now", "ticket", "expected", "nothing_fits"}
EXPECTED_KEYS = {"checklist", "template", "next_step", "articles"}
OPTIONAL_EXPECTED_KEYS = {"sla"}
LANGS = {"pt", "en", "mixed"}
QUOTE_LENGTH = range(30, 91)
# Every branch the brief names must be exercised by several cases: step phrase → minimum cases.
REQUIRED_BRANCHES = {
    "enotas": {
        "solicitar ao cliente": 3, "atualizar o cadastro no sistema": 3, "Pendente Onboarding": 3,
        "Pendente Financeiro": 3, "#finan-suporte": 2, "atribuir o chamado ao analista responsável": 3,
        "Pendente Suporte": 3, "anotação interna com a macro do checklist": 6,
    },
    "r3izzy": {
        "comunicar pessoalmente ao responsável": 3, "entrar em contato com o novo responsável": 2,
        "movê-lo para o estágio agendado": 2, "formalizar a Data final": 1, "movido para em andamento": 1,
        "concluir o status": 2, "mencionar @Trello": 2,
    },
    "totvs": {
        "não deve haver mais do que 3 interações públicas": 3, "ajustar o campo Impacto": 2,
        "ambiente sem customizações": 2, "motivo da transferência": 2, "[troca de e-mails interna]": 2,
        "Data Acordo Entrega": 2, "confirmar o entendimento do cenário": 2, "ambiente atualizado": 2,
    },
    "info": {
        "boleto não é enviado por e-mail": 3, "sétimo dia": 2, "liberar mais tarde": 1,
        "Time Financeiro": 2, "Agendamentos e Chamados": 2, "prazos de outros setores": 2,
        "Atendimento Hardware": 2, "Field Desk": 3, "4h a 24h comerciais": 2, "não cliente": 2,
    },
    "voalle": {
        "Atendimento Tela Nova": 2, "CPF/CNPJ": 1, "contrato": 2, "2ª via de faturas": 2,
        "Reagendamento de Faturas": 1, "Teste de conexão": 2, "Histórico de consumo": 1, "Dados do contrato": 1,
    },
}


def normalise(text: str, *, fold: bool = False) -> str:
    """Collapse whitespace (incl. NBSP); optionally case-fold."""
    collapsed = " ".join(text.split())
    return collapsed.casefold() if fold else collapsed


def _find_seed(name: str) -> Path:
    for directory in SEED_DIRS:
        if (directory / name).is_file():
            return directory / name
    raise AssertionError(f"seed {name} não encontrada em {[str(d) for d in SEED_DIRS]}")


def _prose_lines(seed_text: str) -> list[str]:
    """The seed's visible lines: no CSS, HTML markup or Confluence deck settings."""
    lines, in_style = [], False
    for line in seed_text.splitlines():
        in_style = in_style or bool(re.search(r"<style\b", line))
        if not (in_style or "<" in line or "deck.tab" in line):
            lines.append(normalise(line))
        in_style = in_style and "</style>" not in line
    return lines


def _when(value: object) -> datetime:
    moment = datetime.fromisoformat(str(value))
    assert moment.tzinfo is not None, f"data sem fuso horário: {value!r}"
    return moment


FILES = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(CASES_DIR.glob("*.yaml"))}
ALL_CASES = [(space, case) for space, data in FILES.items() for case in (data or {}).get("cases") or []]
# Cases a curator queued from analysts' feedback wait for labels (`needs_label: true`):
# they only have to hold a valid ticket of their space; the runner skips them.
PENDING = [(space, case) for space, case in ALL_CASES if case.get("needs_label")]
CASES = [(space, case) for space, case in ALL_CASES if not case.get("needs_label")]
CASE_IDS = [str(case.get("id")) for _, case in CASES]
SEED_LINES = {space: _prose_lines(_find_seed(name).read_text(encoding="utf-8")) for space, name in SEED_FILES.items()}
SEED_TEXT = {space: " ".join(lines) for space, lines in SEED_LINES.items()}
CURATED = {
    space: [normalise(p.read_text(encoding="utf-8"), fold=True) for p in sorted((KB_DIR / space / "docs").glob("*.md"))]
    for space in SEED_FILES
}


def test_one_file_per_known_space_each_naming_its_own_space():
    assert set(FILES) == set(SEED_FILES)
    for stem, data in FILES.items():
        assert isinstance(data, dict) and data.get("space") == stem, f"{stem}.yaml deve declarar space: {stem}"
        assert isinstance(data.get("cases"), list) and data["cases"], f"{stem}.yaml sem casos"


def test_case_ids_are_unique_and_prefixed_by_their_space():
    ids = Counter(CASE_IDS)
    assert [i for i, n in ids.items() if n > 1] == [], "ids repetidos"
    for space, case in CASES:
        assert re.fullmatch(rf"{space}-t\d{{3}}", str(case.get("id"))), case.get("id")


def test_each_space_meets_its_minimum_and_the_set_its_total():
    per_space = Counter(space for space, _ in CASES)
    assert len(CASES) >= MINIMUM_TOTAL
    for space, minimum in MINIMUM_CASES.items():
        assert per_space[space] >= minimum, f"{space}: {per_space[space]} casos, mínimo {minimum}"


def test_about_a_tenth_is_english_or_mixed_and_a_tenth_fits_nothing():
    non_pt = sum(case.get("lang") != "pt" for _, case in CASES) / len(CASES)
    nothing = sum(case.get("nothing_fits") is True for _, case in CASES) / len(CASES)
    assert non_pt >= MINIMUM_SHARE["non_pt"], f"só {non_pt:.0%} em inglês ou misto"
    assert nothing >= MINIMUM_SHARE["nothing_fits"], f"só {nothing:.0%} de casos em que nada serve"
    assert {space for space, case in CASES if case.get("nothing_fits")} == set(SEED_FILES)


@pytest.mark.parametrize(("space", "case"), CASES, ids=CASE_IDS)
def test_ticket_is_a_contract_ticket_of_its_space_before_its_reference_time(space, case):
    assert set(case) == CASE_KEYS, f"chaves do caso: {sorted(case)}"
    assert case["lang"] in LANGS and isinstance(case["branch"], str) and case["branch"].strip()
    ticket = Ticket.model_validate(case["ticket"])
    assert ticket.space == space and ticket.id and ticket.created_at
    now = _when(case["now"])
    assert _when(ticket.created_at) <= now, "ticket criado depois de 'now'"
    for comment in ticket.comments:
        assert _when(comment.created_at) <= now, f"comentário depois de 'now': {comment.body[:40]!r}"


@pytest.mark.parametrize(("space", "case"), CASES, ids=CASE_IDS)
def test_labels_are_verbatim_from_the_seed_of_the_space(space, case):
    expected = case["expected"]
    assert EXPECTED_KEYS <= set(expected) <= EXPECTED_KEYS | OPTIONAL_EXPECTED_KEYS
    seed = SEED_TEXT[space]
    checklist, template, step = expected["checklist"], expected["template"], expected["next_step"]
    if checklist is not None:
        if space == "enotas":
            assert checklist in ENOTAS_CHECKLISTS, checklist
        assert normalise(checklist) in seed, f"checklist fora da seed: {checklist!r}"
    if template is not None:
        assert "\n" not in template and normalise(template) in seed, f"modelo fora da seed: {template!r}"
    if step is not None:
        assert set(step) == {"contains", "section"} and step["contains"]
        for phrase in [*step["contains"], step["section"]]:
            assert normalise(phrase) in seed, f"trecho do passo fora da seed: {phrase!r}"
    if "sla" in expected:
        assert "request_type" in expected["sla"], "sla sem request_type"
        for value in expected["sla"].values():
            assert normalise(str(value)) in seed, f"SLA fora da seed: {value!r}"


@pytest.mark.parametrize(("space", "case"), CASES, ids=CASE_IDS)
def test_gold_articles_are_short_distinctive_quotes_of_one_seed_line(space, case):
    for quote in case["expected"]["articles"]:
        assert len(quote) in QUOTE_LENGTH, f"citação com {len(quote)} caracteres: {quote!r}"
        assert not re.search(r"[\n|<>]", quote), f"citação atravessa linha, célula ou tag: {quote!r}"
        lines = [line for line in SEED_LINES[space] if normalise(quote, fold=True) in line.casefold()]
        assert len(lines) == 1, f"citação ocorre em {len(lines)} linhas visíveis da seed: {quote!r}"
        assert normalise(quote) in lines[0], f"citação não é literal: {quote!r}"


@pytest.mark.parametrize(("space", "case"), CASES, ids=CASE_IDS)
def test_gold_articles_survive_curation_when_curated_docs_exist(space, case):
    docs = CURATED[space]
    missing = [q for q in case["expected"]["articles"] if docs and not any(normalise(q, fold=True) in d for d in docs)]
    assert missing == [], f"citações ausentes de kb/{space}/docs/*.md: {missing}"


@pytest.mark.parametrize(("space", "case"), CASES, ids=CASE_IDS)
def test_nothing_fits_exactly_when_no_label_is_given(space, case):
    expected = case["expected"]
    labels = [expected["checklist"], expected["template"], expected["next_step"]]
    assert isinstance(case["nothing_fits"], bool)
    if case["nothing_fits"]:
        assert labels == [None, None, None] and expected["articles"] == [], "nada serve, mas há rótulos"
    else:
        assert any(label is not None for label in labels), "sem checklist, modelo nem passo: marque nothing_fits"
        assert expected["articles"], "caso que algo serve precisa de ao menos um trecho de ouro"


@pytest.mark.parametrize("space", sorted(REQUIRED_BRANCHES))
def test_every_procedure_branch_is_exercised_by_several_cases(space):
    steps = [" ".join(case["expected"]["next_step"]["contains"])
             for case_space, case in CASES if case_space == space and case["expected"]["next_step"]]
    short = {phrase: n for phrase, minimum in REQUIRED_BRANCHES[space].items()
             if (n := sum(phrase.casefold() in step.casefold() for step in steps)) < minimum}
    assert short == {}, f"ramos com poucos casos em {space}: {short}"


def test_every_enotas_checklist_is_expected_in_several_cases():
    used = Counter(c["expected"]["checklist"] for s, c in CASES if s == "enotas")
    assert all(used[title] >= 4 for title in ENOTAS_CHECKLISTS), used


def test_cases_waiting_for_labels_hold_a_ticket_of_their_space():
    for space, case in PENDING:
        assert Ticket.model_validate(case["ticket"]).space == space, case["id"]
        assert case["id"].startswith(f"{space}-"), case["id"]
