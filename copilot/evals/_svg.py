"""Inline SVG charts for the eval report: no script, no CDN, no inline style.

Every colour and size is a presentation attribute, so the same markup works
in the self-contained HTML file and under the web app's CSP (``style-src
'self'``). Each chart has a <title> and an aria-label for screen readers.
"""

from __future__ import annotations

from html import escape
from collections.abc import Sequence

PALETTE = {"denso": "#0b57d0", "léxico": "#1e6b34", "híbrido": "#8a2be2", "ingênuo": "#6b7280",
           "precisão": "#0b57d0", "revocação": "#c2410c"}
FALLBACK = ("#0b57d0", "#c2410c", "#1e6b34", "#8a2be2", "#6b7280", "#a4161a")
FONT = 'font-family="system-ui, sans-serif"'


def _colour(name: str, index: int) -> str:
    return PALETTE.get(name, FALLBACK[index % len(FALLBACK)])


def _num(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def _open(width: int, height: int, label: str) -> list[str]:
    text = escape(label)
    return [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{text}"><title>{text}</title>']


def line_chart(series: dict[str, Sequence[float]], label: str, width: int = 420, height: int = 240,
               y_label: str = "recall@k") -> str:
    """Lines over k = 1..n, y from 0 to 1 (recall@k curves)."""
    left, right, top, bottom = 44, 100, 14, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max((len(v) for v in series.values()), default=0)
    out = _open(width, height, label)
    for tick in range(0, 6):
        y = top + plot_h - plot_h * tick / 5
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#d5dae1" stroke-width="1"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" {FONT} fill="#4a5563">{_num(tick / 5, 1)}</text>')

    def x_at(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    for i in range(n):
        out.append(f'<text x="{x_at(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11" {FONT} fill="#4a5563">{i + 1}</text>')
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 2}" text-anchor="middle" font-size="11" {FONT} fill="#4a5563">k</text>')
    out.append(f'<text x="12" y="{top + plot_h / 2:.1f}" text-anchor="middle" font-size="11" {FONT} fill="#4a5563" '
               f'transform="rotate(-90 12 {top + plot_h / 2:.1f})">{escape(y_label)}</text>')
    for index, (name, values) in enumerate(series.items()):
        colour = _colour(name, index)
        points = " ".join(f"{x_at(i):.1f},{top + plot_h - plot_h * v:.1f}" for i, v in enumerate(values))
        dash = ' stroke-dasharray="5 4"' if name == "ingênuo" else ""  # the baseline, dashed
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for i, v in enumerate(values):
            out.append(f'<circle cx="{x_at(i):.1f}" cy="{top + plot_h - plot_h * v:.1f}" r="2.5" fill="{colour}">'
                       f'<title>{escape(name)} · k={i + 1}: {_num(v, 3)}</title></circle>')
        ly = top + 8 + index * 18
        out.append(f'<line x1="{width - right + 10}" y1="{ly}" x2="{width - right + 30}" y2="{ly}" stroke="{colour}" stroke-width="3"{dash}/>')
        out.append(f'<text x="{width - right + 36}" y="{ly + 4}" font-size="12" {FONT} fill="#1b1f24">{escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)


def grouped_bars(categories: Sequence[str], series: dict[str, Sequence[float]], label: str,
                 width: int = 560, row: int = 34) -> str:
    """Horizontal bars from 0 to 1: one group per category (a rule), one bar per series."""
    left, right, top = 170, 60, 26
    plot_w = width - left - right
    height = top + row * len(categories) + 24
    bar_h = max(6, (row - 10) // max(1, len(series)))
    out = _open(width, height, label)
    for index, name in enumerate(series):
        x = left + index * 110
        out.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{_colour(name, index)}"/>')
        out.append(f'<text x="{x + 16}" y="16" font-size="12" {FONT} fill="#1b1f24">{escape(name)}</text>')
    for tick in range(0, 6):
        x = left + plot_w * tick / 5
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 20}" stroke="#d5dae1" stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" font-size="11" {FONT} fill="#4a5563">{_num(tick / 5, 1)}</text>')
    for r, category in enumerate(categories):
        y0 = top + r * row + 4
        out.append(f'<text x="{left - 8}" y="{y0 + row / 2:.1f}" text-anchor="end" font-size="12" {FONT} fill="#1b1f24">{escape(category)}</text>')
        for index, (name, values) in enumerate(series.items()):
            value = values[r]
            y = y0 + index * bar_h
            out.append(f'<rect x="{left}" y="{y}" width="{plot_w * value:.1f}" height="{bar_h - 2}" fill="{_colour(name, index)}">'
                       f'<title>{escape(category)} · {escape(name)}: {_num(value, 3)}</title></rect>')
            out.append(f'<text x="{left + plot_w * value + 4:.1f}" y="{y + bar_h - 4}" font-size="10" {FONT} fill="#1b1f24">{_num(value, 2)}</text>')
    out.append("</svg>")
    return "".join(out)


def histogram_bins(values: Sequence[float], bins: int = 12) -> tuple[list[float], list[int], int]:
    """Equal-width bins from 0 to the 95th-percentile-ish top; returns (edges, counts, overflow)."""
    if not values:
        return [0.0, 1.0], [0], 0
    ordered = sorted(values)
    top = ordered[int((len(ordered) - 1) * 0.95)] or ordered[-1] or 1.0
    step = top / bins
    edges = [step * i for i in range(bins + 1)]
    counts = [0] * bins
    overflow = 0
    for v in values:
        if v > top:
            overflow += 1
        else:
            counts[min(bins - 1, int(v / step))] += 1
    return edges, counts, overflow


def histogram(values: Sequence[float], label: str, unit: str = "ms", width: int = 420, height: int = 200,
              colour: str = "#0b57d0") -> str:
    edges, counts, overflow = histogram_bins(values)
    left, right, top, bottom = 40, 14, 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    columns = counts + ([overflow] if overflow else [])
    peak = max(columns) or 1
    bar_w = plot_w / len(columns)
    out = _open(width, height, label)
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#4a5563" stroke-width="1"/>')
    out.append(f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" font-size="11" {FONT} fill="#4a5563">{peak}</text>')
    for i, count in enumerate(columns):
        h = plot_h * count / peak
        x = left + i * bar_w
        last = overflow and i == len(columns) - 1
        span = f"> {_num(edges[-1], 1)}" if last else f"{_num(edges[i], 1)}–{_num(edges[i + 1], 1)}"
        out.append(f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                   f'fill="{"#a4161a" if last else colour}"><title>{span} {unit}: {count}</title></rect>')
    ticks = (0, len(counts) // 2) if overflow else (0, len(counts) // 2, len(counts))
    for i in ticks:
        x = left + i * bar_w
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 14}" text-anchor="middle" font-size="11" {FONT} fill="#4a5563">{_num(edges[i], 1)}</text>')
    if overflow:
        out.append(f'<text x="{left + plot_w - bar_w:.1f}" y="{top + plot_h + 14}" text-anchor="middle" font-size="11" {FONT} fill="#a4161a">&gt; {_num(edges[-1], 1)}</text>')
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle" font-size="11" {FONT} fill="#4a5563">{escape(unit)} ({len(values)} medições)</text>')
    out.append("</svg>")
    return "".join(out)
