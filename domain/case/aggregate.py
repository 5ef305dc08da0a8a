"""The ``Case`` aggregate: intake, handling and conclusion commands over one state."""

from __future__ import annotations

from domain.case.conclusion import ConclusionCommands
from domain.case.handling import HandlingCommands
from domain.case.intake import IntakeCommands


class Case(IntakeCommands, HandlingCommands, ConclusionCommands):
    """办件: one application from receipt (收件) to delivery (送达) and rating (评价).

    Commands take business time (``at``) and the actor (``by``) as arguments, check the rules and
    trigger one event each; clocks that need the calendar get it as ``calendar``.
    """
