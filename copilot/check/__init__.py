"""Draft checking: the space's conduct rules over an analyst's reply, with spans, sources and fixes."""

from copilot.check.checker import DraftChecker
from copilot.check.models import CheckResult, Finding, SourceOut
from copilot.check.sla import SlaProvider

__all__ = ["CheckResult", "DraftChecker", "Finding", "SlaProvider", "SourceOut"]
