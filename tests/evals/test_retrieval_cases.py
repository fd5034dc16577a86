"""The retrieval evaluation set (evals/retrieval/*.yaml) is itself a specification.

A case is only worth scoring if its gold quotes really point at one passage: a
quote that was paraphrased, spans two lines, comes from CSS/navigation debris or
occurs in several places would make recall figures meaningless. These tests keep
the set honest as curators edit it, and check the quotes survive curation of
kb/<space>/docs/*.md (the retrieval scorer only sees curated text).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CASES_DIR = REPO / "evals" / "retrieval"
KB_DIR = REPO / "kb"
# The seeds are shared read-only material kept beside the repository checkout.
SEED_DIRS = (REPO / "seeds", REPO.parent / "shared" / "seeds")
SEED_FILES = {
    "enotas": "000_a586f9e4fbc5c752.txt",
    "r3izzy": "001_1460ff9b9b1768a4.txt",
    "totvs": "002_44c80c1753a69288.txt",
    "info": "003_46f0d72acbeffb8a.txt",
    "voalle": "004_5fbac88c502a9179.txt",
}
MINIMUM_CASES = {"enotas": 22, "r3izzy": 20, "totvs": 30, "info": 25, "voalle": 13}
MINIMUM_TOTAL = 100
MINIMUM_NON_PT_SHARE = 0.08
LANGS = {"pt", "en", "mixed"}
STYLES = {"informal", "typo", "paraphrase", "short", "long", "english"}
CASE_KEYS = {"id", "query", "lang", "style", "gold"}
QUOTE_LENGTH = range(30, 91)


def normalise(text: str, *, fold: bool = True) -> str:
    """Collapse whitespace (incl. NBSP) and case-fold, as the retrieval scorer does."""
    collapsed = " ".join(text.split())
    return collapsed.casefold() if fold else collapsed


def _load_case_files() -> dict[str, dict]:
    paths = sorted(CASES_DIR.glob("*.yaml"))
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in paths}


def _find_seed(name: str) -> Path:
    for directory in SEED_DIRS:
        if (directory / name).is_file():
            return directory / name
    raise AssertionError(f"seed {name} não encontrada em {[str(d) for d in SEED_DIRS]}")


def _visible_lines(seed_text: str) -> list[tuple[str, bool]]:
    """Each seed line with whether it is prose (not CSS, HTML markup or Confluence deck settings)."""
    lines, in_style = [], False
    for line in seed_text.splitlines():
        if re.search(r"<style\b", line):
            in_style = True
        is_markup = in_style or "<" in line or "deck.tab" in line
        if "</style>" in line:
            in_style = False
        lines.append((line, not is_markup))
    return lines


FILES = _load_case_files()
CASES = [(space, case) for space, data in FILES.items() for case in (data or {}).get("cases") or []]
CASE_IDS = [str(case.get("id")) for _, case in CASES]
SEED_LINES = {
    space: _visible_lines(_find_seed(name).read_text(encoding="utf-8")) for space, name in SEED_FILES.items()
}


def _curated_docs(space: str) -> dict[Path, str]:
    paths = sorted((KB_DIR / space / "docs").glob("*.md"))
    return {path: normalise(path.read_text(encoding="utf-8")) for path in paths}


CURATED = {space: _curated_docs(space) for space in SEED_FILES}


def test_one_file_per_known_space_each_naming_its_own_space():
    assert set(FILES) == set(SEED_FILES)
    for stem, data in FILES.items():
        assert isinstance(data, dict) and data.get("space") == stem, f"{stem}.yaml deve declarar space: {stem}"
        assert isinstance(data.get("cases"), list) and data["cases"], f"{stem}.yaml sem casos"


def test_case_ids_are_unique_and_prefixed_by_their_space():
    ids = Counter(case.get("id") for _, case in CASES)
    assert not [i for i, n in ids.items() if n > 1], "ids repetidos"
    for space, case in CASES:
        assert re.fullmatch(rf"{space}-r\d{{3}}", str(case.get("id"))), case.get("id")


def test_queries_are_not_repeated():
    queries = Counter(normalise(str(case.get("query"))) for _, case in CASES)
    assert [q for q, n in queries.items() if n > 1] == []


def test_each_space_meets_its_minimum_and_the_set_its_total():
    per_space = Counter(space for space, _ in CASES)
    assert len(CASES) >= MINIMUM_TOTAL
    for space, minimum in MINIMUM_CASES.items():
        assert per_space[space] >= minimum, f"{space}: {per_space[space]} casos, mínimo {minimum}"


def test_about_a_tenth_of_the_queries_are_english_or_mixed():
    non_pt = sum(case.get("lang") != "pt" for _, case in CASES)
    assert non_pt / len(CASES) >= MINIMUM_NON_PT_SHARE


def test_the_set_uses_every_style():
    assert {case.get("style") for _, case in CASES} == STYLES


@pytest.mark.parametrize(("space", "case"), CASES, ids=CASE_IDS)
def test_case_is_well_formed(space, case):
    assert set(case) == CASE_KEYS
    assert isinstance(case["query"], str) and case["query"].strip()
    assert case["lang"] in LANGS and case["style"] in STYLES
    if case["style"] == "english":
        assert case["lang"] != "pt"
    assert isinstance(case["gold"], list) and case["gold"]
    for quote in case["gold"]:
        assert isinstance(quote, str), quote
        assert len(quote) in QUOTE_LENGTH, f"citação com {len(quote)} caracteres: {quote!r}"
        assert not re.search(r"[\n|<>]", quote), f"citação atravessa linha, célula ou tag: {quote!r}"
        assert normalise(quote) not in normalise(case["query"]), "a pergunta copia a citação"


@pytest.mark.parametrize(("space", "case"), CASES, ids=CASE_IDS)
def test_gold_quotes_are_verbatim_distinctive_prose_of_the_seed(space, case):
    for quote in case["gold"]:
        verbatim = normalise(quote, fold=False)
        exact = [(line, prose) for line, prose in SEED_LINES[space] if verbatim in normalise(line, fold=False)]
        assert exact, f"citação não é literal da seed de {space}: {quote!r}"
        folded = [line for line, _ in SEED_LINES[space] if normalise(quote) in normalise(line)]
        assert len(folded) == 1, f"citação ocorre em {len(folded)} linhas da seed: {quote!r}"
        assert exact[0][1], f"citação tirada de CSS/HTML/navegação: {quote!r}"


@pytest.mark.parametrize(("space", "case"), CASES, ids=CASE_IDS)
def test_gold_quotes_survive_curation_when_curated_docs_exist(space, case):
    docs = CURATED[space]
    missing = [q for q in case["gold"] if docs and not any(normalise(q) in text for text in docs.values())]
    assert missing == [], f"citações ausentes de kb/{space}/docs/*.md: {missing}"
