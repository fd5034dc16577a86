"""The draft-checker evaluation set (evals/drafts/*.yaml) is itself a specification.

Precision and recall per rule only mean something if every label points at real
text in its draft, every ticket is a valid contract Ticket, relative dates have
a reference time, and the set keeps covering what the issue asks for: every
gerundismo form, plain gerunds, backed and unbacked deadlines, clean drafts full
of traps, long drafts. These tests keep the set honest as curators edit it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from copilot.ticket import Ticket

REPO = Path(__file__).resolve().parents[2]
CASES_DIR = REPO / "evals" / "drafts"
# The seeds are shared read-only material kept beside the repository checkout.
SEED_DIRS = (REPO / "seeds", REPO.parent / "shared" / "seeds")
SLA_SEED = "001_1460ff9b9b1768a4.txt"

SPACES = {"enotas", "r3izzy", "totvs", "info", "voalle"}
RULES = {
    "gerund",
    "unverified-deadline",
    "unfilled-placeholder",
    "redundant-request",
    "bare-transfer",
    "personal-data",
    "boleto-email",
}
SEVERITIES = {"error", "warning", "info"}
CASE_KEYS = {"id", "space", "draft", "ticket", "now", "expected"}
REQUIRED_CASE_KEYS = {"id", "space", "draft", "expected"}
FINDING_KEYS = {"rule", "text", "severity", "occurrence"}
AGREED_DATE_FIELDS = ("data_acordo_entrega", "data_controle", "data_final")

MINIMUM_TOTAL = 250
MINIMUM_CLEAN = 70
MINIMUM_LONG = 15
LONG_DRAFT = range(1000, 2501)
MINIMUM_GERUND_CASES = 80
MINIMUM_GERUNDISMO_CASES = 50
MINIMUM_PLAIN_GERUND_CASES = 25
MINIMUM_DEADLINE_FILE_CASES = 70
MINIMUM_DEADLINE_EACH_SIDE = 30
MINIMUM_OTHER_RULE_CASES = 8

# Auxiliaries of gerundismo, accent- and case-folded: each must be exercised by
# at least one labelled `error`, so no form of the issue's list goes untested.
GERUNDISMO_AUXILIARIES = {
    "vou estar", "vai estar", "vamos estar", "vao estar", "irei estar", "iremos estar",
    "ira estar", "irao estar", "estarei", "estaremos", "estara", "estarao",
    "posso estar", "pode estar", "podemos estar", "podem estar", "poderia estar",
    "poderiamos estar", "devo estar", "deve estar", "devemos estar", "quero estar",
    "queremos estar", "quiser estar",
}
# Words ending in -ndo that are not gerunds; the clean drafts must keep them.
NON_GERUND_TRAPS = {
    "mundo", "segundo", "quando", "fundo", "comando", "redondo", "profundo",
    "fernando", "orlando", "rolando", "armando", "raimundo", "entendo", "recomendo", "mando",
}


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse whitespace (labels are compared this way)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def _load() -> list[tuple[str, dict]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        assert set(data) == {"cases"}, f"{path.name}: o arquivo deve ter só a chave 'cases'"
        cases += [(path.stem, case) for case in data["cases"]]
    return cases


CASES = _load()
IDS = [str(case.get("id")) for _, case in CASES]


def _by_rule(rule: str) -> list[dict]:
    return [case for _, case in CASES if any(f["rule"] == rule for f in case["expected"])]


def _parse_now(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None, f"'{value}' precisa de fuso horário (ex.: -03:00)"
    return moment


def _parse_agreed_date(value: object) -> date:
    text = str(value)
    if re.fullmatch(r"\d{2}/\d{2}/\d{4}", text):
        return datetime.strptime(text, "%d/%m/%Y").date()
    return datetime.fromisoformat(text).date()


def _span(draft: str, text: str, occurrence: int) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = draft.find(text, start + 1)
        if start < 0:
            raise AssertionError(f"'{text}' (ocorrência {occurrence}) não está no rascunho")
    return start, start + len(text)


def test_the_set_is_large_enough_and_ids_are_unique():
    assert len(CASES) >= MINIMUM_TOTAL
    duplicated = [case_id for case_id, n in Counter(IDS).items() if n > 1]
    assert not duplicated, f"ids repetidos: {duplicated}"


@pytest.mark.parametrize("origin,case", CASES, ids=IDS)
def test_case_shape(origin, case):
    assert REQUIRED_CASE_KEYS <= set(case) <= CASE_KEYS, f"{origin}: chaves {sorted(case)}"
    assert case["space"] in SPACES
    assert isinstance(case["draft"], str) and case["draft"].strip()
    assert isinstance(case["expected"], list)
    for finding in case["expected"]:
        assert set(finding) <= FINDING_KEYS and {"rule", "text"} <= set(finding), finding
        assert finding["rule"] in RULES, finding
        assert finding.get("severity", "warning") in SEVERITIES, finding
        if finding["rule"] == "gerund":
            assert finding.get("severity") in {"error", "warning"}, "gerund precisa de severity"


@pytest.mark.parametrize("origin,case", CASES, ids=IDS)
def test_every_label_occurs_in_its_draft_and_labels_do_not_overlap(origin, case):
    spans = []
    for finding in case["expected"]:
        occurrence = int(finding.get("occurrence", 1))
        assert occurrence >= 1
        spans.append((*_span(case["draft"], finding["text"], occurrence), finding["text"]))
    spans.sort()
    for (_, end, text), (start, _, following) in zip(spans, spans[1:]):
        assert end <= start, f"'{text}' e '{following}' se sobrepõem"


@pytest.mark.parametrize("origin,case", CASES, ids=IDS)
def test_tickets_are_contract_tickets_of_the_same_space(origin, case):
    if case.get("ticket") is None:
        return
    ticket = Ticket.model_validate(case["ticket"])
    assert ticket.space == case["space"]
    for name in AGREED_DATE_FIELDS:
        if name in ticket.fields:
            _parse_agreed_date(ticket.fields[name])
    if ticket.type:
        assert ticket.created_at, "um ticket com tipo (SLA) precisa de created_at"


@pytest.mark.parametrize("origin,case", CASES, ids=IDS)
def test_reference_time_is_given_where_dates_matter(origin, case):
    ticket = case.get("ticket") or {}
    needs_now = (
        any(f["rule"] == "unverified-deadline" for f in case["expected"])
        or any(name in (ticket.get("fields") or {}) for name in AGREED_DATE_FIELDS)
        or bool(ticket.get("type"))
        or origin == "deadlines"
    )
    if not needs_now:
        return
    assert case.get("now"), "este caso depende de datas e precisa de 'now'"
    now = _parse_now(case["now"])
    if ticket.get("created_at"):
        assert _parse_now(ticket["created_at"]) <= now, "'now' é anterior à abertura do ticket"


def test_ticket_types_are_request_types_of_the_sla_table():
    """SLA-backed cases only mean something if the type is a row of the seed's SLA table."""
    seed = next((d / SLA_SEED for d in SEED_DIRS if (d / SLA_SEED).is_file()), None)
    assert seed is not None, f"semente {SLA_SEED} não encontrada"
    rows = {line.split("|")[1].strip() for line in seed.read_text(encoding="utf-8").splitlines() if line.startswith("|")}
    types = {case["ticket"]["type"] for _, case in CASES if (case.get("ticket") or {}).get("type")}
    assert types and not types - rows, f"tipos fora da tabela de SLA: {sorted(types - rows)}"


def test_gerund_labels_are_whole_constructions_or_single_gerunds():
    for case in _by_rule("gerund"):
        for finding in (f for f in case["expected"] if f["rule"] == "gerund"):
            folded = fold(finding["text"])
            if finding["severity"] == "error":
                assert "estar" in folded, f"{case['id']}: gerundismo sem 'estar': {finding['text']}"
            else:
                assert re.fullmatch(r"\w+ndo", folded), f"{case['id']}: '{finding['text']}' não é um gerúndio só"


def test_every_gerundismo_form_is_exercised():
    labels = [
        fold(f["text"])
        for case in _by_rule("gerund")
        for f in case["expected"]
        if f["rule"] == "gerund" and f["severity"] == "error"
    ]
    missing = {aux for aux in GERUNDISMO_AUXILIARIES if not any(label.startswith(aux) for label in labels)}
    assert not missing, f"formas de gerundismo sem caso: {sorted(missing)}"
    raw = [f["text"] for case in _by_rule("gerund") for f in case["expected"] if f.get("severity") == "error"]
    assert any("\n" in text for text in raw), "falta gerundismo quebrado entre linhas"
    assert any(text.isupper() for text in raw), "falta gerundismo em caixa alta"
    assert any(re.search(r"\b(lhe|te|me|nos)\b|-(o|a|lhe)\b", text) for text in raw), "falta gerundismo com clítico"
    assert any(re.search(r"\b(vao|estara|estarao|poderiamos)\b", text, re.I) for text in raw), "falta forma sem acento"


def test_rule_coverage_meets_the_issue():
    gerund = _by_rule("gerund")
    assert len(gerund) >= MINIMUM_GERUND_CASES
    severities = [{f["severity"] for f in c["expected"] if f["rule"] == "gerund"} for c in gerund]
    assert sum("error" in s for s in severities) >= MINIMUM_GERUNDISMO_CASES
    assert sum("warning" in s for s in severities) >= MINIMUM_PLAIN_GERUND_CASES
    for rule in RULES - {"gerund", "unverified-deadline"}:
        assert len(_by_rule(rule)) >= MINIMUM_OTHER_RULE_CASES, rule


def test_deadlines_are_balanced_between_backed_and_unbacked():
    deadline_file = [case for origin, case in CASES if origin == "deadlines"]
    assert len(deadline_file) >= MINIMUM_DEADLINE_FILE_CASES
    flagged = [c for c in deadline_file if any(f["rule"] == "unverified-deadline" for f in c["expected"])]
    assert len(flagged) >= MINIMUM_DEADLINE_EACH_SIDE
    assert len(deadline_file) - len(flagged) >= MINIMUM_DEADLINE_EACH_SIDE
    backed_by_ticket = [
        c for c in deadline_file
        if c not in flagged and any(n in ((c.get("ticket") or {}).get("fields") or {}) for n in AGREED_DATE_FIELDS)
    ]
    backed_by_sla = [c for c in deadline_file if c not in flagged and (c.get("ticket") or {}).get("type")]
    assert len(backed_by_ticket) >= 5 and len(backed_by_sla) >= 5


def test_clean_drafts_are_many_and_full_of_traps():
    clean = [case for _, case in CASES if not case["expected"]]
    assert len(clean) >= MINIMUM_CLEAN
    words = set(re.findall(r"\w+", fold(" ".join(case["draft"] for case in clean))))
    assert not NON_GERUND_TRAPS - words, f"armadilhas ausentes: {sorted(NON_GERUND_TRAPS - words)}"


def test_there_are_enough_long_drafts():
    long_drafts = [case for _, case in CASES if len(case["draft"]) in LONG_DRAFT]
    assert len(long_drafts) >= MINIMUM_LONG
