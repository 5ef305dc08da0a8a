"""What the watcher asks of a case's warnings after they are raised (domain.md 2.2 and 5d, the legacy rules
``三级联网督办``): an alarm must be taken up by supervision within ``SUPERVISE_WITHIN`` working days, or
that is itself flagged (B001); a prompt or a yellow warning no one acted on lapses after
``LAPSE_AFTER`` working days (a red one never lapses: its run's end or an inspector settles it).

Both count working days from the legal day the warning was crossed, on the calendars in force when the
watcher looks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from domain.business_time import end_of_day, legal_day, ran_out
from domain.calendar.working_days import WorkingDays
from domain.case.runs import BREACHES, WarningStatus
from domain.case.state import CaseState
from domain.case.values import WarningLevel

SUPERVISE_WITHIN = 5  # working days from an alarm to the supervision order on it (B001)
LAPSE_AFTER = 20  # working days an unanswered prompt or yellow warning stands
UNSUPERVISED_RULE = "B001"
LAPSING = (WarningLevel.PROMPT, WarningLevel.YELLOW)
LAPSED = "lapsed after 20 working days"  # the cause a lapsed warning's clearing names


@dataclass(frozen=True)
class Unsupervised:
    """An alarm no supervision order took up by ``due_on``."""

    warning: str
    due_on: date

    @property
    def crossed_at(self) -> datetime:
        return end_of_day(self.due_on)


def supervise_by(crossed_at: datetime, calendar: WorkingDays) -> date:
    """The last day to open supervision on an alarm crossed at ``crossed_at``."""
    return calendar.add(legal_day(crossed_at), SUPERVISE_WITHIN).on


def lapses_after(crossed_at: datetime, calendar: WorkingDays) -> date:
    """The last day a prompt or yellow warning crossed at ``crossed_at`` stands."""
    return calendar.add(legal_day(crossed_at), LAPSE_AFTER).on


def unsupervised_alarms(
    case: CaseState, orders_opened: Iterable[datetime], at: datetime, calendar: WorkingDays
) -> list[Unsupervised]:
    """The case's alarms (breaches, however they stand now) not yet flagged for which no supervision order
    on the case was opened by their last day: none opened at or after the alarm, or the first one late."""
    opened = sorted(orders_opened)
    found = []
    for key, warning in case.warnings.items():
        if warning.level not in BREACHES or key in case.unsupervised:
            continue
        due = supervise_by(warning.crossed_at, calendar)
        first = next((legal_day(o) for o in opened if o >= warning.crossed_at), None)
        if ran_out(due, first, at):
            found.append(Unsupervised(key, due))
    return found


def lapsed_warnings(case: CaseState, at: datetime, calendar: WorkingDays) -> dict[str, datetime]:
    """The prompts and yellow warnings still open after their ``LAPSE_AFTER`` working days, with the
    instant each lapsed."""
    found = {}
    for key, warning in case.warnings.items():
        if warning.level in LAPSING and warning.status is WarningStatus.OPEN:
            last = lapses_after(warning.crossed_at, calendar)
            if ran_out(last, None, at):
                found[key] = end_of_day(last)
    return found
