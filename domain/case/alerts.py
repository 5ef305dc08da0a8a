"""Which warnings and breaches a case's clocks have crossed, and the instant each was crossed.

domain.md 5d, thresholds as configuration: PROMPT when at most ``prompt_days`` working days remain of
KC; YELLOW once ``yellow_ratio`` of KC or of the current step's budget is used; RED when KC, the step
budget or KD (delivery) runs out; STATUTORY_BREACH when KS plus any extension runs out. A threshold on
"days used" is crossed at the start (00:00) of the working day on which it is reached, because that
day counts as used; a due date is crossed at 24:00 of the due day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from domain.business_time import SHANGHAI, end_of_day, legal_day
from domain.calendar.working_days import WorkingDays
from domain.case.events.conclusion import warning_key
from domain.case.state import CaseState
from domain.case.values import WarningLevel
from domain.clocks import Clock, ClockName


@dataclass(frozen=True)
class WarningPolicy:
    """The thresholds; defaults from domain.md 5d (1 WD before due [S25]; 4/5 used [S33])."""

    prompt_days: int = 1
    yellow_ratio: float = 0.8


@dataclass(frozen=True)
class Alert:
    """A threshold a clock crossed: what to record, and when it really happened."""

    clock: ClockName
    level: WarningLevel
    step_index: int | None
    crossed_at: datetime
    rule_id: str
    due_on: date  # the clock's due date, for breaches

    @property
    def is_breach(self) -> bool:
        return self.level in (WarningLevel.RED, WarningLevel.STATUTORY_BREACH)


RULES = {
    (ClockName.KC, WarningLevel.PROMPT): "P01",
    (ClockName.KC, WarningLevel.YELLOW): "A003",
    (ClockName.KC, WarningLevel.RED): "A004",
    (ClockName.STEP, WarningLevel.YELLOW): "A01",
    (ClockName.STEP, WarningLevel.RED): "A02",
    (ClockName.KS, WarningLevel.STATUTORY_BREACH): "S01",
    (ClockName.KD, WarningLevel.RED): "D01",
}
LEVELS_BY_CLOCK = {
    ClockName.KC: (WarningLevel.PROMPT, WarningLevel.YELLOW, WarningLevel.RED),
    ClockName.STEP: (WarningLevel.YELLOW, WarningLevel.RED),
    ClockName.KS: (WarningLevel.STATUTORY_BREACH,),
    ClockName.KD: (WarningLevel.RED,),
}


def _start_of(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=SHANGHAI)


def _nth_counted_day(clock: Clock, n: int, calendar: WorkingDays) -> date:
    """The working day on which ``n`` days of the clock have been used (pauses skipped)."""
    if n <= 0:
        return clock.started_on
    # An open pause is taken to end where it began: days after it are filtered out by ``_running_at``.
    pauses = tuple(p if p.ended_on is not None else p.closed_by(p.started_on) for p in clock.pauses)
    return calendar.add(clock.started_on, n, pauses).on


def crossing(clock: Clock, level: WarningLevel, policy: WarningPolicy, calendar: WorkingDays) -> datetime | None:
    """The instant ``clock`` crosses ``level``, or None where it never applies (e.g. a zero limit)."""
    limit = clock.total_limit
    due = clock.compute_due(calendar)
    if level in (WarningLevel.RED, WarningLevel.STATUTORY_BREACH):
        return end_of_day(due.on)
    if limit <= 0:
        return None
    if level is WarningLevel.YELLOW:
        used = math.ceil(policy.yellow_ratio * limit)
        return _start_of(_nth_counted_day(clock, used, calendar)) if used <= limit else None
    # PROMPT: the working day on which at most ``prompt_days`` remain, i.e. limit - prompt_days used.
    used = limit - policy.prompt_days
    return _start_of(_nth_counted_day(clock, used, calendar)) if used > 0 else None


def due_alerts(case: CaseState, at: datetime, calendar: WorkingDays, policy: WarningPolicy) -> list[Alert]:
    """The warnings and breaches crossed by ``at`` and not yet recorded, oldest first.

    A clock that stopped (or paused) before a threshold never crosses it; an alert whose crossing
    instant is before the case's last act is still reported with its true instant (after downtime).
    """
    alerts: list[Alert] = []
    for clock in case.clocks.values():
        levels = LEVELS_BY_CLOCK.get(clock.name, ())
        step = _step_of(case, clock) if clock.name is ClockName.STEP else None
        for level in levels:
            if warning_key(clock.name, step, level) in case.warnings:
                continue
            instant = crossing(clock, level, policy, calendar)
            if instant is None or instant > at:
                continue
            if not _running_at(clock, instant):
                continue
            due = clock.compute_due(calendar).on
            alerts.append(Alert(clock.name, level, step, instant, RULES[(clock.name, level)], due))
    return sorted(alerts, key=lambda a: a.crossed_at)


def _step_of(case: CaseState, clock: Clock) -> int:
    """The step a STEP clock measures: the current one, or, once the last step is signed and its clock
    stopped, that last step (never an index past the item's steps)."""
    return min(case.step_index, len(case.item.steps) - 1)


def _running_at(clock: Clock, instant: datetime) -> bool:
    """The clock was still running (not stopped before that day, not paused) when ``instant`` came."""
    day = legal_day(instant)
    if clock.stopped_on is not None and clock.stopped_on < day:
        return False
    return not any(pause.excludes(day) for pause in clock.pauses)
