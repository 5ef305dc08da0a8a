"""What every case event carries: the actor, the business time and the channel."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

from eventsourcing.domain import Aggregate

from domain.clocks import ClockName
from domain.organisation.actors import Actor, Channel

if TYPE_CHECKING:
    from domain.case.state import CaseState


class CaseEvent(Aggregate.Event):
    """An act on a case. ``occurred_at`` is business time (legal effect); ``timestamp`` is record time."""

    occurred_at: datetime
    by: Actor
    channel: Channel

    # A fact the deadline watcher derives from the clocks (a warning, its clearing, a recomputed due
    # date) rather than an act on the case: acts are ordered in business time among themselves only, so
    # a paper act entered late may come before such a fact (which it may then make untrue).
    watcher_fact: ClassVar[bool] = False
    # The clocks the act starts afresh even though they keep running (a step budget on the next step).
    restarts: ClassVar[tuple[ClockName, ...]] = ()

    def apply(self, aggregate: Any) -> None:
        case = cast("CaseState", aggregate)
        # The law's automatic acts are dated when their period lapsed, which may be before acts recorded
        # meanwhile: the last act's time never goes back.
        case.last_occurred_at = max(case.last_occurred_at, self.occurred_at)
        if not self.watcher_fact:
            case.last_act_at = max(case.last_act_at, self.occurred_at)
        before = case.clocks.copy()
        self.apply_to(case)
        # Most acts (a hand-off, an opinion) leave every clock as it was (the very same values).
        if self.restarts or before != case.clocks:
            case.track_runs(before, self)

    def apply_to(self, case: CaseState) -> None:
        """Evolve the case's state. Derived values (due dates) come in the event, never from a calendar."""
