"""The panel in a real headless Chromium, with a deterministic suggester.

The knowledge base and the draft checker are the real ones; only the
suggester is the catalog-driven fake, so these flows test the panel (bridge,
token handling, htmx fragments, fixes, keyboard, CSP) and not the model.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from copilot.check import DraftChecker
from copilot.kb.catalog import Catalog
from copilot.settings import Settings
from tests.browser.conftest import start_server
from tests.web.panel_fakes import fake_runtime_factory, panel_app

TOKEN = "token-de-teste-do-painel"
TIMEOUT = 10_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"), token=TOKEN,
                        allowed_frame_origins=["https://*.zendesk.com"])
    checker = DraftChecker(Catalog(settings.kb_dir))
    live = start_server(panel_app(settings, fake_runtime_factory(checker=checker)))
    yield live
    live.stop()


def watch(page) -> list[str]:
    """Console errors, page errors and dialogs (an alert would be an XSS)."""
    problems: list[str] = []
    # htmx reports a fragment request it cancelled because a newer ticket arrived
    # (hx-sync="this:replace") as an error; that is the intended behaviour.
    cancelled = ("htmx:sendAbort", "htmx:afterRequest")
    page.on("console", lambda m: problems.append(m.text)
            if m.type == "error" and not m.text.startswith(cancelled) else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 and "/parts/" not in r.url else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: (problems.append("dialog: " + d.message), d.dismiss()))
    return problems


def test_demo_sends_the_ticket_and_the_fix_and_insert_reach_the_host(server, chromium):
    page = chromium().new_page()
    problems = watch(page)
    page.goto(server.url + "/demo")
    panel = page.frame_locator("#copilot-panel")

    expect(panel.locator("#ticket-title")).to_contain_text("Notas de serviço voltando rejeitadas", timeout=TIMEOUT)
    expect(panel.locator("#part-checklist .item-title")).to_have_text("Emissão de notas / Rejeição (correção)", timeout=TIMEOUT)
    expect(panel.locator("#part-next-step .step-text")).to_be_visible()
    expect(panel.locator("#part-articles blockquote").first).to_be_visible()

    draft = panel.locator("#draft")
    draft.press_sequentially("Olá Helena, vou estar verificando o bloqueio.")
    expect(panel.locator("#draft-findings .mirror mark.sev-error")).to_have_text("vou estar verificando", timeout=TIMEOUT)
    panel.locator("#draft-findings button.apply-fix").first.click()
    expect(draft).to_have_value("Olá Helena, vou verificar o bloqueio.")
    expect(panel.locator("#draft-findings .ok")).to_be_visible(timeout=TIMEOUT)

    panel.locator("#part-reply button[data-insert]").click()
    expect(page.locator("#reply-editor")).to_have_value(re.compile(r"^Olá Helena"), timeout=TIMEOUT)
    assert problems == []


def test_apply_all_uses_the_fixed_draft_and_the_keyboard_reaches_every_fix(server, chromium):
    page = chromium().new_page()
    problems = watch(page)
    page.goto(server.url + "/demo")
    panel = page.frame_locator("#copilot-panel")
    expect(panel.locator("#part-checklist .item-title")).to_be_visible(timeout=TIMEOUT)

    draft = panel.locator("#draft")
    draft.focus()
    page.keyboard.type("Vou estar verificando. Estarei passando o caso ao financeiro.")
    expect(panel.locator("#draft-findings li.finding")).to_have_count(2, timeout=TIMEOUT)
    for _ in range(12):  # Tab from the draft box until a fix button has the focus
        page.keyboard.press("Tab")
        focused = panel.locator(":focus")
        if focused.count() and "apply-fix" in (focused.get_attribute("class") or ""):
            break
    else:
        pytest.fail("no 'Aplicar correção' button is reachable with Tab")
    assert focused.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    panel.locator("#draft-findings button.apply-all").click()
    expect(draft).to_have_value("Vou verificar. Passarei o caso ao financeiro.")
    assert problems == []


def test_token_from_the_url_fragment_is_used_then_cleared_and_never_stored(server, chromium):
    context = chromium(width=320, height=800)
    page = context.new_page()
    problems = watch(page)
    query = urlencode({"space": "enotas", "id": "5", "subject": "<img src=x onerror=alert(1)> nota rejeitada",
                       "description": "A nota voltou rejeitada pela prefeitura."})
    page.goto(f"{server.url}/panel?{query}#token={TOKEN}")

    expect(page.locator("#part-checklist .item-title")).to_be_visible(timeout=TIMEOUT)
    assert page.evaluate("location.hash") == ""
    assert TOKEN not in page.content()
    assert page.evaluate("document.cookie") == "" and page.evaluate("localStorage.length + sessionStorage.length") == 0
    expect(page.locator("#ticket-title")).to_contain_text("<img src=x onerror=alert(1)>")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "the panel must fit 320 px"
    assert problems == []


def test_messages_from_elsewhere_are_ignored_and_origins_follow_the_settings(server, chromium):
    page = chromium().new_page()
    page.goto(server.url + "/demo")
    frame = page.frame_locator("#copilot-panel")
    expect(frame.locator("#ticket-title")).to_contain_text("Notas de serviço", timeout=TIMEOUT)
    panel = next(f for f in page.frames if f.url.startswith(server.url + "/panel"))

    forged = {"type": "copilot:ticket", "ticket": {"space": "voalle", "subject": "mensagem forjada"}}
    panel.evaluate("m => window.postMessage(m, '*')", forged)  # not from the parent window
    page.wait_for_timeout(300)
    expect(frame.locator("#ticket-title")).to_contain_text("Notas de serviço")
    allowed = panel.evaluate("""() => ['https://acme.zendesk.com', 'https://zendesk.com.evil.io',
                                       'https://evil.example', location.origin].map(CopilotPanel.originAllowed)""")
    assert allowed == [True, False, False, True]


def test_without_a_token_the_panel_says_so_in_portuguese(server, chromium):
    page = chromium().new_page()
    page.goto(f"{server.url}/panel?" + urlencode({"space": "enotas", "subject": "Nota rejeitada"}))
    expect(page.locator("#panel-status")).to_contain_text("não recebeu um token", timeout=TIMEOUT)
    response = page.request.post(server.url + "/panel/parts/checklist",
                                 form={"ticket": json.dumps({"space": "enotas", "subject": "x"})})
    assert response.status == 401 and "token" in response.text()


CHATWOOT_CONTEXT = {"event": "appContext", "data": {
    "conversation": {"id": 311, "status": "open", "labels": ["nfse"], "custom_attributes": {"copilot_space": "enotas"},
                     "meta": {"channel": "Channel::WebWidget", "assignee": {"name": "Diego Martins"}},
                     "messages": [{"message_type": 0, "content": "Minha nota fiscal voltou rejeitada pela prefeitura.",
                                   "created_at": 1795000000},
                                  {"message_type": 1, "private": True, "content": "Cliente bloqueado no Embed.",
                                   "created_at": 1795000300}]},
    "contact": {"name": "Helena Prado", "email": "helena@pradoodontologia.com.br"},
    "currentAgent": {"name": "Diego Martins"}}}


def test_a_chatwoot_dashboard_app_gets_its_ticket_from_app_context(server, chromium):
    page = chromium().new_page()
    problems = watch(page)
    page.goto(server.url + "/demo")
    page.evaluate("""token => {
        const frame = document.createElement('iframe');
        frame.id = 'chatwoot-app';
        frame.src = '/panel?space=enotas#token=' + token;
        document.body.appendChild(frame);
    }""", TOKEN)
    frame = page.frame_locator("#chatwoot-app")
    expect(frame.locator("#draft")).to_be_visible(timeout=TIMEOUT)
    page.evaluate("m => document.getElementById('chatwoot-app').contentWindow.postMessage(JSON.stringify(m), '*')",
                  CHATWOOT_CONTEXT)  # Chatwoot posts a JSON string
    expect(frame.locator("#ticket-title")).to_contain_text("#311 · Minha nota fiscal voltou rejeitada", timeout=TIMEOUT)
    expect(frame.locator("#part-checklist .item-title")).to_be_visible(timeout=TIMEOUT)
    frame.locator("#part-reply button[data-insert]").click()
    expect(frame.locator("#panel-status")).to_contain_text("Este helpdesk não recebe texto do painel")
    assert problems == []


CONTRAST = """() => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = ({r, g, b}) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = (el) => { for (; el; el = el.parentElement) { const c = parse(getComputedStyle(el).backgroundColor);
    if (c && c.a > 0.99) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
  const low = [];
  document.querySelectorAll('body *').forEach((el) => {
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) return;
    if (el.closest('[hidden]') || el.offsetParent === null) return;
    const a = lum(parse(getComputedStyle(el).color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) low.push(`${el.tagName}.${el.className} ${ratio.toFixed(2)}: ${el.textContent.trim().slice(0, 40)}`);
  });
  return low;
}"""


def test_every_text_of_the_panel_and_the_demo_reads_at_4_5_to_1(server, chromium):
    page = chromium().new_page()
    page.goto(server.url + "/demo")
    frame = page.frame_locator("#copilot-panel")
    expect(frame.locator("#part-articles blockquote").first).to_be_visible(timeout=TIMEOUT)
    frame.locator("#draft").press_sequentially("Vou estar verificando e retorno até amanhã.")
    expect(frame.locator("#draft-findings li.finding")).to_have_count(2, timeout=TIMEOUT)
    panel = next(f for f in page.frames if f.url.startswith(server.url + "/panel"))
    assert panel.evaluate(CONTRAST) == []
    assert page.evaluate(CONTRAST) == []
