"""Overlapping findings become one, and safe fixes are applied to the draft.

Where findings overlap, the most severe wins (then the longer span, then the
rule listed first); the others are dropped, never reported twice. Only
findings marked ``safe`` change ``fixed_draft``.
"""

from __future__ import annotations

from copilot.check.models import SEVERITY_RANK, Finding


def merge_overlaps(findings: list[Finding], order: dict[str, int]) -> list[Finding]:
    ranked = sorted(findings, key=lambda f: (-SEVERITY_RANK[f.severity], -(f.end - f.start),
                                            order.get(f.rule, len(order)), f.start))
    kept: list[Finding] = []
    for finding in ranked:
        if all(finding.end <= k.start or k.end <= finding.start for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))


def apply_safe_fixes(draft: str, findings: list[Finding]) -> str:
    """Replace each safe finding's span by its suggestion, right to left so offsets stay valid."""
    out = draft
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        if finding.safe and finding.suggestion is not None:
            out = out[:finding.start] + finding.suggestion + out[finding.end:]
    return out
