"""Calendar use cases: the schedules in force, publishing a notice, and re-dating open cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from application.base import LedgerBase
from domain.calendar.schedule import YearSchedule
from domain.calendar.working_calendar import WorkingCalendar
from domain.calendar.working_days import DueDate
from domain.case.aggregate import Case
from domain.case.events.conclusion import Delivered, PledgeFoundFalse, Terminated, Withdrawn
from domain.case.events.intake import IntakeRejected
from domain.organisation.actors import Actor

# Events after which no clock of a case runs any more: publishing a calendar leaves such cases alone.
ENDING_EVENTS = frozenset(cls.__name__ for cls in (Delivered, Withdrawn, Terminated, IntakeRejected, PledgeFoundFalse))


PAGE = 5_000


@dataclass(frozen=True)
class PublishResult:
    year: int
    version: int
    cases_redated: int


class CalendarCommands(LedgerBase):
    def calendar(self, year: int) -> tuple[YearSchedule, int]:
        """A year's schedule in force and its version (seeding it if the ledger has none yet)."""
        calendar = self._calendar_for(year)
        return calendar.schedule, calendar.version

    def has_calendar(self, year: int) -> bool:
        return self._exists(WorkingCalendar.id_for(year))

    def add_working_days(self, start: date, count: int) -> DueDate:
        """The due date ``count`` working days after ``start`` (day 0 not counted)."""
        return self.working_days(start.year + count // 200).add(start, count)

    def publish_calendar(self, schedule: YearSchedule, *, at: datetime, by: Actor) -> PublishResult:
        """Record a State Council notice as the year's calendar, then re-date the open cases it affects.

        Old events stay as they were; every affected case gets a ``DueDatesRecomputed`` event.
        """
        calendar = self._calendar_for(schedule.year)
        calendar.publish(schedule)
        if calendar.pending_events:
            self._commit(calendar)
        self._forget_calendars()
        working_days = self.working_days(max(schedule.year, at.year))
        redated = 0
        for case_id in self._unfinished_case_ids():
            case = self._load(Case, case_id, f"case {case_id}")
            reason = f"calendar {schedule.year} published ({schedule.source})"
            if case.recompute_due_dates(reason=reason, at=max(at, case.last_occurred_at), by=by, calendar=working_days):
                self._commit(case)
                redated += 1
        return PublishResult(schedule.year, calendar.version, redated)

    def _unfinished_case_ids(self) -> list[UUID]:
        """Cases that may still have a running clock, found by reading the notification log.

        Publishing happens about once a year, so a full read is acceptable; the case-list view of the
        projections can answer this faster once it exists.
        """
        unfinished: dict[UUID, bool] = {}
        case_topic = "domain.case."
        start: int | None = None
        while page := self.recorder.select_notifications(start=start, limit=PAGE, inclusive_of_start=False):
            for notification in page:
                if notification.topic.startswith(case_topic):
                    ended = notification.topic.rsplit(":", 1)[-1] in ENDING_EVENTS
                    unfinished[UUID(str(notification.originator_id))] = not ended
            start = page[-1].id
        return [case_id for case_id, still_open in unfinished.items() if still_open]
