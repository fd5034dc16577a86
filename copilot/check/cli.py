"""``copilot check DRAFT.txt [--ticket T.json] [--space S] [--json]``: the draft's findings.

Readable, coloured output by default (line:column, rule, severity, message,
suggestion, source, then the draft with the safe fixes applied); ``--json``
prints the API's answer. The space comes from the ticket or ``--space``.
Bad input is a pt-BR message and exit code 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape

from copilot.check.models import CheckResult, Finding
from copilot.console import fail as _fail
from copilot.errors import CopilotError
from copilot.ticket import Ticket

out = Console(highlight=False)
SEVERITY_LABEL = {"error": "[bold red]erro[/]", "warning": "[yellow]aviso[/]", "info": "[cyan]info[/]"}




def _read_text(path: Path, what: str) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    if not path.is_file():
        _fail(f"{what} não encontrado: {path}")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        _fail(f"{path} não está em UTF-8")
    return ""


def read_ticket(path: Path) -> Ticket:
    from copilot.ticket_formats import parse_ticket

    try:
        data = json.loads(_read_text(path, "arquivo do ticket"))
    except json.JSONDecodeError as exc:
        _fail(f"{path} não é um JSON válido (linha {exc.lineno}, coluna {exc.colno}): {exc.msg}")
    return parse_ticket(data, "contract")


def _default_checker() -> Any:
    """The checker of a CLI run: the kb from the settings, with the SLA stage when it is installed."""
    from copilot.check.checker import DraftChecker
    from copilot.kb.catalog import Catalog
    from copilot.settings import Settings

    catalog = Catalog(Settings().kb_dir)
    try:
        from copilot.suggest.sla import SlaCalculator
    except ImportError:
        return DraftChecker(catalog)
    return DraftChecker(catalog, SlaCalculator(catalog))


def check_command(
    draft: Annotated[Path, typer.Argument(help="Arquivo de texto com o rascunho (UTF-8; '-' lê da entrada).")],
    ticket: Annotated[Optional[Path], typer.Option("--ticket", "-t", help="Ticket (JSON do contrato).")] = None,
    space: Annotated[Optional[str], typer.Option("--space", "-s", help="Espaço, quando não há ticket.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Imprime a resposta da API em JSON.")] = False,
) -> None:
    """Revisa o rascunho pelas regras de conduta do espaço."""
    run_check(draft, ticket, space, as_json, checker=None)


def run_check(draft: Path, ticket: Path | None, space: str | None, as_json: bool, checker: Any = None) -> None:
    """``check_command`` with an injectable checker (the CLI builds one from the settings)."""
    text = _read_text(draft, "arquivo do rascunho")
    try:
        parsed = read_ticket(ticket) if ticket is not None else None
        if parsed is not None and space is not None and parsed.space != space:
            _fail(f"o ticket é do espaço '{parsed.space}', mas --space pediu '{space}'")
        chosen = parsed.space if parsed is not None else space
        if not chosen:
            _fail("informe o espaço com --space ou um ticket com --ticket")
        result = (checker or _default_checker()).check(text, chosen, ticket=parsed)
    except CopilotError as exc:
        _fail(exc.message)
        return
    if as_json:
        print(result.model_dump_json(indent=2))
    else:
        out.print(render_text(text, result, chosen))


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _finding_lines(text: str, finding: Finding) -> list[str]:
    line, column = position(text, finding.start)
    shown = escape(finding.text.replace("\n", "⏎"))
    lines = [f"[bold]{line}:{column}[/]  {SEVERITY_LABEL[finding.severity]}  [magenta]{finding.rule}[/]  «{shown}»",
             f"    {escape(finding.message)}"]
    if finding.suggestion is not None:
        how = "correção segura" if finding.safe else "sugestão"
        lines.append(f"    [green]{how}:[/] {escape(finding.suggestion)}")
    if finding.source is not None:
        where = " › ".join(p for p in (finding.source.title or finding.source.doc_id, finding.source.section) if p)
        lines.append(f"    [dim]fonte: {escape(where)}[/]")
    return lines


def render_text(text: str, result: CheckResult, space: str) -> str:
    errors = sum(f.severity == "error" for f in result.findings)
    warnings = len(result.findings) - errors
    if not result.findings:
        return f"[green]Nenhum problema encontrado[/] (espaço {escape(space)}, {result.timings_ms.total:.1f} ms)."
    lines = [f"[bold]{len(result.findings)} achado(s)[/] no espaço {escape(space)}: {errors} erro(s), "
             f"{warnings} aviso(s) · {result.timings_ms.total:.1f} ms", ""]
    for finding in result.findings:
        lines += _finding_lines(text, finding) + [""]
    if result.fixed_draft != text:
        lines += ["[bold]Rascunho com as correções seguras:[/]", escape(result.fixed_draft)]
    return "\n".join(lines)
