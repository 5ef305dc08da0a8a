"""Working-day arithmetic over the calendars in force (Art. 82; Civil Code Arts 201 and 203).

Counting convention: the day of the triggering event is day 0 and is not counted; an event on a
non-working day is treated as happening on the next working day; the due date is the N-th working
day after day 0, ending at 24:00. Days inside a pause are skipped (see ``Pause``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from domain.calendar.schedule import DayKind, YearSchedule
from domain.errors import CalendarUnavailable, InvalidValue


@dataclass(frozen=True)
class Pause:
    """An interval in which a clock stands still (Art. 45 procedure or allowed supplementation).

    It excludes the working days ``d`` with ``started_on < d <= ended_on``: the day the pause starts
    was already being worked, and the day work resumes is day 0 of what remains, so a pause that starts
    and ends on the same day excludes nothing. An open pause (``ended_on`` None) excludes every day after
    its start.
    """

    started_on: date
    ended_on: date | None
    kind: str

    def excludes(self, day: date) -> bool:
        return self.started_on < day and (self.ended_on is None or day <= self.ended_on)

    def closed_by(self, day: date) -> Pause:
        return Pause(self.started_on, max(day, self.started_on), self.kind)


@dataclass(frozen=True)
class DueDate:
    """A due day with the calendar versions it was computed from (``2026#1,2027#1p``)."""

    on: date
    calendar: str
    provisional: bool


@dataclass(frozen=True)
class CalendarVersion:
    year: int
    version: int
    provisional: bool

    @property
    def label(self) -> str:
        return f"{self.year}#{self.version}{'p' if self.provisional else ''}"


class WorkingDays:
    """The working calendars in force, one per year, each with the version it was loaded at."""

    def __init__(self, calendars: Mapping[int, tuple[YearSchedule, int]]) -> None:
        self._schedules = {year: schedule for year, (schedule, _) in calendars.items()}
        self._versions = {
            year: CalendarVersion(year, version, schedule.provisional)
            for year, (schedule, version) in calendars.items()
        }
        self._working: dict[int, list[date]] = {}

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self._schedules))

    def schedule(self, year: int) -> YearSchedule:
        try:
            return self._schedules[year]
        except KeyError:
            raise CalendarUnavailable("no working calendar is loaded for {year}", year=year) from None

    def version(self, year: int) -> CalendarVersion:
        self.schedule(year)
        return self._versions[year]

    def kind_of(self, day: date) -> DayKind:
        return self.schedule(day.year).kind_of(day)

    def is_working_day(self, day: date) -> bool:
        return self.schedule(day.year).is_working_day(day)

    def _working_days_of(self, year: int) -> list[date]:
        days = self._working.get(year)
        if days is None:
            schedule = self.schedule(year)
            first = date(year, 1, 1)
            every = (first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days))
            days = [d for d in every if schedule.is_working_day(d)]
            self._working[year] = days
        return days

    def working_days_after(self, day: date) -> Iterator[date]:
        """Working days strictly after ``day``, in order, across years."""
        year = day.year
        days = self._working_days_of(year)
        index = bisect_right(days, day)
        while True:
            while index < len(days):
                yield days[index]
                index += 1
            year += 1
            days, index = self._working_days_of(year), 0

    def day_zero(self, day: date) -> date:
        """The day counting starts from: the event's day, or the next working day if it fell on a rest day."""
        if self.is_working_day(day):
            return day
        return next(self.working_days_after(day))

    def add(self, start: date, count: int, pauses: Iterable[Pause] = ()) -> DueDate:
        """The ``count``-th working day after day 0 (``start`` adjusted), skipping paused days."""
        if count < 0:
            raise InvalidValue("cannot add a negative number of working days ({count})", count=count)
        zero = self.day_zero(start)
        pauses = tuple(pauses)
        due = zero
        if count:
            seen = 0
            for day in self.working_days_after(zero):
                if any(p.excludes(day) for p in pauses):
                    continue
                seen += 1
                if seen == count:
                    due = day
                    break
        return self.stamp(start, due, due)

    def add_calendar_days(self, start: date, count: int, pauses: Iterable[Pause] = ()) -> DueDate:
        """Calendar-day limits: count every day, then roll a non-working last day forward (Art. 203)."""
        paused = sum(((p.ended_on - p.started_on).days for p in pauses if p.ended_on is not None), 0)
        due = start + timedelta(days=count + paused)
        rolled = due if self.is_working_day(due) else next(self.working_days_after(due))
        return self.stamp(start, rolled, rolled)

    def count(self, after: date, through: date, pauses: Iterable[Pause] = ()) -> int:
        """Working days ``d`` with ``after < d <= through`` that no pause excludes."""
        if through <= after:
            return 0
        pauses = tuple(pauses)
        total = 0
        for year in range(after.year, through.year + 1):
            days = self._working_days_of(year)
            lo, hi = bisect_right(days, after), bisect_right(days, through)
            if not pauses:
                total += hi - lo
            else:
                total += sum(1 for d in days[lo:hi] if not any(p.excludes(d) for p in pauses))
        return total

    def stamp(self, first: date, last: date, due: date) -> DueDate:
        """A due date labelled with every calendar version between ``first`` and ``last``."""
        versions = [self.version(year) for year in range(min(first, last).year, max(first, last).year + 1)]
        return DueDate(
            on=due,
            calendar=",".join(v.label for v in versions),
            provisional=any(v.provisional for v in versions),
        )

    def kinds(self, year: int) -> dict[date, DayKind]:
        """Every day of ``year`` that is not an ordinary weekday or weekend, with its kind."""
        schedule = self.schedule(year)
        return {d: schedule.kind_of(d) for d in sorted(schedule.holidays | schedule.adjusted_workdays)}
