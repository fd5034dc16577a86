"""The eval report as one self-contained HTML file (``copilot eval --html``) and as
the body of the curator's page ``/kb/evals`` — the same markup in both.

No script, no CDN: the CSS is inlined in the file (and served as a
stylesheet by the web app, whose CSP forbids inline styles) and every chart
is SVG drawn here. ``visible_results`` cuts a run down to the spaces a
curator may see, so a report never shows another space's text.
"""

from __future__ import annotations

import copy
from typing import Any

from copilot.evals._gate import Bar
from copilot.evals._html import REPORT_CSS, details, esc, num, signed, table
from copilot.evals._sections import drafts_section, retrieval_section, tickets_section

__all__ = ["REPORT_CSS", "render_report", "render_report_body", "visible_results"]

SUITE_NAMES = {"retrieval": "recuperação", "tickets": "sugestões", "drafts": "rascunhos"}
TITLE = "Relatório de avaliação do copiloto"


def render_report(results: dict[str, Any], comparison: dict[str, Any] | None = None,
                  bars: list[Bar] | None = None) -> str:
    """A whole HTML document with its CSS inline: open it from disk, mail it, attach it to CI."""
    return ("<!doctype html>\n<html lang=\"pt-BR\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{TITLE}</title>\n<style>{REPORT_CSS}body {{ margin: 24px; }}</style>\n</head>\n<body>\n"
            f"{render_report_body(results, comparison, bars)}\n</body>\n</html>\n")


def render_report_body(results: dict[str, Any], comparison: dict[str, Any] | None = None,
                       bars: list[Bar] | None = None) -> str:
    bars = bars or []
    below = {(b.suite, b.scope, b.metric) for b in bars if not b.passed}
    meta = results.get("meta") or {}
    suites = [s for s in ("retrieval", "tickets", "drafts") if s in results]
    seconds = meta.get("seconds") or {}
    took = " · ".join(f"{SUITE_NAMES[s]} {num(seconds[s], 1)} s" for s in suites if s in seconds)
    parts = [f'<div class="eval-report"><h1>{TITLE}</h1>',
             f'<p class="meta">Execução de {esc(meta.get("created_at") or "data desconhecida")} · suítes: '
             f'{esc(", ".join(SUITE_NAMES[s] for s in suites))}{" · " + took if took else ""}</p>']
    if meta.get("scoped_to"):
        parts.append(f'<p class="meta">Mostrando só os espaços: {esc(", ".join(meta["scoped_to"]))}.</p>')
    if bars:
        parts.append(_gate(bars))
    if comparison:
        parts.append(_comparison(comparison))
    sections = {"retrieval": retrieval_section, "tickets": tickets_section, "drafts": drafts_section}
    for suite in suites:
        parts.append(sections[suite](results[suite], below))
    parts.append("</div>")
    return "".join(parts)


def _gate(bars: list[Bar]) -> str:
    failed = [b for b in bars if not b.passed]
    if not failed:
        return f'<section id="gate"><h2>Barras de qualidade</h2><p class="gate-ok">Todas as {len(bars)} barras de evals/thresholds.yaml atingidas.</p></section>'
    rows = [f'<tr><td class="text">{esc(b.suite)}</td><td class="text">{esc(b.scope)}</td><td class="text">{esc(b.metric)}</td>'
            f'<td class="below">{num(b.value)}</td><td>{"≤" if b.upper else "≥"} {num(b.bar, 2)}</td></tr>' for b in failed]
    return (f'<section id="gate"><h2>Barras de qualidade</h2><p class="gate-bad">{len(failed)} de {len(bars)} barras '
            f'de evals/thresholds.yaml não atingidas.</p>'
            + table(["suíte", "escopo", "métrica", "valor", "barra"], rows, text_cols=3) + "</section>")


def _comparison(diff: dict[str, Any]) -> str:
    def rows(deltas: list[dict[str, Any]], mark: str) -> list[str]:
        return [f'<tr><td class="text">{esc(d["suite"])}</td><td class="text">{esc(d["scope"])}</td>'
                f'<td class="text">{esc(d["metric"])}</td><td>{num(d["base"])}</td><td>{num(d["current"])}</td>'
                f'<td class="{mark}">{signed(d["change"])}</td></tr>' for d in deltas]

    head = ["suíte", "escopo", "métrica", "antes", "agora", "diferença"]
    parts = [f'<section id="compare"><h2>O que mudou desde {esc(diff.get("base_created_at") or "a execução de referência")}</h2>',
             f'<p class="meta">{len(diff["better"])} métricas melhoraram, {len(diff["worse"])} pioraram, '
             f'{diff["unchanged"]} não mudaram · {len(diff["fixed"])} casos passaram a acertar, '
             f'{len(diff["broken"])} passaram a errar.</p>']
    if diff["worse"]:
        parts.append(table(head, rows(diff["worse"], "worse"), caption="Pioraram", text_cols=3))
    if diff["better"]:
        parts.append(table(head, rows(diff["better"], "better"), caption="Melhoraram", text_cols=3))
    for title, key, mark in (("Passaram a errar", "broken", "bad"), ("Passaram a acertar", "fixed", "good"),
                             ("Casos novos", "added", ""), ("Casos removidos", "removed", "")):
        if diff[key]:
            items = "".join(f'<li class="{mark}"><span class="case-id">{esc(c["id"])}</span> ({esc(SUITE_NAMES.get(c["suite"], c["suite"]))})</li>'
                            for c in diff[key])
            parts.append(details(f"{title} ({len(diff[key])})", f"<ul>{items}</ul>", open_=key in ("broken", "fixed")))
    return "".join(parts) + "</section>"


def visible_results(results: dict[str, Any], spaces: set[str] | None) -> dict[str, Any]:
    """``results`` cut down to ``spaces`` (None: everything). Totals over all spaces go too:
    they mix in spaces the viewer may not see."""
    if spaces is None:
        return results
    cut = copy.deepcopy(results)
    cut.setdefault("meta", {})["scoped_to"] = sorted(spaces)
    if "retrieval" in cut:
        r = cut["retrieval"]
        r["table"] = [row for row in r["table"] if row["space"] in spaces]
        r["failures"] = [f for f in r["failures"] if f["space"] in spaces]
        r["per_case"] = [c for c in r.get("per_case", []) if c["space"] in spaces]
        r["cases"] = len({c["id"] for c in r["per_case"]})
    if "tickets" in cut:
        t = cut["tickets"]
        kept = {s for s in t["spaces"] if s in spaces}
        t["spaces"] = {s: v for s, v in t["spaces"].items() if s in kept}
        t["overall"] = {}
        t["checklist_confusion"] = {s: v for s, v in (t.get("checklist_confusion") or {}).items() if s in kept}
        _keep_cases(t, spaces)
        t.pop("latencies_ms", None)
    if "drafts" in cut:
        d = cut["drafts"]
        d["failures"] = [f for f in d["failures"] if f.get("space") in spaces]
        d["spaces"] = {s: v for s, v in (d.get("spaces") or {}).items() if s in spaces}
        d.update(_combined(d["spaces"]))
        d["latencies_ms"] = []
        _keep_cases(d, spaces)
    return cut


def _combined(spaces: dict[str, Any]) -> dict[str, Any]:
    """The drafts totals over the visible spaces only, from their counts (same formulas as the runner)."""
    counts: dict[str, dict[str, int]] = {}
    for scored in spaces.values():
        for rule, row in scored["rules"].items():
            total = counts.setdefault(rule, {"tp": 0, "fp": 0, "fn": 0})
            for key in total:
                total[key] += row[key]
    rules = {}
    for rule, c in sorted(counts.items()):
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rules[rule] = {**c, "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
    clean = sum(s["clean_cases"] for s in spaces.values())
    flagged = sum(round(s["clean_false_positive_rate"] * s["clean_cases"]) for s in spaces.values())
    return {"rules": rules, "cases": sum(s["cases"] for s in spaces.values()), "clean_cases": clean,
            "clean_false_positive_rate": round(flagged / clean, 4) if clean else 0.0}


def _keep_cases(result: dict[str, Any], spaces: set[str]) -> None:
    where = result.get("case_spaces") or {}
    result["case_status"] = {i: ok for i, ok in (result.get("case_status") or {}).items() if where.get(i) in spaces}
    result["case_spaces"] = {i: s for i, s in where.items() if s in spaces}
