"""`copilot eval`: run the suites, print per-space metrics, write JSON and the HTML report.

    copilot eval [retrieval|tickets|drafts] [-o result.json] [--html report.html]
                 [--compare BASE.json] [--gate]

``--gate`` exits 1 when a bar of evals/thresholds.yaml is not met (a
curator's own CI), naming each bar; usage errors exit 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console

from copilot.evals._run import SUITES
from copilot.console import fail as _fail
from copilot.settings import Settings

out = Console(soft_wrap=True)
err = Console(stderr=True)

DEFAULT_HTML = Path("artifacts/evals/report.html")


def _text_report(suite: str, result: dict[str, Any]) -> str:
    if suite == "retrieval":
        from copilot.evals.retrieval import format_retrieval_report

        return format_retrieval_report(result)
    if suite == "tickets":
        from copilot.evals.tickets import format_tickets_report

        return format_tickets_report(result)
    from copilot.evals.drafts import format_drafts_report

    return format_drafts_report(result)


def _load_base(path: Path) -> dict[str, Any]:
    try:
        base = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        _fail(f"arquivo de referência não encontrado: {path}")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        _fail(f"{path} não é um resultado JSON de `copilot eval -o` ({exc})")
    if not isinstance(base, dict) or not any(s in base for s in SUITES):
        _fail(f"{path} não é um resultado JSON de `copilot eval -o` (nenhuma suíte)")
    return base


def evaluate(suite: Annotated[Optional[str], typer.Argument(help="retrieval, tickets ou drafts (padrão: todas)")] = None,
             output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Grava o resultado em JSON.")] = None,
             html: Annotated[Path, typer.Option("--html", help="Relatório HTML autocontido.")] = DEFAULT_HTML,
             compare: Annotated[Optional[Path], typer.Option("--compare", help="JSON de uma execução anterior: "
                                                             "mostra o que melhorou ou piorou.")] = None,
             gate: Annotated[bool, typer.Option("--gate", help="Sai com código 1 abaixo das barras de "
                                                "evals/thresholds.yaml.")] = False) -> None:
    """Roda as avaliações, imprime as métricas por espaço e grava o relatório."""
    from copilot.evals._compare import compare as compare_runs, format_comparison
    from copilot.evals._gate import check_gate, load_thresholds
    from copilot.evals._run import run_suites
    from copilot.evals.report import render_report
    from copilot.progress import progress_reporter

    if suite is not None and suite not in SUITES:
        _fail(f"suíte desconhecida '{suite}'; use uma de: {', '.join(SUITES)}")
    base = _load_base(compare) if compare else None
    cfg = Settings()
    suites = [suite] if suite else list(SUITES)
    with progress_reporter("Avaliando", err) as report:
        results = run_suites(cfg, suites, progress=report)
    for name in suites:
        out.print(_text_report(name, results[name]), highlight=False, markup=False)
        out.print()
    diff = compare_runs(base, results) if base else None
    if diff:
        out.print(format_comparison(diff), highlight=False, markup=False)
    bars = check_gate(results, load_thresholds(cfg.evals_dir / "thresholds.yaml"))
    if output:
        _write(output, json.dumps(results, ensure_ascii=False, indent=2))
        err.print(f"Resultado gravado em {output}", highlight=False)
    _write(html, render_report(results, diff, bars))
    err.print(f"Relatório HTML em {html}", highlight=False)
    if gate:
        failed = [b for b in bars if not b.passed]
        for bar in failed:
            err.print(f"barra não atingida: {bar.describe()}", highlight=False, markup=False)
        if failed:
            raise typer.Exit(1)
        err.print(f"Todas as {len(bars)} barras atingidas.", highlight=False)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


