"""What the supervision records share: a step taken in its turn and in date order, and the watcher's
fact that a record's due date ran out before the act that answers it."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from enum import Enum
from typing import Any

from eventsourcing.domain import Aggregate

from domain.business_time import require_aware
from domain.errors import DomainError, InvalidValue
from domain.organisation.actors import Actor


class DueDateRanOut(Aggregate.Event):
    """The watcher's fact that a record's due date ran out before its answer (recorded once, at the instant
    the date ran out). It does not order the acts: a step entered late keeps its own date."""

    rule_id: str
    crossed_at: datetime
    occurred_at: datetime
    by: Actor

    def apply(self, aggregate: Any) -> None:
        aggregate.flagged_at = self.crossed_at


def check_step(
    number: str,
    status: Enum,
    allowed: Collection[Enum],
    last_at: datetime,
    at: datetime,
    step: str,
    out_of_order: type[DomainError],
) -> None:
    """Refuse ``step`` unless the record is in one of the ``allowed`` states and ``at`` is not before its
    last act (a dialogue between the centre and a department, unlike a case's paper acts entered late)."""
    require_aware(at)
    if status not in allowed:
        raise out_of_order("{number} is {status}: cannot {step} now", number=number, status=status, step=step)
    if at < last_at:
        raise InvalidValue("{number}: an act dated {at} comes before the last", number=number, at=at.isoformat())
