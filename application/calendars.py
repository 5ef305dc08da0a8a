"""Calendars: the official working-day schedules in force, a year's calendar, and publishing a notice.

Every deadline is counted on the calendars in force from 2004 on. A year the ledger has no calendar for
yet is seeded from the calendar source (official where known, provisional after) on first use. The
calendars in force are read on every command, so they are reused for ``SEEN_WITHIN`` seconds
(``plumbing.freshness``, clause 3): a notice published by another process counts here within that time.
Re-dating the open cases after a notice is a case concern (``application.cases.redating``).
"""

from __future__ import annotations

import threading
import time
from datetime import date

from application.calendar_years import FIRST_CALENDAR_YEAR, calendar_years
from application.plumbing.freshness import SEEN_WITHIN
from application.plumbing.store import LedgerStore
from application.ports import CalendarSource
from domain.calendar.schedule import YearSchedule
from domain.calendar.working_calendar import WorkingCalendar
from domain.calendar.working_days import DueDate, WorkingDays
from domain.errors import CalendarUnavailable, ConcurrencyConflict, NotFound


class Calendars:
    def __init__(self, store: LedgerStore, source: CalendarSource | None = None) -> None:
        self.store, self.source = store, source
        self._lock = threading.Lock()
        self._in_force: WorkingDays | None = None
        self._versions: dict[int, int] = {}
        self._checked_at = 0.0

    def working_days(self, through_year: int | None = None) -> WorkingDays:
        """The calendars in force from 2004 through ``through_year`` + 1, seeding missing years."""
        needed = (through_year or time.gmtime().tm_year) + 1
        with self._lock:
            current = self._in_force
            fresh = time.monotonic() - self._checked_at < SEEN_WITHIN
            if current is not None and fresh and needed in current.years:
                return current
            last = max([needed, *self._versions])
            calendars = [self._calendar_for(year) for year in range(FIRST_CALENDAR_YEAR, last + 1)]
            versions = {calendar.year: calendar.version for calendar in calendars}
            if current is None or versions != self._versions:  # a notice was published: the new ones
                current = WorkingDays({c.year: (c.schedule, c.version) for c in calendars})
                self._in_force, self._versions = current, versions
            self._checked_at = time.monotonic()
            return current

    def calendar(self, year: int) -> tuple[YearSchedule, int]:
        """A year's schedule in force and its version (seeding it if the ledger has none yet)."""
        calendar = self._calendar_for(year)
        return calendar.schedule, calendar.version

    def has_calendar(self, year: int) -> bool:
        return self.store.exists(WorkingCalendar.id_for(year))

    def add_working_days(self, start: date, count: int) -> DueDate:
        """The due date ``count`` working days after ``start`` (day 0 not counted)."""
        return self.working_days(start.year + count // 200).add(start, count)

    def publish(self, schedule: YearSchedule) -> int:
        """Record a State Council notice as the year's calendar; its version. In force here at once."""
        calendar = self._calendar_for(schedule.year)
        calendar.publish(schedule)
        self.store.commit(calendar)
        with self._lock:
            self._in_force = None  # clause 1: this process sees its own write at once
        return calendar.version

    def _calendar_for(self, year: int) -> WorkingCalendar:
        first, last = calendar_years()
        if not first <= year <= last:
            raise CalendarUnavailable(
                "calendars are kept for {FIRST_CALENDAR_YEAR} to {last}, not {year}",
                FIRST_CALENDAR_YEAR=FIRST_CALENDAR_YEAR,
                last=last,
                year=year,
            )
        calendar_id = WorkingCalendar.id_for(year)
        what = f"working calendar for {year}"
        try:
            return self.store.load(WorkingCalendar, calendar_id, what)
        except NotFound:
            if self.source is None:
                raise NotFound("no {what} and no source to seed it from", what=what) from None
        calendar = WorkingCalendar.seed(self.source.schedule_for(year))
        try:
            self.store.commit(calendar)
        except ConcurrencyConflict:  # another process seeded it first: use theirs
            return self.store.load(WorkingCalendar, calendar_id, what)
        return calendar
