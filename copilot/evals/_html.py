"""Small HTML helpers for the eval report: escaping, pt-BR numbers, tables, the report's CSS."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape


def esc(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def num(value: float | None, digits: int = 3) -> str:
    """pt-BR decimal comma; an em dash for a missing value."""
    if value is None:
        return "—"
    return f"{value:.{digits}f}".replace(".", ",")


def signed(value: float, digits: int = 3) -> str:
    return ("+" if value > 0 else "") + num(value, digits)


def cell(value: str, classes: str = "") -> str:
    return f'<td class="{classes}">{value}</td>' if classes else f"<td>{value}</td>"


def table(headers: Sequence[str], rows: Iterable[str], caption: str = "", classes: str = "grid",
          text_cols: int = 1) -> str:
    """Numbers align right; the first ``text_cols`` columns hold words and align left."""
    left = ' class="text"'
    head = "".join(f'<th scope="col"{left if i < text_cols else ""}>{esc(h)}</th>' for i, h in enumerate(headers))
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f'<table class="{classes}">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def details(summary: str, body: str, open_: bool = False) -> str:
    return f'<details{" open" if open_ else ""}><summary>{summary}</summary>{body}</details>'


REPORT_CSS = """
.eval-report { --ink: #1b1f24; --muted: #4a5563; --line: #d5dae1; --shade: #f4f6f8; --bad: #a4161a;
  --bad-bg: #fde2e1; --good: #1e6b34; --good-bg: #dcf3e2; color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
.eval-report h1 { font-size: 1.5rem; margin: 0 0 4px; }
.eval-report h2 { font-size: 1.2rem; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
.eval-report h3 { font-size: 1rem; margin: 18px 0 6px; }
.eval-report .meta { color: var(--muted); margin: 0 0 12px; }
.eval-report table.grid { border-collapse: collapse; margin: 6px 0 12px; font-variant-numeric: tabular-nums; }
.eval-report table.grid th, .eval-report table.grid td { border: 1px solid var(--line); padding: 3px 8px; text-align: right; }
.eval-report table.grid th:first-child, .eval-report table.grid td:first-child,
.eval-report table.grid td.text, .eval-report table.grid th.text { text-align: left; }
.eval-report table.grid thead th { background: var(--shade); }
.eval-report caption { text-align: left; font-weight: 600; padding: 4px 0; }
.eval-report td.below, .eval-report .bad { color: var(--bad); background: var(--bad-bg); font-weight: 600; }
.eval-report td.better, .eval-report .good { color: var(--good); background: var(--good-bg); }
.eval-report td.worse { color: var(--bad); background: var(--bad-bg); }
.eval-report tr.total td { font-weight: 600; }
.eval-report tr.first td { border-top: 2px solid var(--muted); }
.eval-report .charts { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.eval-report figure { margin: 0; }
.eval-report figcaption { color: var(--muted); font-size: 0.9rem; }
.eval-report svg.chart { max-width: 100%; height: auto; background: #fff; }
.eval-report details { margin: 6px 0; }
.eval-report summary { cursor: pointer; font-weight: 600; }
.eval-report ol.cases { padding-left: 1.2em; }
.eval-report ol.cases > li { margin: 0 0 12px; padding: 6px 8px; border-left: 4px solid var(--bad); background: var(--shade); }
.eval-report .case-id { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-weight: 600; }
.eval-report blockquote { margin: 4px 0; padding: 2px 8px; border-left: 3px solid var(--line); white-space: pre-wrap; }
.eval-report .expected { color: var(--good); }
.eval-report .got { color: var(--bad); }
.eval-report .gate-ok { padding: 6px 10px; color: var(--good); background: var(--good-bg); border-radius: 4px; }
.eval-report .gate-bad { padding: 6px 10px; color: var(--bad); background: var(--bad-bg); border-radius: 4px; }
.eval-report table.confusion td, .eval-report table.confusion thead th { text-align: center; min-width: 2.5em; }
.eval-report table.confusion td.diag { outline: 2px solid var(--good); outline-offset: -2px; }
.eval-report .heat-0 { background: #fff; color: var(--muted); }
.eval-report .heat-1 { background: #e8f0fe; } .eval-report .heat-2 { background: #c6dafc; }
.eval-report .heat-3 { background: #8ab4f8; } .eval-report .heat-4 { background: #4c8df6; color: #fff; }
.eval-report .heat-5 { background: #0b57d0; color: #fff; }
"""
