"""Ticket suggestions: the checklist, reply template and next procedural step, cited.

``Suggester`` is built once per process; ``suggest(ticket)`` answers the
contract's ``POST /api/v1/suggest``. ``SlaCalculator`` computes due times in
business hours and is shared with the draft checker.
"""

from copilot.suggest.results import SuggestResult
from copilot.suggest.sla import SlaCalculator, SlaDue
from copilot.suggest.suggester import Suggester

__all__ = ["SlaCalculator", "SlaDue", "SuggestResult", "Suggester"]
