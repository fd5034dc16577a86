"""The whole flow a new user sees after ``make serve``: /demo with the real model and index.

For each space's sample ticket the panel must receive the ticket and show
its parts; for the eNotas customer blocked for non-payment, the next step is
the POP's "Pendente Financeiro" step. A screenshot per space goes to
``artifacts/screenshots/`` (set UPDATE_README_SCREENSHOT to refresh the one
the README shows, ``docs/panel.png``).
"""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from copilot.runtime import build_runtime
from copilot.settings import Settings
from tests.browser.conftest import SCREENSHOTS, start_server
from tests.conftest import REPO
from tests.web.panel_fakes import panel_app

pytestmark = pytest.mark.model

UPDATE_README_SCREENSHOT = False
TIMEOUT = 60_000  # the first suggestion of a space loads that space's knowledge
PARTS = ("sla", "next-step", "checklist", "reply", "articles")


@pytest.fixture(scope="module")
def server():
    settings = Settings()  # the project's kb/, model and index, as `make serve` uses them
    live = start_server(panel_app(settings, build_runtime))
    yield live
    live.stop()


def wait_for_parts(panel) -> None:
    for part in PARTS:
        expect(panel.locator(f"#part-{part} .part-body .placeholder")).to_have_count(0, timeout=TIMEOUT)
        expect(panel.locator(f"#part-{part} .part-body .error")).to_have_count(0)


def test_every_sample_ticket_gets_its_panel_and_the_blocked_customer_goes_to_finance(server, chromium):
    page = chromium(width=1280, height=1000).new_page()
    page.goto(server.url + "/demo")
    panel = page.frame_locator("#copilot-panel")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    samples = page.locator("article.demo-ticket")
    for index in range(samples.count()):
        space = samples.nth(index).get_attribute("data-space")
        page.locator(".pick").nth(index).click()
        expect(panel.locator("#space-name")).to_have_text(space, timeout=TIMEOUT)
        expect(panel.locator("#ticket-title")).to_contain_text(samples.nth(index).locator("h2").inner_text().split("· ")[-1])
        wait_for_parts(panel)
        if space == "enotas":
            expect(panel.locator("#part-next-step .step-text")).to_contain_text("Pendente Financeiro")
            expect(panel.locator("#part-checklist .item-title")).to_have_text("Emissão de notas / Rejeição (correção)")
        page.screenshot(path=str(SCREENSHOTS / f"panel-{space}.png"))
    if UPDATE_README_SCREENSHOT:
        shutil.copyfile(SCREENSHOTS / "panel-enotas.png", REPO / "docs" / "panel.png")


def test_the_draft_fix_and_the_insert_work_with_the_real_checker(server, chromium):
    page = chromium().new_page()
    page.goto(server.url + "/demo")
    panel = page.frame_locator("#copilot-panel")
    expect(panel.locator("#space-name")).to_have_text("enotas", timeout=TIMEOUT)

    draft = panel.locator("#draft")
    draft.press_sequentially("Vou estar verificando o bloqueio com o financeiro.")
    expect(panel.locator("#draft-findings .mirror mark.sev-error")).to_have_text("Vou estar verificando", timeout=TIMEOUT)
    panel.locator("#draft-findings button.apply-fix").first.click()
    expect(draft).to_have_value(re.compile(r"^Vou verificar o bloqueio"))

    panel.locator("#part-draft button[data-insert]").click()
    expect(page.locator("#reply-editor")).to_have_value(re.compile(r"^Vou verificar o bloqueio"), timeout=TIMEOUT)


PAYLOADS = ['<img src=x onerror="parent.__pwned=1;window.__pwned=1">',
            '<script>parent.__pwned=1;window.__pwned=1</script>',
            '"><svg onload="window.__pwned=1">',
            "javascript:window.__pwned=1"]


def hostile_ticket() -> dict:
    """Every ticket field carries markup that would run if the panel rendered it as HTML."""
    evil = " ".join(PAYLOADS)
    return {
        "space": "enotas", "id": f"9{evil}", "subject": f"Nota rejeitada {evil}",
        "description": f"Minha nota voltou rejeitada pela prefeitura. {evil}",
        "status": f"novo {evil}", "priority": f"alta {evil}", "channel": f"email {evil}",
        "requester": {"name": f"Maria {evil}", "email": "maria@padaria.com.br", "organization": f"Padaria {evil}"},
        "assignee": {"name": f"João {evil}"},
        "fields": {"situacao_embed": f"bloqueado por inadimplência {evil}", f"campo {evil}": evil},
        "tags": ["nfse", evil],
        "comments": [{"author": "customer", "public": True, "body": f"Continua rejeitando {evil}"},
                     {"author": "agent", "public": False, "body": f"Nota interna {evil}"}],
    }


def test_markup_in_every_ticket_field_is_shown_as_text_and_never_runs(server, chromium):
    page = chromium(width=1280, height=1000).new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server.url + "/demo")
    panel = page.frame_locator("#copilot-panel")
    expect(panel.locator("#ticket-title")).to_be_visible(timeout=TIMEOUT)
    page.evaluate("""t => document.querySelector('#copilot-panel').contentWindow
                          .postMessage({type: 'copilot:ticket', ticket: t}, location.origin)""", hostile_ticket())
    expect(panel.locator("#ticket-title")).to_contain_text("#9<img src=x onerror=", timeout=TIMEOUT)
    wait_for_parts(panel)
    panel.locator("#draft").fill(f"Olá Maria, {PAYLOADS[0]} vou estar verificando.")
    expect(panel.locator("#draft-findings .mirror mark.sev-error")).to_have_text("vou estar verificando", timeout=TIMEOUT)
    frame = next(f for f in page.frames if f.url.startswith(server.url + "/panel"))
    assert frame.evaluate("window.__pwned === undefined") and page.evaluate("window.__pwned === undefined")
    assert frame.evaluate("document.querySelectorAll('#copilot-root script, main script, svg[onload], img[onerror]').length") == 0
    assert dialogs == []
