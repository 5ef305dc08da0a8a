"""Which warnings and breaches a case's clocks have crossed, and the instant each was crossed.

domain.md 5d, thresholds as configuration: PROMPT when at most ``prompt_days`` working days remain of
KC; YELLOW once ``yellow_ratio`` of KC or of the current step's budget is used; RED when KC, the step
budget or KD (delivery) runs out; STATUTORY_BREACH when KS plus any extension runs out. A threshold on
"days used" is crossed at the start (00:00) of the working day on which it is reached, because that
day counts as used; a due date is crossed at 24:00 of the due day. Thresholds are crossed only while
the clock counts, in one of its runs (``domain.case.runs``): a run that begins past a threshold crosses
it the instant it begins.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from domain.business_time import end_of_day, start_of_day
from domain.calendar.working_days import WorkingDays
from domain.case.runs import warning_key
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
    due_on: date  # the clock's due date
    run: int = 0  # the clock's run it was crossed in

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
        # In exact arithmetic: 0.7 * 10 is 7.000000000000001 in floating point, which would put the
        # threshold a day late.
        used = math.ceil(Fraction(str(policy.yellow_ratio)) * limit)
        return start_of_day(_nth_counted_day(clock, used, calendar)) if used <= limit else None
    # PROMPT: the working day on which at most ``prompt_days`` remain, i.e. limit - prompt_days used.
    used = limit - policy.prompt_days
    return start_of_day(_nth_counted_day(clock, used, calendar)) if used > 0 else None


def due_alerts(case: CaseState, at: datetime, calendar: WorkingDays, policy: WarningPolicy) -> list[Alert]:
    """The warnings and breaches crossed by ``at`` and not yet recorded, oldest first.

    Every run of every clock is looked at, ended ones too: a step signed, returned or paused before the
    watcher saw it overrun still gets its warning, with its true instant (the run's end then clears it).
    """
    alerts: list[Alert] = []
    for run in case.runs.values():
        levels = LEVELS_BY_CLOCK.get(run.clock, ())
        clock = run.final if run.final is not None else case.clocks[run.clock]
        until = at if run.ended_at is None else min(at, run.ended_at)
        for level in levels:
            if warning_key(run.clock, run.step_index, level, run.number) in case.warnings:
                continue
            instant = crossing(clock, level, policy, calendar)
            if instant is None:
                continue
            instant = max(instant, run.started_at)
            if instant > until:
                continue
            due = clock.compute_due(calendar).on
            rule = RULES[(run.clock, level)]
            alerts.append(Alert(run.clock, level, run.step_index, instant, rule, due, run.number))
    return sorted(alerts, key=lambda a: a.crossed_at)
