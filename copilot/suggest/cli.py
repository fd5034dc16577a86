"""``copilot suggest TICKET.json [--json] [--format F]``: suggestions for one ticket.

Readable output by default (checklist with its questions, the filled
template, the next step with its source, articles, SLA); ``--json`` prints
the API's answer. Bad input is a pt-BR message and exit code 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape as e

from copilot.console import fail as _fail
from copilot.errors import CopilotError
from copilot.suggest.results import SuggestResult

out = Console(highlight=False, soft_wrap=True)




def read_ticket_file(path: Path, format: str) -> Any:
    from copilot.ticket_formats import parse_ticket

    if not path.is_file():
        _fail(f"arquivo não encontrado: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        _fail(f"{path} não está em UTF-8")
    except json.JSONDecodeError as exc:
        _fail(f"{path} não é um JSON válido (linha {exc.lineno}, coluna {exc.colno}): {exc.msg}")
    return parse_ticket(data, format)


def suggest_command(ticket: Path, as_json: bool = False, format: str = "contract", suggester: Any = None) -> None:
    """Print the suggestions for the ticket in ``ticket`` (a JSON file)."""
    try:
        parsed = read_ticket_file(ticket, format)
        if suggester is None:
            from copilot.runtime import build_runtime
            from copilot.settings import Settings

            suggester = build_runtime(Settings()).suggester
        result = suggester.suggest(parsed)
    except CopilotError as exc:
        _fail(exc.message)
        return
    if as_json:
        print(result.model_dump_json(indent=2))
    else:
        out.print(render_text(result))


def _source(source: Any) -> str:
    if source is None:
        return ""
    return f"{source.title or source.doc_id} › {source.section}" if source.section else (source.title or source.doc_id)


def render_text(result: SuggestResult) -> str:
    """The suggestion as plain, readable pt-BR text (rich markup for headings)."""
    lines: list[str] = [f"[bold]Espaço:[/] {e(result.space)}", ""]
    lines.append("[bold]Checklist[/]")
    if result.checklist is None:
        lines.append("  nenhum checklist do espaço se aplica a este ticket")
    else:
        c = result.checklist
        lines.append(f"  {e(c.title)}  [dim](confiança {c.score:.2f} · {e(_source(c.source))})[/]")
        for q in c.questions:
            marks = " ".join(("(X) " if o in q.selected else "( ) ") + o for o in q.options)
            lines.append(f"  • {e(q.text)}  {e(marks)}")
            if q.prefilled:
                lines.append(f"    [dim]pré-preenchido: {e(q.evidence)}[/]")
    lines += ["", "[bold]Modelo de resposta[/]"]
    if result.reply_template is None:
        lines.append("  nenhum modelo de resposta do espaço se aplica")
    else:
        t = result.reply_template
        lines.append(f"  {e(t.title)}  [dim](confiança {t.score:.2f} · {e(_source(t.source))})[/]")
        lines += [f"  {e(line)}" for line in t.filled_body.splitlines()]
        if t.placeholders_left:
            lines.append("  [yellow]a preencher:[/] " + e(", ".join(f"[{p}]" for p in t.placeholders_left)))
    lines += ["", "[bold]Próximo passo[/]"]
    if result.next_step is None:
        lines.append("  nenhum passo do procedimento se aplica")
    else:
        s = result.next_step
        head = f"  {e(s.procedure)} — {e(s.step)}" + ("  [yellow](sugestão pela busca: nenhuma condição decidiu)[/]" if s.fallback else "")
        lines.append(head)
        lines += [f"  {e(line)}" for line in s.text.splitlines()]
        lines.append(f"  [dim]fonte: {e(_source(s.source))} · confiança {s.score:.2f}[/]")
        if s.reason:
            lines.append(f"  [dim]{e(s.reason)}[/]")
    lines += ["", "[bold]Artigos[/]"]
    if not result.articles:
        lines.append("  nenhum trecho relevante")
    for rank, a in enumerate(result.articles, 1):
        lines.append(f"  {rank}. {e(a.title)} › {e(a.section)}  [dim]{a.score:.3f}[/]")
        lines.append(f"     “{e(a.excerpt)}”")
    lines += ["", "[bold]SLA[/]"]
    if result.sla is None:
        lines.append("  sem política de SLA para este espaço")
    else:
        sla = result.sla
        if sla.request_type:
            lines.append(f"  tipo: {e(sla.request_type)}")
        if sla.first_response_due:
            lines.append(f"  resposta inicial até {sla.first_response_due} ({sla.first_response_hours_left:g} h úteis restantes)")
        if sla.resolution_due:
            lines.append(f"  solução até {sla.resolution_due} ({sla.resolution_hours_left:g} h úteis restantes)")
        if sla.note:
            lines.append(f"  [dim]{e(sla.note)}[/]")
        if sla.source:
            lines.append(f"  [dim]fonte: {e(_source(sla.source))}[/]")
    lines.append(f"\n[dim]{result.timings_ms.get('total', 0):.1f} ms[/]")
    return "\n".join(lines)
