"""One HTML section per suite of the eval report: tables, charts, failing cases."""

from __future__ import annotations

from typing import Any

from copilot.evals._html import cell, details, esc, num, table
from copilot.evals._svg import grouped_bars, histogram, line_chart

TICKET_COLUMNS = (("checklist_accuracy", "checklist"), ("template_accuracy", "modelo"),
                  ("next_step_accuracy", "próximo passo"), ("article_hit_at_5", "artigos@5"),
                  ("nothing_fits_precision", "nada serve (prec.)"), ("nothing_fits_recall", "nada serve (rev.)"))
METHOD_NAMES = {"dense": "denso", "lexical": "léxico", "hybrid": "híbrido", "naive": "ingênuo"}

Below = set[tuple[str, str, str]]  # (suite, scope, metric) of every bar not met


def _mark(below: Below, suite: str, scope: str, metric: str) -> str:
    return "below" if (suite, scope, metric) in below else ""


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{esc(caption)}</figcaption></figure>"


def retrieval_section(result: dict[str, Any], below: Below) -> str:
    rows, first_total = [], True
    for r in result["table"]:
        mark = _mark(below, "retrieval", r["space"], f"{r['method']} recall@5")
        kind = ""
        if r["space"] == "todos":
            kind, first_total = ("total first" if first_total else "total"), False
        rows.append(f'<tr class="{kind}">' + cell(esc(r["space"])) +
                    cell(esc(METHOD_NAMES.get(r["method"], r["method"])), "text") + cell(str(r["n"])) +
                    cell(num(r["recall@1"])) + cell(num(r["recall@5"]), mark) + cell(num(r["mrr"])) +
                    cell(num(r["ndcg@5"])) + cell(num(r["p50_ms"], 1)) + cell(num(r["p95_ms"], 1)) + "</tr>")
    parts = [f'<section id="retrieval"><h2>Recuperação — {result["cases"]} consultas</h2>',
             table(["espaço", "método", "n", "R@1", "R@5", "MRR", "nDCG@5", "p50 ms", "p95 ms"], rows, text_cols=2)]
    curves = [r for r in result["table"] if r.get("recall_curve")]
    if curves:
        charts = []
        for space in dict.fromkeys(r["space"] for r in curves):
            series = {METHOD_NAMES.get(r["method"], r["method"]): r["recall_curve"] for r in curves if r["space"] == space}
            big = space == "todos"
            top = max(len(v) for v in series.values())
            charts.append(_figure(line_chart(series, f"recall@k por método — {space}", width=460 if big else 340,
                                             height=260 if big else 200), f"recall@k, k = 1…{top} — {space}"))
        parts.append('<h3>Curva recall@k</h3><div class="charts">' + "".join(charts[-1:] + charts[:-1]) + "</div>")
    hybrid_ms = [row["ms"] for row in result.get("per_case", []) if row["method"] == "hybrid"]
    if hybrid_ms:
        parts.append('<h3>Latência da busca híbrida</h3><div class="charts">' +
                     _figure(histogram(hybrid_ms, "Histograma de latência da busca híbrida"), "por consulta") + "</div>")
    parts.append(_retrieval_failures(result["failures"]))
    return "".join(parts) + "</section>"


def _retrieval_failures(failures: list[dict[str, Any]]) -> str:
    if not failures:
        return "<p class=\"good\">Nenhuma consulta sem o trecho certo entre os 5 primeiros (híbrido).</p>"
    items = []
    for f in failures:
        got = "".join(f'<li>{esc(g["section"])}{" · " + num(g["score"]) if "score" in g else ""}'
                      f'<blockquote>{esc(g["text"])}</blockquote></li>' for g in f["got"])
        gold = "".join(f"<blockquote>{esc(q)}</blockquote>" for q in f["gold"])
        note = "" if f.get("findable", True) else ' <span class="bad">citação ausente dos trechos indexados</span>'
        items.append(f'<li><span class="case-id">{esc(f["id"])}</span> [{esc(f["space"])}] “{esc(f["query"])}”{note}'
                     f'<p class="expected">Esperado (citação):</p>{gold}'
                     f'<p class="got">Veio (5 primeiros):</p><ol>{got}</ol></li>')
    return details(f"Consultas em que o híbrido errou ({len(failures)})", f'<ol class="cases">{"".join(items)}</ol>', True)


def tickets_section(result: dict[str, Any], below: Below) -> str:
    rows = []
    scopes = [*result["spaces"].items(), ("total", result.get("overall") or {})]
    for scope, s in scopes:
        if not s:
            continue
        cells = "".join(cell(num(s.get(key)), _mark(below, "tickets", scope, key)) for key, _ in TICKET_COLUMNS)
        rows.append(f'<tr class="{"total first" if scope == "total" else ""}">{cell(esc(scope))}{cell(str(s["cases"]))}{cells}</tr>')
    latency = result.get("latency_ms") or {}
    parts = [f'<section id="tickets"><h2>Sugestões para tickets</h2>',
             table(["espaço", "casos", *(label for _, label in TICKET_COLUMNS)], rows),
             f'<p class="meta">Latência por ticket: p50 {num(latency.get("p50"), 1)} ms · p95 {num(latency.get("p95"), 1)} ms</p>']
    matrices = [(space, m) for space, m in (result.get("checklist_confusion") or {}).items() if len(m["labels"]) > 1]
    if matrices:
        parts.append("<h3>Matriz de confusão dos checklists</h3>" + "".join(_confusion(space, m) for space, m in matrices))
    if result.get("latencies_ms"):
        parts.append('<div class="charts">' + _figure(histogram(result["latencies_ms"], "Histograma de latência das sugestões",
                                                                colour="#1e6b34"), "por ticket") + "</div>")
    failures = [(space, f) for space, s in result["spaces"].items() for f in s.get("failures", [])]
    parts.append(_ticket_failures(failures))
    return "".join(parts) + "</section>"


def _confusion(space: str, matrix: dict[str, Any]) -> str:
    labels, rows = matrix["labels"], []
    peak = max((v for row in matrix["matrix"] for v in row), default=0) or 1
    for i, label in enumerate(labels):
        cells = []
        for j, value in enumerate(matrix["matrix"][i]):
            heat = 0 if value == 0 else 1 + min(4, int(4 * value / peak))
            cells.append(cell(str(value), f"heat-{heat}" + (" diag" if i == j else "")))
        rows.append(f'<tr><th scope="row" class="text">{esc(label)}</th>{"".join(cells)}</tr>')
    head = "".join(f'<th scope="col">{esc(label)}</th>' for label in labels)
    return (f'<table class="grid confusion"><caption>{esc(space)} — linhas: esperado · colunas: sugerido</caption>'
            f'<thead><tr><th scope="col">esperado \\ sugerido</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _ticket_failures(failures: list[tuple[str, dict[str, Any]]]) -> str:
    if not failures:
        return '<p class="good">Nenhum ticket com sugestão errada.</p>'
    items = []
    for space, f in failures:
        wrong = ", ".join(f.get("wrong") or []) or "nada serve"
        expected, got = f.get("expected") or {}, f.get("got") or {}
        rows = "".join(f'<tr>{cell(esc(part), "text")}{cell(esc(expected.get(part)), "text expected")}'
                       f'{cell(esc(got.get(part)), "text got")}</tr>' for part in ("checklist", "template", "next_step"))
        articles = "".join(f'<li>{esc(a["title"])} › {esc(a["section"])} · {num(a["score"])}<blockquote>{esc(a["excerpt"])}</blockquote></li>'
                           for a in f.get("articles", []))
        error = f'<p class="bad">{esc(f["error"])}</p>' if f.get("error") else ""
        items.append(f'<li><span class="case-id">{esc(f["id"])}</span> [{esc(space)}] errou: {esc(wrong)}{error}'
                     + table(["parte", "esperado", "veio"], [rows], classes="grid") +
                     (f'<details><summary>Trechos recuperados</summary><ol>{articles}</ol></details>' if articles else "") + "</li>")
    return details(f"Tickets com erro ({len(failures)})", f'<ol class="cases">{"".join(items)}</ol>')


def drafts_section(result: dict[str, Any], below: Below) -> str:
    rows = []
    for rule, r in result["rules"].items():
        rows.append(f"<tr>{cell(esc(rule))}{cell(str(r['tp']))}{cell(str(r['fp']))}{cell(str(r['fn']))}"
                    f"{cell(num(r['precision']), _mark(below, 'drafts', rule, 'precision'))}"
                    f"{cell(num(r['recall']), _mark(below, 'drafts', rule, 'recall'))}"
                    f"{cell(num(r['f1']), _mark(below, 'drafts', rule, 'f1'))}</tr>")
    fp_mark = _mark(below, "drafts", "todos", "clean_false_positive_rate")
    scores = table(["regra", "VP", "FP", "FN", "precisão", "revocação", "F1"], rows) if rows else ""
    parts = ['<section id="drafts"><h2>Revisão de rascunhos</h2>', scores, _drafts_per_space(result.get("spaces") or {}),
             f'<p class="meta">{result["cases"]} casos · {result["clean_cases"]} rascunhos limpos · falsos positivos em '
             f'limpos: <span class="{"bad" if fp_mark else ""}">{num(100 * result["clean_false_positive_rate"], 1)} %</span>'
             f' · severidades divergentes: {result.get("severity_mismatches", 0)}</p>']
    rules = list(result["rules"])
    charts = []
    if rules:
        charts.append(_figure(grouped_bars(rules, {"precisão": [result["rules"][r]["precision"] for r in rules],
                                                   "revocação": [result["rules"][r]["recall"] for r in rules]},
                                           "Precisão e revocação por regra"), "precisão e revocação por regra"))
    if result.get("latencies_ms"):
        charts.append(_figure(histogram(result["latencies_ms"], "Histograma de latência da revisão", colour="#8a2be2"),
                              "por rascunho"))
    parts.append('<div class="charts">' + "".join(charts) + "</div>")
    parts.append(_draft_failures(result["failures"]))
    return "".join(parts) + "</section>"


def _drafts_per_space(spaces: dict[str, Any]) -> str:
    if not spaces:
        return ""
    rules = sorted({rule for s in spaces.values() for rule in s["rules"]})
    rows = []
    for space, s in spaces.items():
        f1 = "".join(cell(num(s["rules"][r]["f1"]) if r in s["rules"] else "—") for r in rules)
        rows.append(f"<tr>{cell(esc(space))}{cell(str(s['cases']))}{f1}"
                    f"{cell(num(100 * s['clean_false_positive_rate'], 1) + ' %')}</tr>")
    return ("<h3>F1 por regra em cada espaço</h3>" +
            table(["espaço", "casos", *rules, "falsos positivos em limpos"], rows))


def _draft_failures(failures: list[dict[str, Any]]) -> str:
    if not failures:
        return '<p class="good">Nenhum rascunho com achado faltando ou sobrando.</p>'
    items = []
    for f in failures:
        lines = [f'<p class="expected">faltou {esc(m["rule"])}: “{esc(m["text"])}”</p>' for m in f.get("missing", [])]
        lines += [f'<p class="got">sobrou {esc(u["rule"])}: “{esc(u["text"])}”</p>' for u in f.get("unexpected", [])]
        if f.get("error"):
            lines.append(f'<p class="bad">erro: {esc(f["error"])}</p>')
        draft = f'<blockquote>{esc(f["draft"])}</blockquote>' if f.get("draft") else ""
        space = f' [{esc(f["space"])}]' if f.get("space") else ""
        items.append(f'<li><span class="case-id">{esc(f["id"])}</span>{space}{draft}{"".join(lines)}</li>')
    return details(f"Rascunhos com divergência ({len(failures)})", f'<ol class="cases">{"".join(items)}</ol>', True)
