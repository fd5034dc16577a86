"""The Zendesk app (integrations/zendesk) in Chromium, inside a pretend Zendesk agent page.

The pretend page answers the ZAF SDK's messages the way Zendesk does
(handshake → ``zaf.app.registered`` with the app settings; ``get`` and
``invoke`` requests by id), so the test runs the app's own files, the
vendored SDK and the bridge, with no network: both "Zendesk" origins are
served by Playwright's request routing.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from copilot.check import DraftChecker
from copilot.kb.catalog import Catalog
from copilot.settings import Settings
from tests.browser.conftest import start_server
from tests.conftest import REPO
from tests.web.panel_fakes import fake_runtime_factory, panel_app

TOKEN = "token-do-app-zendesk"
AGENT = "https://acme.zendesk.com"
APP = "https://9f1c.apps.zdusercontent.com"
ASSETS = REPO / "integrations" / "zendesk" / "assets"
TICKET = {"ticket.subject": "Nota rejeitada pela prefeitura", "ticket.id": 48213,
          "ticket.description": "Minha nota de serviço voltou rejeitada, código de serviço inválido.",
          "ticket.requester.name": "Maria Souza", "ticket.requester.email": "maria@padaria.com.br",
          "ticket.assignee.user.name": "João Lima", "ticket.status": "open", "ticket.priority": "high",
          "ticket.tags": ["nfse"]}

HOST = """<!doctype html><html><body><h1>Zendesk (de mentira)</h1>
<iframe id="app" src="%(app)s/assets/iframe.html?origin=%(agent)s&app_guid=g-1" width="380" height="700"></iframe>
<script>
  window.appended = [];
  const settings = %(settings)s, ticket = %(ticket)s;
  const frame = document.getElementById('app');
  function reply(message) { frame.contentWindow.postMessage(JSON.stringify(message), '%(app)s'); }
  window.addEventListener('message', (event) => {
    if (event.origin !== '%(app)s') return;
    const data = JSON.parse(event.data);
    if (data.key === 'iframe.handshake') {
      reply({key: 'zaf.app.registered', message: {metadata: {settings}, context: {location: 'ticket_sidebar'}}});
    } else if (data.request === 'get') {
      const result = {errors: {}};
      data.params.forEach((path) => { result[path] = ticket[path]; });
      reply({id: data.id, result});
    } else if (data.request === 'invoke') {
      if (data.params['ticket.comment.appendText']) window.appended.push(data.params['ticket.comment.appendText'][0]);
      reply({id: data.id, result: {}});
    }
  });
</script></body></html>"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"), token=TOKEN,
                        allowed_frame_origins=["https://*.zendesk.com", "https://*.apps.zdusercontent.com"])
    live = start_server(panel_app(settings, fake_runtime_factory(DraftChecker(Catalog(settings.kb_dir)))))
    yield live
    live.stop()


# Chromium's Local Network Access checks block a public page (the pretend Zendesk) from
# framing a loopback address (the test server); a real copilot has a proper hostname.
# See integrations/zendesk/README.md for what this means on an intranet.
PUBLIC_TO_LOOPBACK = ("--disable-features=LocalNetworkAccessChecks",)


def test_the_app_reads_the_ticket_feeds_the_panel_and_appends_to_the_reply(server, chromium):
    context = chromium(extra_args=PUBLIC_TO_LOOPBACK)
    settings = {"copilot_url": server.url, "copilot_space": "enotas", "copilot_token": TOKEN}
    host = HOST % {"app": APP, "agent": AGENT, "settings": json.dumps(settings), "ticket": json.dumps(TICKET)}
    context.route(f"{AGENT}/**", lambda route: route.fulfill(body=host, content_type="text/html"))

    def asset(route):
        name = route.request.url.split("/assets/")[-1].split("?")[0]
        path = REPO / "web" / "static" / "bridge.js" if name == "bridge.js" else ASSETS / name
        route.fulfill(path=str(path))

    context.route(f"{APP}/**", asset)
    page = context.new_page()
    page.goto(f"{AGENT}/agent/tickets/48213")

    panel = page.frame_locator("#app").frame_locator("#copilot-panel")
    expect(panel.locator("#ticket-title")).to_contain_text("#48213 · Nota rejeitada pela prefeitura", timeout=15_000)
    expect(panel.locator("#part-reply textarea")).to_be_visible(timeout=15_000)
    panel.locator("#part-reply button[data-insert]").click()
    page.wait_for_function("window.appended.length === 1", timeout=10_000)
    appended = page.evaluate("window.appended[0]")
    assert appended == panel.locator("#reply-text").input_value() and appended.strip()
