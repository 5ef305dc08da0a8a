"""What every case event carries: the actor, the business time and the channel."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from eventsourcing.domain import Aggregate

from domain.organisation.actors import Actor, Channel

if TYPE_CHECKING:
    from domain.case.state import CaseState


class CaseEvent(Aggregate.Event):
    """An act on a case. ``occurred_at`` is business time (legal effect); ``timestamp`` is record time."""

    occurred_at: datetime
    by: Actor
    channel: Channel

    def apply(self, aggregate: Any) -> None:
        case = cast("CaseState", aggregate)
        # The law's automatic acts are dated when their period lapsed, which may be before acts recorded
        # meanwhile: the last act's time never goes back.
        case.last_occurred_at = max(case.last_occurred_at, self.occurred_at)
        self.apply_to(case)

    def apply_to(self, case: CaseState) -> None:
        """Evolve the case's state. Derived values (due dates) come in the event, never from a calendar."""
