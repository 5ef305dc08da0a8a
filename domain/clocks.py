"""The clocks of a case (domain.md 5b/5c): K0, KC, KS, KD, the co-department clock and step budgets.

A ``Clock`` is an immutable value: starting, pausing, resuming, extending and stopping return a new one.
Its ``due`` is the due date as recorded in the event that set it (with the calendar versions used);
``reading`` computes elapsed and remaining working days at any day with the calendars in force.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date

from domain.calendar.working_days import DueDate, Pause, WorkingDays
from domain.errors import InvalidValue


class ClockName(enum.Enum):
    K0 = "K0"  # Art. 32: 5 WD from receipt to the one-time supplement notice
    KC = "KC"  # committed limit (承诺时限), from acceptance
    KS = "KS"  # statutory limit (法定时限) plus any approved extension, from acceptance
    KD = "KD"  # Art. 44: 10 WD from a grant to delivery
    CO = "CO"  # co-department opinion in joint approval (7 WD by default)
    STEP = "STEP"  # the budget of the current step (环节时限)


class TimeUnit(enum.Enum):
    WORKING_DAY = "working_day"  # Art. 82: the default for every licensing limit
    CALENDAR_DAY = "calendar_day"


@dataclass(frozen=True)
class TimeLimit:
    """A limit with its unit, as the catalogue publishes it (GB/T 39046: limit + unit)."""

    value: int
    unit: TimeUnit = TimeUnit.WORKING_DAY

    def __post_init__(self) -> None:
        if self.value < 0:
            raise InvalidValue("a time limit cannot be negative ({limit})", limit=self)

    def __str__(self) -> str:
        return f"{self.value} {'WD' if self.unit is TimeUnit.WORKING_DAY else 'days'}"


@dataclass(frozen=True)
class ClockReading:
    """A clock as it stands on a given day: what an auditor or a warning rule looks at."""

    name: ClockName
    started_on: date
    limit: int
    extension: int
    due_on: date
    calendar: str
    provisional: bool
    elapsed: int
    remaining: int
    running: bool
    paused: bool

    @property
    def overdue(self) -> int:
        return max(0, -self.remaining)


@dataclass(frozen=True)
class Clock:
    """A working-day clock: started on day 0, with a limit, pauses and perhaps a stop."""

    name: ClockName
    started_on: date
    limit: TimeLimit
    due: DueDate
    extension: int = 0
    pauses: tuple[Pause, ...] = ()
    stopped_on: date | None = None

    @classmethod
    def start(cls, name: ClockName, on: date, limit: TimeLimit, calendar: WorkingDays) -> Clock:
        day_zero = calendar.day_zero(on)
        clock = cls(name=name, started_on=day_zero, limit=limit, due=DueDate(day_zero, "", False))
        return replace(clock, due=clock.compute_due(calendar))

    @property
    def running(self) -> bool:
        return self.stopped_on is None

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].ended_on is None

    @property
    def total_limit(self) -> int:
        return self.limit.value + self.extension

    def compute_due(self, calendar: WorkingDays, as_of: date | None = None) -> DueDate:
        """The due date with the calendars in force; an open pause is taken to end on ``as_of``."""
        pauses = self.pauses
        if self.paused:
            pauses = (*pauses[:-1], pauses[-1].closed_by(as_of or pauses[-1].started_on))
        if self.limit.unit is TimeUnit.CALENDAR_DAY:
            return calendar.add_calendar_days(self.started_on, self.total_limit, pauses)
        return calendar.add(self.started_on, self.total_limit, pauses)

    def pause(self, on: date, kind: str) -> Clock:
        return replace(self, pauses=(*self.pauses, Pause(on, None, kind)))

    def resume(self, on: date, calendar: WorkingDays) -> Clock:
        resumed = replace(self, pauses=(*self.pauses[:-1], self.pauses[-1].closed_by(on)))
        return replace(resumed, due=resumed.compute_due(calendar))

    def extend(self, days: int, calendar: WorkingDays) -> Clock:
        extended = replace(self, extension=self.extension + days)
        return replace(extended, due=extended.compute_due(calendar))

    def widened(self, limit: TimeLimit, calendar: WorkingDays) -> Clock:
        """The same clock, counted from the same day, with a longer limit (a step budget widened to the
        longest of the steps run with it); a limit no longer than its own leaves it as it is."""
        if limit.unit is not self.limit.unit or limit.value <= self.limit.value:
            return self
        widened = replace(self, limit=limit)
        return replace(widened, due=widened.compute_due(calendar))

    def stop(self, on: date) -> Clock:
        stopped = self
        if self.paused:
            stopped = replace(self, pauses=(*self.pauses[:-1], self.pauses[-1].closed_by(on)))
        return replace(stopped, stopped_on=max(on, self.started_on))

    def recomputed(self, calendar: WorkingDays) -> Clock:
        return replace(self, due=self.compute_due(calendar))

    def elapsed(self, on: date, calendar: WorkingDays) -> int:
        """Working days used by ``on`` (inclusive), pauses excluded, up to the stop if stopped."""
        until = on if self.stopped_on is None else min(on, self.stopped_on)
        if self.limit.unit is TimeUnit.CALENDAR_DAY:
            days = max(0, (until - self.started_on).days)
            paused = sum(((p.ended_on or until) - p.started_on).days for p in self.pauses if p.started_on < until)
            return max(0, days - paused)
        return calendar.count(self.started_on, until, self.pauses)

    def reading(self, on: date, calendar: WorkingDays) -> ClockReading:
        due = self.compute_due(calendar, as_of=on)
        elapsed = self.elapsed(on, calendar)
        return ClockReading(
            name=self.name,
            started_on=self.started_on,
            limit=self.limit.value,
            extension=self.extension,
            due_on=due.on,
            calendar=due.calendar,
            provisional=due.provisional,
            elapsed=elapsed,
            remaining=self.total_limit - elapsed,
            running=self.running and not self.paused,
            paused=self.paused,
        )
