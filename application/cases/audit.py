"""What auditors ask of a case: its full history with the clocks after every event, and the case as it
stood at a business time (what had legally happened) or at a record time (what the ledger knew)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from eventsourcing.utils import get_topic

from application.calendars import Calendars
from application.cases.queries import HIDDEN_FIELDS, case_view, person_view, plain
from application.cases.store import CaseStore
from application.dto import CaseView, EventView
from application.projections.case_events import CASE_EVENTS
from domain.business_time import legal_day, require_aware
from domain.case.access import check_may_read
from domain.case.aggregate import Case
from domain.errors import NotFound
from domain.organisation.actors import Actor


class CaseAudit:
    def __init__(self, cases: CaseStore, calendars: Calendars) -> None:
        self.cases, self.calendars = cases, calendars
        self.store = cases.store

    def history(self, case_no: str, viewer: Actor | None = None) -> list[EventView]:
        """Every event of the case in order: actor, business and record time, details, and the clocks after it."""
        case = self.cases.case(case_no)
        if viewer is not None:
            check_may_read(case, viewer)
        views = []
        folded: Any = None
        event: Any
        for event in self.store.events.get(case.id):
            folded = event.mutate(folded)
            fields = vars(event)
            at = fields.get("occurred_at") or fields["timestamp"]
            day = legal_day(at)
            by = fields.get("by")
            views.append(
                EventView(
                    version=event.originator_version,
                    type=type(event).__name__,
                    occurred_at=fields.get("occurred_at"),
                    recorded_at=fields["timestamp"],
                    actor=person_view(by) if isinstance(by, Actor) else None,
                    channel=plain(fields.get("channel")),
                    details={k: plain(v) for k, v in fields.items() if k not in HIDDEN_FIELDS},
                    clocks_after=folded.readings(day, self.calendars.working_days(day.year)),
                )
            )
        return views

    def case_as_of(
        self,
        case_no: str,
        *,
        business_time: datetime | None = None,
        record_time: datetime | None = None,
        viewer: Actor | None = None,
    ) -> CaseView:
        """The case as it stood at ``business_time`` (acts that had legally happened by then, even if entered
        later) and/or as the ledger knew it at ``record_time`` (events recorded by then)."""
        current = self.cases.case(case_no)
        if viewer is not None:
            check_may_read(current, viewer)
        if business_time is None and record_time is None:
            raise NotFound("say a business time, a record time or both")
        events = _until(self.store.events.get(current.id), business_time, record_time)
        if not events:
            raise NotFound("case {case_no} did not exist yet at that time", case_no=case_no)
        folded: Any = None
        for event in events:
            folded = event.mutate(folded)
        as_of = business_time if business_time is not None else record_time
        if not isinstance(folded, Case) or as_of is None:
            raise NotFound("{case_no} is not a case", case_no=case_no)
        return case_view(folded, require_aware(as_of), self.calendars)

    def backlog_as_of(
        self, case_nos: Iterable[str], business_time: datetime, position: int | None = None
    ) -> tuple[int, list[CaseView]]:
        """The cases among ``case_nos`` still open at ``business_time``, as the ledger stood at ``position``.

        One pass over the log up to one position, so the whole list is consistent: an act recorded after
        the question was asked cannot half-appear in it. Returns the position used and the open cases
        (their clocks read at ``business_time``: ``overdue`` > 0 on KC is the overdue list of that day).
        """
        at = require_aware(business_time)
        head = position if position is not None else (self.store.recorder.max_notification_id() or 0)
        wanted = {Case.id_for(n) for n in case_nos}
        folded: dict[Any, Any] = {}
        start: int | None = None
        topics = [get_topic(cls) for cls in CASE_EVENTS]
        while page := self.store.recorder.select_notifications(
            start, 5000, stop=head, topics=topics, inclusive_of_start=False
        ):
            for notification in page:
                if notification.originator_id in wanted:
                    event: Any = self.store.mapper.to_domain_event(notification)
                    if event.occurred_at <= at:  # business time only grows along a case
                        folded[notification.originator_id] = event.mutate(folded.get(notification.originator_id))
            start = page[-1].id
        open_cases = [c for c in folded.values() if c.status.is_open or c.status.value == "decided"]
        return head, sorted((case_view(c, at, self.calendars) for c in open_cases), key=lambda v: v.case_no)


def _until(events: Iterable[Any], business_time: datetime | None, record_time: datetime | None) -> list[Any]:
    kept = []
    for event in events:
        if business_time is not None and event.occurred_at > business_time:
            continue  # not yet legally happened (a later act, or a backdated one after it)
        if record_time is not None and event.timestamp > record_time:
            continue  # not yet in the ledger
        kept.append(event)
    return kept
