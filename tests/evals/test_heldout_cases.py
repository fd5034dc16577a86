"""The held-out sets (evals/heldout/) are specifications written without looking at the engines.

They measure how the draft checker and the suggester do on drafts and tickets
nobody tuned them on, so they must obey the same rules as the tuning sets:
every label is literal (in its draft, or in its space's seed), every ticket is
a contract Ticket of its space, dates have a reference time, and the sets keep
the spread the brief asks for (every rule, clean drafts full of traps, all
five spaces, English and "nothing fits" tickets). These tests check structure
only; they say nothing about whether the engines get the cases right.
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
HELDOUT = REPO / "evals" / "heldout"
DRAFTS_FILE = HELDOUT / "drafts" / "drafts.yaml"
TICKETS_FILE = HELDOUT / "tickets" / "tickets.yaml"
FIXES_FILE = HELDOUT / "gerund_fixes.yaml"
KB_DIR = REPO / "kb"
SEED_DIRS = (REPO / "seeds", REPO.parent / "shared" / "seeds")
SEED_FILES = {
    "enotas": "000_a586f9e4fbc5c752.txt",
    "r3izzy": "001_1460ff9b9b1768a4.txt",
    "totvs": "002_44c80c1753a69288.txt",
    "info": "003_46f0d72acbeffb8a.txt",
    "voalle": "004_5fbac88c502a9179.txt",
}
SPACES = set(SEED_FILES)
RULES = {"gerund", "unverified-deadline", "unfilled-placeholder", "redundant-request", "bare-transfer",
         "personal-data", "boleto-email"}
DRAFT_KEYS = {"id", "space", "draft", "ticket", "now", "expected"}
FINDING_KEYS = {"rule", "text", "severity", "occurrence"}
AGREED_DATE_FIELDS = ("data_acordo_entrega", "data_controle", "data_final")
TICKET_CASE_KEYS = {"id", "space", "lang", "branch", "now", "ticket", "expected", "nothing_fits"}
EXPECTED_KEYS = {"checklist", "template", "next_step", "articles"}
ENOTAS_CHECKLISTS = {"Emissão de notas / Rejeição (correção)", "Falha no sistema", "Solicitação de serviço",
                     "Agendamento de videoconferência/ligação"}
QUOTE_LENGTH = range(30, 91)
# -ndo words that are not gerunds: the clean held-out drafts must keep carrying them.
NON_GERUND_TRAPS = {"mundo", "segundo", "quando", "fundo", "comando", "redondo", "fernando", "orlando", "rolando",
                    "armando", "raimundo", "arlindo", "lindo", "brando", "memorando", "oriundo",
                    "entendo", "recomendo", "mando", "atendo", "respondo", "dependo", "suspendo", "agendo", "reagendo"}
# Forms of "estar" that open a gerundismo label ("tá" is the colloquial one).
ESTAR_FORM = re.compile(r"\b(estar|estarei|estaremos|estara|estarao|ta)\b")


def fold(text: str) -> str:
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def normalise(text: str, *, casefold: bool = False) -> str:
    collapsed = " ".join(text.split())
    return collapsed.casefold() if casefold else collapsed


def _when(value: object) -> datetime:
    moment = datetime.fromisoformat(str(value))
    assert moment.tzinfo is not None, f"data sem fuso horário: {value!r}"
    return moment


def _seed(name: str) -> str:
    for directory in SEED_DIRS:
        if (directory / name).is_file():
            return (directory / name).read_text(encoding="utf-8")
    raise AssertionError(f"semente {name} não encontrada")


def _prose_lines(seed_text: str) -> list[str]:
    """Visible seed lines: no CSS, HTML markup or Confluence deck settings."""
    lines, in_style = [], False
    for line in seed_text.splitlines():
        in_style = in_style or bool(re.search(r"<style\b", line))
        if not (in_style or "<" in line or "deck.tab" in line):
            lines.append(normalise(line))
        in_style = in_style and "</style>" not in line
    return lines


def _load(path: Path, key: str) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    assert set(data) == {key}, f"{path.name}: o arquivo deve ter só a chave '{key}'"
    return data[key]


DRAFTS = _load(DRAFTS_FILE, "cases")
DRAFT_IDS = [str(c.get("id")) for c in DRAFTS]
TICKETS = _load(TICKETS_FILE, "cases")
TICKET_IDS = [str(c.get("id")) for c in TICKETS]
FIXES = _load(FIXES_FILE, "fixes")
SEED_LINES = {space: _prose_lines(_seed(name)) for space, name in SEED_FILES.items()}
SEED_TEXT = {space: " ".join(lines) for space, lines in SEED_LINES.items()}


def _span(draft: str, text: str, occurrence: int) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = draft.find(text, start + 1)
        assert start >= 0, f"'{text}' (ocorrência {occurrence}) não está no rascunho"
    return start, start + len(text)


def _labels(rule: str) -> list[tuple[dict, dict]]:
    return [(case, f) for case in DRAFTS for f in case["expected"] if f["rule"] == rule]


# ---------------------------------------------------------------- drafts

def test_each_runner_folder_holds_exactly_one_yaml_file():
    assert sorted(p.name for p in DRAFTS_FILE.parent.glob("*.yaml")) == [DRAFTS_FILE.name]
    assert sorted(p.name for p in TICKETS_FILE.parent.glob("*.yaml")) == [TICKETS_FILE.name]


def test_draft_set_size_ids_and_spread():
    assert len(DRAFTS) >= 120
    assert [i for i, n in Counter(DRAFT_IDS).items() if n > 1] == []
    assert all(re.fullmatch(r"h2?-[a-z]+-\d{3}", i) for i in DRAFT_IDS), "ids do conjunto reservado: h-… ou h2-…"
    assert {c["space"] for c in DRAFTS} == SPACES
    clean = [c for c in DRAFTS if not c["expected"]]
    assert len(clean) >= 40
    for rule in RULES:
        assert len({c["id"] for c, _ in _labels(rule)}) >= 5, rule


@pytest.mark.parametrize("case", DRAFTS, ids=DRAFT_IDS)
def test_draft_case_shape_and_literal_non_overlapping_labels(case):
    assert set(case) == DRAFT_KEYS, sorted(case)
    assert case["space"] in SPACES and isinstance(case["draft"], str) and case["draft"].strip()
    spans = []
    for finding in case["expected"]:
        assert set(finding) <= FINDING_KEYS and {"rule", "text"} <= set(finding), finding
        assert finding["rule"] in RULES, finding
        if finding["rule"] == "gerund":
            assert finding.get("severity") in {"error", "warning"}, "gerund precisa de severity"
        if finding["rule"] == "boleto-email":
            assert case["space"] == "info", "boleto-email só vale no espaço info"
        spans.append((*_span(case["draft"], finding["text"], int(finding.get("occurrence", 1))), finding["text"]))
    spans.sort()
    for (_, end, text), (start, _, following) in zip(spans, spans[1:]):
        assert end <= start, f"'{text}' e '{following}' se sobrepõem"


@pytest.mark.parametrize("case", DRAFTS, ids=DRAFT_IDS)
def test_draft_tickets_and_reference_times(case):
    assert case["now"], "todo caso reservado traz 'now'"
    now = _when(case["now"])
    if case["ticket"] is None:
        return
    ticket = Ticket.model_validate(case["ticket"])
    assert ticket.space == case["space"]
    for name in AGREED_DATE_FIELDS:
        if name in ticket.fields:
            value = str(ticket.fields[name])
            parsed = (datetime.strptime(value, "%d/%m/%Y").date() if re.fullmatch(r"\d{2}/\d{2}/\d{4}", value)
                      else datetime.fromisoformat(value).date())
            assert isinstance(parsed, date)
    if ticket.type:
        assert ticket.created_at, "um ticket com tipo (SLA) precisa de created_at"
    if ticket.created_at:
        assert _when(ticket.created_at) <= now, "'now' é anterior à abertura do ticket"


def test_sla_backed_drafts_use_request_types_of_the_seed_table():
    rows = {line.split("|")[1].strip() for line in _seed(SEED_FILES["r3izzy"]).splitlines() if line.startswith("|")}
    types = {c["ticket"]["type"] for c in DRAFTS if (c["ticket"] or {}).get("type")}
    assert types and not types - rows, sorted(types - rows)


def test_gerund_labels_are_whole_gerundismos_or_single_gerunds():
    for case, finding in _labels("gerund"):
        folded = fold(finding["text"])
        if finding["severity"] == "error":
            assert ESTAR_FORM.search(folded), f"{case['id']}: gerundismo sem 'estar': {finding['text']}"
        else:
            assert re.fullmatch(r"\w+ndo", folded), f"{case['id']}: '{finding['text']}' não é um gerúndio só"


def test_clean_drafts_carry_the_traps():
    words = set(re.findall(r"\w+", fold(" ".join(c["draft"] for c in DRAFTS if not c["expected"]))))
    assert not NON_GERUND_TRAPS - words, sorted(NON_GERUND_TRAPS - words)


def test_gerund_fixes_point_at_gerundismo_labels_and_drop_the_gerund():
    by_id = {c["id"]: c for c in DRAFTS}
    for fix in FIXES:
        assert set(fix) == {"id", "text", "suggestion"}, fix
        case = by_id[fix["id"]]
        assert any(f["rule"] == "gerund" and f.get("severity") == "error" and f["text"] == fix["text"]
                   for f in case["expected"]), fix
        assert fix["suggestion"].strip() and not re.search(r"ndo\b|\bestar\b", fold(fix["suggestion"])), fix


# ---------------------------------------------------------------- tickets

def test_ticket_set_size_ids_and_spread():
    assert len(TICKETS) >= 60
    assert [i for i, n in Counter(TICKET_IDS).items() if n > 1] == []
    per_space = Counter(c["space"] for c in TICKETS)
    assert set(per_space) == SPACES and min(per_space.values()) >= 6, per_space
    assert sum(c["lang"] != "pt" for c in TICKETS) / len(TICKETS) >= 0.08
    assert sum(c["nothing_fits"] is True for c in TICKETS) / len(TICKETS) >= 0.08
    assert {c["space"] for c in TICKETS if c["nothing_fits"]} == SPACES


@pytest.mark.parametrize("case", TICKETS, ids=TICKET_IDS)
def test_ticket_case_is_a_contract_ticket_of_its_space_before_now(case):
    assert set(case) == TICKET_CASE_KEYS, sorted(case)
    assert re.fullmatch(rf"h-{case['space']}-t\d{{3}}", case["id"]), case["id"]
    assert case["lang"] in {"pt", "en", "mixed"} and case["branch"].strip()
    ticket = Ticket.model_validate(case["ticket"])
    assert ticket.space == case["space"] and ticket.id and ticket.created_at
    now = _when(case["now"])
    assert _when(ticket.created_at) <= now
    for comment in ticket.comments:
        assert _when(comment.created_at) <= now, comment.body[:40]


@pytest.mark.parametrize("case", TICKETS, ids=TICKET_IDS)
def test_ticket_labels_are_verbatim_from_the_seed(case):
    space, expected = case["space"], case["expected"]
    assert EXPECTED_KEYS <= set(expected) <= EXPECTED_KEYS | {"sla"}
    seed = SEED_TEXT[space]
    if expected["checklist"] is not None:
        assert space != "enotas" or expected["checklist"] in ENOTAS_CHECKLISTS
        assert normalise(expected["checklist"]) in seed
    if expected["template"] is not None:
        assert "\n" not in expected["template"] and normalise(expected["template"]) in seed
    if expected["next_step"] is not None:
        step = expected["next_step"]
        assert set(step) == {"contains", "section"} and step["contains"]
        for phrase in [*step["contains"], step["section"]]:
            assert normalise(phrase) in seed, phrase
    for value in (expected.get("sla") or {}).values():
        assert normalise(str(value)) in seed, value


@pytest.mark.parametrize("case", TICKETS, ids=TICKET_IDS)
def test_ticket_gold_quotes_are_distinctive_single_lines_kept_by_curation(case):
    space = case["space"]
    docs = [normalise(p.read_text(encoding="utf-8"), casefold=True) for p in sorted((KB_DIR / space / "docs").glob("*.md"))]
    for quote in case["expected"]["articles"]:
        assert len(quote) in QUOTE_LENGTH and not re.search(r"[\n|<>]", quote), quote
        lines = [line for line in SEED_LINES[space] if normalise(quote, casefold=True) in line.casefold()]
        assert len(lines) == 1 and normalise(quote) in lines[0], quote
        assert not docs or any(normalise(quote, casefold=True) in d for d in docs), f"ausente de kb/{space}/docs: {quote}"


@pytest.mark.parametrize("case", TICKETS, ids=TICKET_IDS)
def test_nothing_fits_exactly_when_no_label_is_given(case):
    expected = case["expected"]
    labels = [expected["checklist"], expected["template"], expected["next_step"]]
    if case["nothing_fits"]:
        assert labels == [None, None, None] and expected["articles"] == []
    else:
        assert any(label is not None for label in labels) and expected["articles"]


def test_heldout_cases_do_not_copy_the_tuning_sets():
    """A held-out case copied from evals/drafts or evals/tickets would measure nothing new."""
    tuning_drafts = {fold(c.get("draft") or "") for p in (REPO / "evals" / "drafts").glob("*.yaml")
                     for c in (yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("cases") or []}
    assert not [c["id"] for c in DRAFTS if fold(c["draft"]) in tuning_drafts]
    tuning_texts = {fold(str((c.get("ticket") or {}).get("description") or "")) for p in (REPO / "evals" / "tickets").glob("*.yaml")
                    for c in (yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("cases") or []}
    assert not [c["id"] for c in TICKETS if fold(c["ticket"].get("description") or "") in tuning_texts]
