"""Coordination meetings (投资服务协调会): their minutes recorded, their actions ticked off by the departments
that own them, and the actions overdue on a day, for the investor service and the inspectors to chase."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from application.idempotency import IdempotencyKey
from application.plumbing.store import LedgerStore
from application.supervision.records import WATCHER, Acted, Records
from domain.errors import phrase
from domain.organisation.actors import Actor
from domain.projects.meeting import CoordinationMeeting, MeetingAction


@dataclass(frozen=True)
class OverdueAction:
    meeting_no: str
    action: MeetingAction


class Meetings:
    def __init__(self, store: LedgerStore) -> None:
        self.records = Records(store, CoordinationMeeting, phrase("coordination meeting"), CoordinationMeeting.id_for)

    def hold(
        self,
        *,
        meeting_no: str,
        chair: str,
        attendees: tuple[str, ...],
        projects: tuple[str, ...],
        decisions: tuple[str, ...],
        actions: tuple[MeetingAction, ...],
        at: datetime,
        by: Actor,
    ) -> Acted:
        meeting = CoordinationMeeting.hold(
            meeting_no=meeting_no,
            chair=chair,
            attendees=attendees,
            projects=projects,
            decisions=decisions,
            actions=actions,
            at=at,
            by=by,
        )
        return self.records.create(meeting_no, meeting)

    def complete(
        self,
        meeting_no: str,
        action_id: str,
        *,
        evidence: str,
        at: datetime,
        by: Actor,
        expected_version: int | None = None,
    ) -> Acted:
        return self.records.act(
            meeting_no, lambda m: m.complete(action_id, evidence=evidence, at=at, by=by), expected_version
        )

    def flag_overdue(self, meeting_no: str, *, at: datetime) -> int:
        """The watcher's: record the meeting's actions that ran past their due date undone, once each."""
        return self.records.watch(meeting_no, lambda meeting: meeting.flag_overdue(at=at, by=WATCHER))

    def once(self, key: IdempotencyKey, run: Callable[[], Acted]) -> Acted:
        return self.records.once(key, run)

    def meeting(self, meeting_no: str) -> CoordinationMeeting:
        return self.records.get(meeting_no)

    def overdue(self, meeting_no: str, today: date) -> tuple[OverdueAction, ...]:
        """The meeting's actions not done by their due date, as of ``today``."""
        return tuple(OverdueAction(meeting_no, a) for a in self.records.get(meeting_no).overdue(today))
