"""The curator's workspace in a real headless Chromium, with the real model and a real index.

A copy of the eNotas space (and the shared rules) in a temporary kb/, indexed
into a temporary data dir, and a few eval cases of that space. The curator
opens /kb with a curator token for eNotas in the URL fragment and: uploads a
new POP (watching it being indexed), finds its passage with the search box,
deletes it and no longer finds it; sees a broken rules.yaml refused with
file, line and field; turns an analyst's thumbs-down into an eval case in two
clicks; then runs the evals from /kb/evals and reads the report.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from playwright.sync_api import expect

from copilot.cli import run_index
from copilot.runtime import build_runtime
from copilot.settings import Settings
from tests.browser.conftest import SCREENSHOTS, start_server
from tests.conftest import REPO

pytestmark = pytest.mark.model

INDEXING = 120_000  # embedding the upload with the real model, on 2 busy cores
EVAL_RUN = 300_000
UI = 30_000
PASSAGE = "abra um processo de substituição da NFS-e no portal da prefeitura de Joinville"
UPLOAD = f"""---
id: enotas-pop-cancelamento-nfse
title: POP — Cancelamento de NFS-e fora do prazo
kind: pop
source: teste do navegador
---
## Cancelamento fora do prazo

1. Confira a data de emissão da nota no painel do Emissor.
2. Se a nota foi emitida há mais de 30 dias, {PASSAGE}; o cancelamento direto é recusado.
3. Registre o número do processo numa nota interna do ticket <img src=x onerror=alert(1)>.
"""
DRAFTS = """cases:
  - id: ger-kb-001
    space: enotas
    draft: "Olá Carla, vou estar verificando a rejeição da nota."
    ticket: null
    now: "2026-11-24T10:00:00-03:00"
    expected:
      - {rule: gerund, text: "vou estar verificando", severity: error}
  - id: cln-kb-001
    space: enotas
    draft: "Olá Carla, segundo o manual da prefeitura o código de serviço está certo."
    ticket: null
    now: "2026-11-24T10:00:00-03:00"
    expected: []
"""


def _first_cases(source, target, count: int) -> None:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["cases"] = data["cases"][:count]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from web.app import create_app
    from web.routes.kb import install_kb

    root = tmp_path_factory.mktemp("curadoria")
    for part in ("_base", "enotas"):
        shutil.copytree(REPO / "kb" / part, root / "kb" / part)
    evals = root / "evals"
    _first_cases(REPO / "evals" / "retrieval" / "enotas.yaml", evals / "retrieval" / "enotas.yaml", 4)
    _first_cases(REPO / "evals" / "tickets" / "enotas.yaml", evals / "tickets" / "enotas.yaml", 3)
    (evals / "drafts").mkdir()
    (evals / "drafts" / "poucos.yaml").write_text(DRAFTS, encoding="utf-8")
    shutil.copyfile(REPO / "evals" / "thresholds.yaml", evals / "thresholds.yaml")
    settings = Settings(kb_dir=root / "kb", data_dir=root / "data", evals_dir=evals,
                        model_dir=Settings().resolved_model_dir)
    run_index(settings)
    app = create_app(settings, build_runtime, background=False)
    if not any(getattr(route, "path", None) == "/kb" for route in app.routes):
        install_kb(app)
    _, token = app.state.tokens.create("curadora eNotas", "curator", ["enotas"])
    vote = app.state.feedback.record(
        space="enotas", target="checklist", vote="down", comment="Era rejeição, não falha do sistema.",
        ticket={"space": "enotas", "id": "90001", "subject": "Nota voltou rejeitada pela prefeitura",
                "description": "A nota 1543 voltou com rejeição E160."},
        suggestion={"space": "enotas", "checklist": {"title": "Falha no sistema"}, "articles": []})
    live = start_server(app)
    yield {"url": live.url, "token": token, "settings": settings, "vote": vote, "root": root}
    live.stop()


@pytest.fixture(scope="module")
def page(site, chromium):
    page = chromium(width=1280, height=1000).new_page()
    problems: list[str] = []
    expected = ("422",)  # the refused rules.yaml: htmx and Chromium both log the 4xx of that fragment

    def console(message):
        if message.type == "error" and not any(code in message.text for code in expected):
            problems.append(message.text)  # a CSP violation or a script error lands here

    page.on("console", console)
    page.on("pageerror", lambda e: problems.append(str(e)))

    def dialog(d):
        if d.type == "confirm" and "Excluir" in d.message:
            d.accept()
        else:  # an alert would be the uploaded document's HTML running
            problems.append(f"{d.type}: {d.message}")
            d.dismiss()

    page.on("dialog", dialog)
    page.problems = problems
    page.goto(f"{site['url']}/kb#token={site['token']}")
    expect(page).to_have_url(re.compile(r"/kb$"))  # the token left the address bar at once
    page.locator("button.space-link[data-space=enotas]").click()
    expect(page.locator("#documents table.docs")).to_be_visible(timeout=UI)
    yield page
    assert problems == []


def search(page, query: str):
    page.locator("#search-q").fill(query)
    page.locator("#search-form button").click()
    return page.locator("#search-results")


def test_upload_search_delete(page, site):
    source = site["root"] / "POP cancelamento NFS-e.md"
    source.write_text(UPLOAD, encoding="utf-8")
    page.set_input_files("#upload-file", str(source))
    page.get_by_role("button", name="Enviar e indexar").click()
    expect(page.locator("#upload-job .job")).to_be_visible(timeout=UI)
    expect(page.locator("#upload-job .job.done")).to_contain_text("já usam esta versão", timeout=INDEXING)
    row = page.locator("#documents tr[data-doc-id=enotas-pop-cancelamento-nfse]")
    expect(row).to_contain_text("POP — Cancelamento de NFS-e fora do prazo", timeout=UI)

    results = search(page, "nota emitida há mais de 30 dias, como cancelo?")
    expect(results.locator("li").first).to_contain_text(PASSAGE, timeout=UI)
    expect(results.locator("li").first.locator(".section")).to_contain_text("Cancelamento fora do prazo")

    row.locator("button.danger").click()
    expect(page.locator("#upload-job .job.done")).to_contain_text("Excluindo", timeout=INDEXING)
    expect(row).to_have_count(0, timeout=UI)
    assert not (site["settings"].kb_dir / "enotas" / "docs" / "POP cancelamento NFS-e.md").exists()
    results = search(page, "nota emitida há mais de 30 dias, como cancelo?")
    expect(results.locator("li").first).to_be_visible(timeout=UI)
    expect(results).not_to_contain_text("prefeitura de Joinville")


def test_a_broken_rules_file_is_refused_with_file_line_and_field(page, site):
    path = site["settings"].kb_dir / "enotas" / "rules.yaml"
    before = path.read_text(encoding="utf-8")
    page.get_by_role("button", name=re.compile("Regras de conduta")).click()
    editor = page.locator("#knowledge-text")
    expect(editor).to_have_value(before, timeout=UI)
    editor.fill("rules:\n  gerund:\n    severity: gravissima\n")
    page.get_by_role("button", name="Validar e salvar").click()
    problem = page.locator("#knowledge .problem")
    expect(problem.locator(".problem-file")).to_have_text("enotas/rules.yaml", timeout=UI)
    expect(problem.locator(".problem-line")).to_have_text("3")
    expect(problem.locator(".problem-field")).to_have_text("rules.gerund.severity")
    assert path.read_text(encoding="utf-8") == before


def test_a_thumbs_down_becomes_an_eval_case_in_two_clicks(page, site):
    item = page.locator(f"#fb-{site['vote'].id}")
    expect(item).to_contain_text("Nota voltou rejeitada pela prefeitura", timeout=UI)
    item.get_by_role("button", name="Virar caso de avaliação").click()
    item.get_by_role("button", name="Salvar como “precisa de rótulo”").click()
    expect(item.locator(".ok")).to_contain_text("gravado em evals/tickets/enotas.yaml", timeout=UI)
    cases = yaml.safe_load((site["settings"].evals_dir / "tickets" / "enotas.yaml").read_text(encoding="utf-8"))["cases"]
    assert cases[-1]["id"] == f"enotas-fb{site['vote'].id:04d}" and cases[-1]["needs_label"] is True


def test_run_the_evals_and_read_the_report(page, site):
    page.get_by_role("link", name="Avaliações").click()
    expect(page).to_have_url(re.compile(r"/kb/evals$"))
    report = page.locator("#eval-report")
    expect(report).to_contain_text("Nenhuma avaliação rodou ainda", timeout=UI)  # the token came along
    page.locator("#run-evals").click()
    expect(page.locator("#eval-job progress, #eval-job .job.done").first).to_be_visible(timeout=UI)
    expect(page.locator("#eval-job .job.done")).to_contain_text("Avaliação concluída", timeout=EVAL_RUN)
    expect(report.locator("h1")).to_have_text("Relatório de avaliação do copiloto", timeout=UI)
    expect(report.locator("#retrieval svg.chart").first).to_be_visible()
    expect(report.locator("#tickets")).to_contain_text("enotas")
    expect(report.locator("#drafts")).to_contain_text("gerund")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "kb-evals.png"), full_page=False)
