"""The law's automatic acts: what the lapse of a period makes true without anyone acting.

- 视为受理 (Art. 32(4)): no one-time notice and no decision on acceptance by the end of the 5th working
  day after receipt, and the application counts as accepted from the day the materials came.
- 超时默许: a co-department that has not answered when its opinion period (CO) runs out is deemed to
  consent, and bears the delay [S28][S29].

Each is dated the instant the period lapsed (24:00 of its due day), not when someone noticed: the
deadline watcher records them, exactly once, like the warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.business_time import end_of_day
from domain.case.state import CaseState
from domain.case.values import CaseStatus
from domain.clocks import ClockName


@dataclass(frozen=True)
class Lapse:
    """A period that lapsed: when, and for a co-department's opinion, whose."""

    at: datetime
    co_department: str | None = None  # None: the notice period (deemed acceptance)


def lapsed(case: CaseState, at: datetime) -> list[Lapse]:
    """The automatic acts due on ``case`` by ``at`` and not yet recorded, oldest first."""
    found: list[Lapse] = []
    k0 = case.clocks.get(ClockName.K0)
    if case.status is CaseStatus.RECEIVED and case.supplement_notices == 0 and k0 is not None and k0.running:
        lapse = end_of_day(k0.due.on)
        if lapse <= at:
            found.append(Lapse(lapse))
    co = case.clocks.get(ClockName.CO)
    if co is not None and case.status.is_open:
        lapse = end_of_day(co.due.on)
        if lapse <= at:
            found += [Lapse(lapse, d) for d in case.item.co_departments if d not in case.opinions]
    return sorted(found, key=lambda x: x.at)
