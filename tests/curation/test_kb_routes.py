"""``/kb`` as a curator's browser calls it: fragments behind a curator token, one
space never showing another's text, uploads re-indexed, YAML refused with file,
line and field, a thumbs-down turned into an eval case, the eval report page."""

from __future__ import annotations

import json
import shutil
import time
from types import SimpleNamespace

import pytest
import yaml
from fastapi.testclient import TestClient

from copilot.kb.catalog import Catalog
from copilot.retrieval.embedders import HashingEmbedder
from copilot.retrieval.hybrid import HybridRetriever
from copilot.retrieval.indexer import index_kb
from copilot.retrieval.memory_store import MemoryStore
from copilot.settings import Settings
from tests.conftest import REPO
from tests.curation.conftest import make_space
from tests.evals.report_fixture import result

BETA_SECRET = "Procedimento interno do Beta: liberar o acesso pelo painel vermelho"
CASE_KEYS = {"id", "lang", "branch", "now", "ticket", "expected", "nothing_fits"}


class CachingStage:
    """Stands in for the suggester and the checker: remembers which spaces it was told to forget."""

    def __init__(self):
        self._spaces = {"acme": "conhecimento antigo"}

    def forget(self, space: str) -> None:
        self._spaces.pop(space, None)


@pytest.fixture
def app(tmp_path):
    from web.app import create_app
    from web.routes.kb import install_kb

    kb = tmp_path / "kb"
    make_space(kb)
    beta = make_space(kb, "beta")
    (beta / "docs" / "acme-pop-emissao.md").write_text(
        f"---\nid: beta-pop\ntitle: POP Beta\nkind: pop\nsource: teste\n---\n## Acesso\n\n{BETA_SECRET}.\n", encoding="utf-8")
    (kb / "_base").mkdir()
    shutil.copyfile(REPO / "kb" / "_base" / "rules.yaml", kb / "_base" / "rules.yaml")
    (tmp_path / "evals" / "tickets").mkdir(parents=True)
    shutil.copyfile(REPO / "evals" / "thresholds.yaml", tmp_path / "evals" / "thresholds.yaml")
    settings = Settings(kb_dir=kb, data_dir=tmp_path / "data", evals_dir=tmp_path / "evals", token="token-analista")
    embedder, store, catalog = HashingEmbedder(), MemoryStore(), Catalog(kb)
    index_kb(catalog, store, embedder.model_id, lambda: embedder)
    components = SimpleNamespace(settings=settings, catalog=catalog, store=store, model_id=embedder.model_id,
                                 embedder=lambda: embedder)
    runtime = SimpleNamespace(settings=settings, components=components, catalog=catalog,
                              retriever=HybridRetriever(store, embedder), suggester=CachingStage(), checker=None)
    application = create_app(settings, runtime_factory=lambda s: runtime, background=False)
    if not any(getattr(r, "path", None) == "/kb" for r in application.routes):
        install_kb(application)
    application.state.test_runtime = runtime
    return application


@pytest.fixture
def client(app):
    return TestClient(app)


def token(app, role: str, *spaces: str) -> dict[str, str]:
    _, plaintext = app.state.tokens.create("teste", role, list(spaces))
    return {"Authorization": f"Bearer {plaintext}"}


def wait_job(client, headers, answer) -> str:
    assert answer.status_code == 202, answer.text
    url = answer.text.split('hx-get="')[1].split('"')[0] if 'hx-get="' in answer.text else None
    for _ in range(200):
        if url is None:
            return answer.text
        answer = client.get(url, headers=headers)
        url = answer.text.split('hx-get="')[1].split('"')[0] if "job running" in answer.text else None
        time.sleep(0.02)
    return answer.text


def test_the_page_opens_without_a_token_and_loads_only_its_own_scripts(client):
    page = client.get("/kb")
    assert page.status_code == 200 and "default-src 'self'" in page.headers["content-security-policy"]
    assert "<script>" not in page.text and "style=" not in page.text
    assert '/static/kb.js' in page.text and 'id="token-form"' in page.text


def test_fragments_need_a_curator_token(app, client):
    assert client.get("/kb/fragments/spaces").status_code == 401
    analyst = client.get("/kb/fragments/spaces", headers={"Authorization": "Bearer token-analista"})
    assert analyst.status_code == 403 and "curator" in analyst.text
    listed = client.get("/kb/fragments/spaces", headers=token(app, "curator", "acme"))
    assert listed.status_code == 200 and "acme" in listed.text and "beta" not in listed.text


@pytest.mark.parametrize("method, path", [
    ("get", "/kb/fragments/spaces/beta"), ("get", "/kb/fragments/spaces/beta/documents"),
    ("get", "/kb/fragments/spaces/beta/documents/beta-pop"), ("get", "/kb/fragments/spaces/beta/search?q=acesso+painel"),
    ("get", "/kb/fragments/spaces/beta/knowledge/macros.yaml"), ("post", "/kb/spaces/beta/knowledge/macros.yaml"),
    ("get", "/kb/fragments/spaces/beta/queue"), ("delete", "/kb/spaces/beta/documents/beta-pop"),
])
def test_a_curator_of_one_space_is_refused_on_another_and_never_sees_its_text(app, client, method, path):
    answer = getattr(client, method)(path, headers=token(app, "curator", "acme"))
    assert answer.status_code == 403
    assert BETA_SECRET not in answer.text and "painel vermelho" not in answer.text
    upload = client.post("/kb/spaces/beta/documents", headers=token(app, "curator", "acme"),
                         files={"file": ("x.md", b"# X\n\nTexto.", "text/markdown")})
    assert upload.status_code == 403 and not (app.state.settings.kb_dir / "beta" / "docs" / "x.md").exists()


def test_upload_is_indexed_with_progress_then_found_then_deleted(app, client):
    headers = token(app, "curator", "acme")
    text = "---\nid: acme-cancelamento\ntitle: Cancelamento\nkind: pop\nsource: teste\n---\n## Prazo\n\nA prefeitura aceita cancelar a nota em até 24 horas.\n"
    done = wait_job(client, headers, client.post("/kb/spaces/acme/documents", headers=headers,
                                                 files={"file": ("cancelamento.md", text.encode(), "text/markdown")}))
    assert "job done" in done and "a busca e as sugestões já usam esta versão" in done
    listed = client.get("/kb/fragments/spaces/acme/documents", headers=headers).text
    assert "Cancelamento" in listed and "cancelamento.md" in listed
    found = client.get("/kb/fragments/spaces/acme/search", params={"q": "cancelar nota 24 horas"}, headers=headers).text
    assert "A prefeitura aceita cancelar a nota em até 24 horas." in found and "<cite>Cancelamento</cite> › <span class=\"section\">Prazo</span>" in found
    detail = client.get("/kb/fragments/spaces/acme/documents/acme-cancelamento", headers=headers).text
    assert "Seções (1)" in detail and "Trechos indexados (1)" in detail
    gone = wait_job(client, headers, client.delete("/kb/spaces/acme/documents/acme-cancelamento", headers=headers))
    assert "job done" in gone
    after = client.get("/kb/fragments/spaces/acme/search", params={"q": "cancelar nota 24 horas"}, headers=headers).text
    assert "A prefeitura aceita cancelar" not in after


def test_a_refused_upload_says_why_at_once_and_writes_nothing(app, client):
    headers = token(app, "curator", "acme")
    answer = client.post("/kb/spaces/acme/documents", headers=headers,
                         files={"file": ("planilha.xlsx", b"PK\x03\x04", "application/vnd.ms-excel")})
    assert answer.status_code == 415 and "Formato não suportado" in answer.text
    assert sorted(p.name for p in (app.state.settings.kb_dir / "acme" / "docs").iterdir()) == ["acme-pop-emissao.md"]


def test_html_in_an_uploaded_document_is_shown_as_text(app, client):
    headers = token(app, "curator", "acme")
    hostile = "# <img src=x onerror=alert(1)>Manual\n\nTexto <script>alert('x')</script> com HTML.\n"
    wait_job(client, headers, client.post("/kb/spaces/acme/documents", headers=headers,
                                          files={"file": ("manual.md", hostile.encode(), "text/markdown")}))
    for page in (client.get("/kb/fragments/spaces/acme/documents", headers=headers).text,
                 client.get("/kb/fragments/spaces/acme/search", params={"q": "texto com HTML"}, headers=headers).text):
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page or "&lt;img" in page


def test_a_bad_yaml_is_refused_with_file_line_and_field_and_the_good_file_stays(app, client):
    headers = token(app, "curator", "acme")
    path = app.state.settings.kb_dir / "acme" / "rules.yaml"
    before = path.read_text(encoding="utf-8")
    answer = client.post("/kb/spaces/acme/knowledge/rules.yaml", headers=headers,
                         data={"text": "rules:\n  gerund:\n    severity: gravissima\n"})
    assert answer.status_code == 422
    assert '<dd class="problem-file">acme/rules.yaml</dd>' in answer.text
    assert '<dd class="problem-line">3</dd>' in answer.text
    assert "<code>rules.gerund.severity</code>" in answer.text and "gravissima" in answer.text
    assert path.read_text(encoding="utf-8") == before


def test_a_good_yaml_is_saved_and_the_server_forgets_the_old_knowledge(app, client):
    headers = token(app, "curator", "acme")
    new = "rules:\n  gerund:\n    severity: warning\n"
    answer = client.post("/kb/spaces/acme/knowledge/rules.yaml", headers=headers, data={"text": new})
    assert answer.status_code == 200 and "Salvo e validado" in answer.text
    assert (app.state.settings.kb_dir / "acme" / "rules.yaml").read_text(encoding="utf-8") == new
    assert "acme" not in app.state.test_runtime.suggester._spaces


def vote_down(app, **extra):
    ticket = {"space": "acme", "id": "71830", "subject": "nota nao sai", "description": "so da rejeicao"}
    suggestion = {"space": "acme", "checklist": {"title": "Falha no sistema"}, "reply_template": None,
                  "next_step": None, "articles": []}
    return app.state.feedback.record(space="acme", target="checklist", vote="down", ticket=ticket,
                                     suggestion=suggestion, comment="Era rejeição, não falha.", **extra)


def test_a_thumbs_down_becomes_a_labelled_eval_case_in_two_clicks(app, client):
    headers = token(app, "curator", "acme")
    record = vote_down(app)
    queue = client.get("/kb/fragments/spaces/acme/queue", headers=headers).text
    assert "nota nao sai" in queue and "Era rejeição, não falha." in queue
    form = client.get(f"/kb/fragments/spaces/acme/queue/{record.id}/case", headers=headers)  # click 1
    assert form.status_code == 200 and "<option>Falha no sistema</option>" in form.text
    saved = client.post(f"/kb/spaces/acme/queue/{record.id}/case", headers=headers, data={  # click 2
        "mode": "labelled", "checklist": "", "template": "acme-primeiro-contato",
        "step_phrases": "solicitar ao cliente", "step_section": "Passo a Passo › Bloco 1 - Análise inicial"})
    assert saved.status_code == 200 and "gravado em evals/tickets/acme.yaml" in saved.text
    cases = yaml.safe_load((app.state.settings.evals_dir / "tickets" / "acme.yaml").read_text(encoding="utf-8"))["cases"]
    assert len(cases) == 1 and set(cases[0]) == CASE_KEYS
    assert cases[0]["expected"] == {"checklist": None, "template": "Olá [nome cliente], eu sou o analista [seu nome] e vou cuidar do seu chamado.",
                                    "next_step": {"contains": ["solicitar ao cliente"], "section": "Passo a Passo › Bloco 1 - Análise inicial"},
                                    "articles": []}
    assert cases[0]["ticket"]["subject"] == "nota nao sai"
    assert "nota nao sai" not in client.get("/kb/fragments/spaces/acme/queue", headers=headers).text


def test_a_thumbs_down_can_wait_for_its_label_and_another_space_cannot_touch_it(app, client):
    record = vote_down(app)
    other = client.post(f"/kb/spaces/beta/queue/{record.id}/case", headers=token(app, "curator", "beta"),
                        data={"mode": "needs_label"})
    assert other.status_code == 404 and "nota nao sai" not in other.text
    saved = client.post(f"/kb/spaces/acme/queue/{record.id}/case", headers=token(app, "curator", "acme"),
                        data={"mode": "needs_label"})
    assert "precisa de rótulo" in saved.text
    case = yaml.safe_load((app.state.settings.evals_dir / "tickets" / "acme.yaml").read_text(encoding="utf-8"))["cases"][0]
    assert case["needs_label"] is True and case["expected"]["checklist"] is None


def test_the_evals_page_shows_the_last_run_against_the_one_before(app, client):
    runs = app.state.settings.data_dir / "evals"
    runs.mkdir(parents=True)
    before, last = result(), result()
    last["tickets"]["spaces"]["acme"]["checklist_accuracy"] = 1.0
    (runs / "previous.json").write_text(json.dumps(before), encoding="utf-8")
    (runs / "last.json").write_text(json.dumps(last), encoding="utf-8")
    page = client.get("/kb/fragments/evals/report", headers=token(app, "curator", "*")).text
    assert "Relatório de avaliação do copiloto" in page and "Melhoraram" in page and "checklist_accuracy" in page
    scoped = client.get("/kb/fragments/evals/report", headers=token(app, "curator", "beta")).text
    assert "acme-r002" not in scoped and "Vou estar enviando" not in scoped
    file = client.get("/kb/evals/report.html", headers=token(app, "curator", "*"))
    assert file.text.startswith("<!doctype html>") and "attachment" in file.headers["content-disposition"]
    css = client.get("/kb/evals/report.css")
    assert css.headers["content-type"].startswith("text/css") and ".eval-report" in css.text


def test_the_run_button_runs_one_evaluation_at_a_time_and_keeps_the_previous(app, client, monkeypatch):
    started = []

    def fake_run(settings, suites, components=None, progress=None):
        started.append(suites)
        progress("drafts", 1, 2)
        time.sleep(0.3)
        return {"meta": {"created_at": f"run-{len(started)}", "suites": suites}, "drafts": result()["drafts"]}

    monkeypatch.setattr("web.routes.kb_evals.run_suites", fake_run)
    monkeypatch.setattr("web.routes.kb_evals.components_sharing", lambda settings, shared: None)
    headers = token(app, "curator", "*")
    first = client.post("/kb/evals/run", headers=headers, data={"suite": "drafts"})
    second = client.post("/kb/evals/run", headers=headers, data={"suite": "drafts"})
    assert first.status_code == second.status_code == 202
    job_url = first.text.split('hx-get="')[1].split('"')[0]
    assert job_url in second.text  # the same job, not a second run
    for _ in range(100):
        answer = client.get(job_url, headers=headers)
        if "job done" in answer.text:
            break
        time.sleep(0.02)
    assert "Avaliação concluída" in answer.text and answer.headers["hx-trigger"] == "kb:eval-done"
    assert started == [["drafts"]]
    client.post("/kb/evals/run", headers=headers, data={"suite": "drafts"})
    time.sleep(0.5)
    runs = app.state.settings.data_dir / "evals"
    assert json.loads((runs / "last.json").read_text())["meta"]["created_at"] == "run-2"
    assert json.loads((runs / "previous.json").read_text())["meta"]["created_at"] == "run-1"
    assert client.post("/kb/evals/run", headers=headers, data={"suite": "tudo"}).status_code == 422
