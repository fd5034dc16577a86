"""`copilot eval`: run the suites and print per-space metrics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from copilot.settings import Settings

out = Console(soft_wrap=True)
err = Console(stderr=True)

SUITES = ("retrieval", "tickets", "drafts")


def _run_suite(suite: str, cfg: Settings) -> tuple[dict, str]:
    from copilot.runtime import Components, build_runtime

    parts = Components(cfg)
    if suite == "retrieval":
        from copilot.evals.retrieval import NaiveBaseline, format_retrieval_report, load_cases, run_retrieval_eval

        cases = load_cases(cfg.evals_dir / "retrieval")
        spaces = sorted({c.space for c in cases})
        naive = NaiveBaseline(parts.catalog, parts.store, parts.model_id, parts.embedder, spaces)
        result = run_retrieval_eval(parts.catalog, parts.retriever, naive, cases)
        return result, format_retrieval_report(result)
    runtime = build_runtime(cfg, parts)
    if suite == "tickets":
        from copilot.evals.tickets import format_tickets_report, run_tickets_eval

        result = run_tickets_eval(runtime.suggester, cfg.evals_dir / "tickets")
        return result, format_tickets_report(result)
    from copilot.evals.drafts import format_drafts_report, run_drafts_eval

    result = run_drafts_eval(runtime.checker, cfg.evals_dir / "drafts")
    return result, format_drafts_report(result)


def evaluate(suite: Annotated[Optional[str], typer.Argument(help="retrieval, tickets ou drafts (padrão: todas)")] = None,
             output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Grava o resultado em JSON.")] = None) -> None:
    """Roda as avaliações e imprime as métricas por espaço."""
    if suite is not None and suite not in SUITES:
        _fail(f"suíte desconhecida '{suite}'; use uma de: {', '.join(SUITES)}")
    cfg = Settings()
    results = {}
    for name in [suite] if suite else SUITES:
        result, report = _run_suite(name, cfg)
        results[name] = result
        out.print(report, highlight=False, markup=False)
        out.print()
    if output:
        output.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
        err.print(f"Resultado gravado em {output}")


def _fail(message: str) -> None:
    err.print(f"[bold red]erro:[/] {message}", highlight=False)
    raise typer.Exit(2)
