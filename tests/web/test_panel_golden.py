"""Golden HTML for the panel page and each fragment htmx asks for.

A change to a template shows up here as a diff to review. To accept it, set
UPDATE_GOLDEN = False, run this module once, read the diff in
``tests/web/golden/`` and set it back to False.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from copilot.settings import Settings
from tests.web.panel_fakes import TICKET, fake_runtime_factory, make_kb, panel_app

UPDATE_GOLDEN = False
GOLDEN = Path(__file__).parent / "golden"
TOKEN = "token-de-teste-analista"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUERY = {"space": "acme", "id": "7", "subject": "App fecha ao emitir nota", "priority": "alta"}
DRAFT = "Olá Maria! Vou estar verificando e retorno até amanhã."

CASES = {
    "panel_shell": lambda c: c.get("/panel", params=QUERY),
    "panel_full": lambda c: c.get("/panel", params=QUERY, headers=AUTH),
    "part_sla": lambda c: c.post("/panel/parts/sla", data={"ticket": json.dumps(TICKET)}, headers=AUTH),
    "part_next_step": lambda c: c.post("/panel/parts/next-step", data={"ticket": json.dumps(TICKET)}, headers=AUTH),
    "part_checklist": lambda c: c.post("/panel/parts/checklist", data={"ticket": json.dumps(TICKET)}, headers=AUTH),
    "part_reply": lambda c: c.post("/panel/parts/reply", data={"ticket": json.dumps(TICKET)}, headers=AUTH),
    "part_articles": lambda c: c.post("/panel/parts/articles", data={"ticket": json.dumps(TICKET)}, headers=AUTH),
    "part_without_token": lambda c: c.post("/panel/parts/reply", data={"ticket": json.dumps(TICKET)}),
    "findings": lambda c: c.post("/panel/check", data={"draft": DRAFT, "space": "acme"}, headers=AUTH),
    "checklist_note": lambda c: c.post("/panel/checklist/note", headers=AUTH, data={
        "space": "acme", "checklist_id": "acme-checklist-falha", "q:falha-refere-se": "Painel Emissor",
        "analysis": "Falha reproduzida no painel."}),
    "feedback_done": lambda c: c.post("/panel/feedback", headers=AUTH, data={
        "space": "acme", "target": "reply_template", "item_id": "acme-primeiro-contato", "vote": "up",
        "ticket": json.dumps(TICKET)}),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("golden")
    settings = Settings(kb_dir=make_kb(root), data_dir=root / "data", token=TOKEN,
                        allowed_frame_origins=["https://acme.zendesk.com"])
    return TestClient(panel_app(settings, fake_runtime_factory()))


@pytest.mark.parametrize("name", sorted(CASES))
def test_fragment_matches_its_golden_file(client, name):
    html = CASES[name](client).text
    path = GOLDEN / f"{name}.html"
    if UPDATE_GOLDEN:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(html, encoding="utf-8")
    assert path.is_file(), f"{path.name} is missing: set UPDATE_GOLDEN = True once to write it"
    assert html == path.read_text(encoding="utf-8")


def test_golden_updates_are_switched_off():
    assert UPDATE_GOLDEN is False, "set UPDATE_GOLDEN back to False after reviewing the golden diff"
