"""The ``Case`` aggregate: intake, handling and conclusion commands over one state."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from domain.calendar.working_days import WorkingDays
from domain.case.alerts import Alert
from domain.case.conclusion import ConclusionCommands
from domain.case.events.conclusion import WarningsCleared
from domain.case.handling import HandlingCommands
from domain.case.intake import IntakeCommands
from domain.case.runs import settlements
from domain.organisation.actors import Actor, Channel


class Case(IntakeCommands, HandlingCommands, ConclusionCommands):
    """办件: one application from receipt (收件) to delivery (送达) and rating (评价).

    Commands take business time (``at``) and the actor (``by``) as arguments, check the rules and
    trigger one event each; clocks that need the calendar get it as ``calendar``.
    """

    def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None:
        """Trigger an event; after an act, settle the warnings it affects in the same commit: those on
        runs it ended are cleared, those it shows never happened are withdrawn (``domain.case.runs``).
        The watcher settles once after each pass (``record_alerts``)."""
        super().trigger_event(event_class, **kwargs)
        if self.warnings and not event_class.watcher_fact:
            self.settle_warnings((kwargs["occurred_at"], event_class.__name__, self.version))

    def settle_warnings(self, act: tuple[datetime, str, int] | None) -> None:
        """Clear the warnings on runs that ended and withdraw those shown untrue (after ``act``, the act
        just recorded, or after a pass of the watcher), in one ``WarningsCleared`` per act responsible."""
        for settlement in settlements(self.warnings, self.runs, self.clocks, act):
            super().trigger_event(
                WarningsCleared,
                occurred_at=settlement.at,
                by=Actor.system(),
                channel=Channel.SYSTEM,
                cleared=settlement.cleared,
                withdrawn=settlement.withdrawn,
                act=settlement.act,
                act_version=settlement.act_version,
            )

    def record_alerts(self, alerts: Sequence[Alert], *, at: datetime | None, by: Actor, calendar: WorkingDays) -> None:
        """One pass of the deadline watcher: record the crossed thresholds (``due_alerts``) as warnings and
        breaches with their true instants, then settle them (those on runs that already ended are cleared
        at once). Recorded at ``at``, or, if None, each at the instant it was crossed (or the last act, if
        later), as a watcher that never fell behind would have."""
        for alert in alerts:
            self.record_alert(alert, at=at or max(alert.crossed_at, self.last_occurred_at), by=by, calendar=calendar)
        self.settle_warnings(None)
