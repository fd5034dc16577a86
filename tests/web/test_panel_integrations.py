"""The helpdesk integrations: the Zendesk app zip and the shapes both apps send the panel."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from copilot.errors import InvalidInput
from copilot.integrations import BRIDGE, INTEGRATIONS_DIR, zendesk_package
from copilot.ticket import Ticket

ZENDESK = INTEGRATIONS_DIR / "zendesk"
ZAF_FIELDS = ["ticket.subject", "ticket.description", "ticket.requester.name", "ticket.requester.email",
              "ticket.assignee.user.name", "ticket.status", "ticket.priority", "ticket.tags", "ticket.id"]


def test_the_zendesk_app_zip_holds_a_ticket_sidebar_app_and_the_served_bridge(tmp_path):
    path = zendesk_package(tmp_path / "dist" / "copilot-zendesk.zip")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        assert archive.read("assets/bridge.js") == BRIDGE.read_bytes()
        app_js = archive.read("assets/app.js").decode()
    assert {"manifest.json", "translations/en.json", "translations/pt-br.json", "assets/iframe.html",
            "assets/app.js", "assets/zaf_sdk.js", "assets/logo.png", "assets/logo-small.png"} <= names
    assert not any(n.startswith("tools/") for n in names)
    assert manifest["frameworkVersion"] == "2.0"
    assert manifest["location"]["support"]["ticket_sidebar"]["url"] == "assets/iframe.html"
    assert {p["name"] for p in manifest["parameters"]} == {"copilot_url", "copilot_space", "copilot_token"}
    assert all(f"'{field}'" in app_js for field in ZAF_FIELDS)
    assert "client.invoke('ticket.comment.appendText', text)" in app_js


def test_the_same_sources_give_the_same_zip(tmp_path):
    first = zendesk_package(tmp_path / "a.zip").read_bytes()
    assert zendesk_package(tmp_path / "b.zip").read_bytes() == first


def test_a_broken_app_is_refused_before_anything_is_written(tmp_path):
    source = tmp_path / "zendesk"
    shutil.copytree(ZENDESK, source)
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    (source / "manifest.json").write_text(json.dumps({**manifest, "frameworkVersion": "1.0"}), encoding="utf-8")
    with pytest.raises(InvalidInput, match="frameworkVersion"):
        zendesk_package(tmp_path / "app.zip", source=source)
    (source / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    page = source / "assets" / "iframe.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        'src="zaf_sdk.js"', 'src="https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js"'),
        encoding="utf-8")
    with pytest.raises(InvalidInput, match="CDN"):
        zendesk_package(tmp_path / "app.zip", source=source)
    assert not list(tmp_path.glob("*.zip")) and not list(tmp_path.glob(".*.tmp"))


def test_demo_tickets_are_valid_contract_tickets_one_per_space():
    from copilot.kb.catalog import Catalog
    from copilot.settings import PROJECT_ROOT
    from web.routes.demo import DEMO_DIR

    samples = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DEMO_DIR.glob("*.json"))]
    spaces = [Ticket.model_validate(s["ticket"]).space for s in samples]
    assert sorted(spaces) == sorted(Catalog(PROJECT_ROOT / "kb").space_ids())
    assert all(s["label"] and 0 < s["age_minutes"] < 240 for s in samples)
