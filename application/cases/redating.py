"""A calendar notice (国务院办公厅放假通知) published: the year's calendar, then the open cases re-dated.

Old events stay as they were; every case whose due dates the notice moves gets a ``DueDatesRecomputed``
event. Publishing happens about once a year, so the open cases are found by reading the notification
log rather than a view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from application.calendars import Calendars
from application.cases.store import CaseStore
from domain.calendar.schedule import YearSchedule
from domain.case.aggregate import Case
from domain.case.events.conclusion import Delivered, PledgeFoundFalse, Terminated, Withdrawn
from domain.case.events.intake import IntakeRejected
from domain.errors import phrase
from domain.organisation.actors import Actor

# Events after which no clock of a case runs any more: publishing a calendar leaves such cases alone.
ENDING_EVENTS = frozenset(cls.__name__ for cls in (Delivered, Withdrawn, Terminated, IntakeRejected, PledgeFoundFalse))
PAGE = 5_000


@dataclass(frozen=True)
class PublishResult:
    year: int
    version: int
    cases_redated: int


class CalendarNotices:
    def __init__(self, cases: CaseStore, calendars: Calendars) -> None:
        self.cases, self.calendars = cases, calendars
        self.store = cases.store

    def publish(self, schedule: YearSchedule, *, at: datetime, by: Actor) -> PublishResult:
        """Record the notice as the year's calendar, then re-date the open cases it affects."""
        version = self.calendars.publish(schedule)
        working_days = self.calendars.working_days(max(schedule.year, at.year))
        reason = f"calendar {schedule.year} published ({schedule.source})"
        redated = 0
        for case_id in self._unfinished_case_ids():
            case = self.store.load(Case, case_id, phrase("case {case_id}", case_id=case_id))
            if case.recompute_due_dates(reason=reason, at=max(at, case.last_occurred_at), by=by, calendar=working_days):
                self.store.commit(case)
                redated += 1
        return PublishResult(schedule.year, version, redated)

    def _unfinished_case_ids(self) -> list[UUID]:
        """Cases that may still have a running clock, found by reading the notification log."""
        unfinished: dict[UUID, bool] = {}
        start: int | None = None
        while page := self.store.recorder.select_notifications(start=start, limit=PAGE, inclusive_of_start=False):
            for notification in page:
                if notification.topic.startswith("domain.case."):
                    ended = notification.topic.rsplit(":", 1)[-1] in ENDING_EVENTS
                    unfinished[UUID(str(notification.originator_id))] = not ended
            start = page[-1].id
        return [case_id for case_id, still_open in unfinished.items() if still_open]
