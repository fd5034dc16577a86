"""``/kb/evals``: the eval report a curator reads after a change, and the button that runs it.

A run is a background job (one at a time per process) over fresh knowledge
caches and the server's own model and index; its JSON is kept under
``<data_dir>/evals/`` with the run before it, so the page shows what the
curator's last change did to the numbers. The report is the same HTML as
``copilot eval --html``; its CSS is served as a stylesheet (the CSP forbids
inline styles). A curator of some spaces only sees those spaces.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from copilot.curation import JobNotFound, atomic_write_text
from copilot.errors import InvalidInput
from copilot.evals._compare import compare
from copilot.evals._gate import check_gate, load_thresholds
from copilot.evals._run import SUITES, components_sharing, run_suites
from copilot.evals.report import REPORT_CSS, render_report, render_report_body, visible_results
from web.deps import SettingsDep, get_runtime
from web.routes.kb import curated_spaces, curator_principal, fragment, jobs, render, sees_everything

router = APIRouter(tags=["curadoria"], include_in_schema=False)
SUITE_NAMES = {"": "todas as suítes", "retrieval": "recuperação", "tickets": "sugestões", "drafts": "rascunhos"}


def runs_dir(settings) -> Path:
    return settings.data_dir / "evals"


def _read(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _keep(settings, results: dict[str, Any]) -> None:
    """The new run becomes ``last.json``; the one it replaces, ``previous.json``."""
    folder = runs_dir(settings)
    last = folder / "last.json"
    if last.is_file():
        atomic_write_text(folder / "previous.json", last.read_text(encoding="utf-8"))
    atomic_write_text(last, json.dumps(results, ensure_ascii=False))


def _report_parts(request: Request, settings, principal) -> dict[str, Any] | None:
    results = _read(runs_dir(settings) / "last.json")
    if results is None:
        return None
    previous = _read(runs_dir(settings) / "previous.json")
    spaces = None if sees_everything(principal) else set(curated_spaces(request, principal))
    shown = visible_results(results, spaces)
    base = visible_results(previous, spaces) if previous else None
    bars = check_gate(shown, load_thresholds(settings.evals_dir / "thresholds.yaml"))
    return {"results": shown, "comparison": compare(base, shown) if base else None, "bars": bars}


@router.get("/kb/evals")
def evals_page(request: Request) -> Response:
    return render(request, "evals.html", None, {"suites": SUITE_NAMES})


@router.get("/kb/evals/report.css")
def report_css() -> Response:
    return Response(REPORT_CSS, media_type="text/css", headers={"Cache-Control": "no-cache"})


@router.get("/kb/fragments/evals/report")
def report_fragment(request: Request, settings: SettingsDep) -> Response:
    def build() -> dict:
        principal = curator_principal(request, settings)
        parts = _report_parts(request, settings, principal)
        body = render_report_body(parts["results"], parts["comparison"], parts["bars"]) if parts else ""
        return {"report": body}

    return fragment(request, "evals.html", "report", build)


@router.get("/kb/evals/report.html")
def report_file(request: Request, settings: SettingsDep) -> Response:
    """The standalone file, for kb.js to save (a link cannot carry the token)."""
    def build() -> dict:
        principal = curator_principal(request, settings)
        parts = _report_parts(request, settings, principal)
        if parts is None:
            raise InvalidInput("Nenhuma avaliação rodou ainda neste servidor.")
        return {"html": render_report(parts["results"], parts["comparison"], parts["bars"])}

    response = fragment(request, "evals.html", "standalone", build)
    if response.status_code == 200:
        response.headers["Content-Disposition"] = 'attachment; filename="relatorio-avaliacao.html"'
    return response


@router.post("/kb/evals/run")
def run_evals(request: Request, settings: SettingsDep, suite: Annotated[str, Form()] = "") -> Response:
    def build() -> dict:
        curator_principal(request, settings)
        if suite and suite not in SUITES:
            raise InvalidInput(f"Suíte desconhecida '{suite}'; use uma de: {', '.join(SUITES)}.")
        shared = get_runtime(request).components

        def work(report) -> dict:
            results = run_suites(settings, [suite] if suite else list(SUITES),
                                 components_sharing(settings, shared), progress=report)
            _keep(settings, results)
            return {"suites": results["meta"]["suites"]}

        job = jobs(request).start("eval", f"Avaliação ({SUITE_NAMES[suite]})", work=work, exclusive=True)
        return {"job": job, "_status": 202}

    return fragment(request, "evals.html", "eval_job", build)


@router.get("/kb/evals/jobs/{job_id}")
def eval_job(request: Request, settings: SettingsDep, job_id: str) -> Response:
    def build() -> dict:
        curator_principal(request, settings)
        job = jobs(request).get(job_id)
        if job.kind != "eval":
            raise JobNotFound(job_id)
        done = not job.running and not job.error
        return {"job": job, "_trigger": "kb:eval-done" if done else None}

    return fragment(request, "evals.html", "eval_job", build)


@router.get("/kb/fragments/evals/job")
def current_job(request: Request, settings: SettingsDep) -> Response:
    """The running (or last) eval of this server, so a page opened mid-run shows its progress."""
    def build() -> dict:
        curator_principal(request, settings)
        return {"job": jobs(request).latest("eval")}

    return fragment(request, "evals.html", "eval_job", build)
