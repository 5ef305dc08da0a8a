"""Complaints and negative-rating rectification (投诉, 好差评整改): filed, then moved by their commands, each
defined once here (served at ``POST /complaints/{complaint_no}/{path}``)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from application.calendars import Calendars
from application.cases.commands import Required, Text
from application.cases.store import CaseStore
from application.idempotency import IdempotencyKey
from application.organisation import Organisation
from application.people import People
from application.plumbing.store import LedgerStore
from application.supervision.orders import NUMBER_ALPHABET, new_number
from application.supervision.records import WATCHER, Acted, Records
from domain.business_time import legal_day
from domain.case.access import AccessDenied
from domain.case.events.conclusion import NEGATIVE_STARS
from domain.errors import AlreadyExists, InvalidValue, NotFound, phrase
from domain.organisation.actors import Actor
from domain.supervision.access import check_may_read_record
from domain.supervision.complaint import Complaint, ComplaintKind, Satisfaction, Source, Verification

RECTIFY_WITHIN_DAYS = 5  # working days (domain.md 3.5: local rules vary from 5 WD to 15 days; configure)


@dataclass(frozen=True, kw_only=True)
class ComplaintCommand:
    """An act on a complaint, as asked for."""

    path: ClassVar[str]
    example: ClassVar[dict[str, Any]] = {}

    def apply(self, complaint: Complaint, at: datetime, by: Actor) -> None:
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        return (cls.__doc__ or cls.__name__).strip().splitlines()[0]


@dataclass(frozen=True, kw_only=True)
class Rectify(ComplaintCommand):
    """整改: the accused department's verification and what it did about it."""

    path = "rectification"
    example: ClassVar[dict[str, Any]] = {"verification": "substantiated", "measures": "已约谈承办人，当日办结"}
    verification: Verification
    measures: Required

    def apply(self, complaint: Complaint, at: datetime, by: Actor) -> None:
        complaint.rectify(verification=self.verification, measures=self.measures, at=at, by=by)


@dataclass(frozen=True, kw_only=True)
class CallBack(ComplaintCommand):
    """回访: the complainant rates the fix (not satisfied: handled again)."""

    path = "call-back"
    example: ClassVar[dict[str, Any]] = {"satisfaction": "satisfied", "note": "投诉人表示满意"}
    satisfaction: Satisfaction
    note: Text = ""

    def apply(self, complaint: Complaint, at: datetime, by: Actor) -> None:
        complaint.call_back(satisfaction=self.satisfaction, note=self.note, at=at, by=by)


COMPLAINT_COMMANDS: tuple[type[ComplaintCommand], ...] = (Rectify, CallBack)


class Complaints:
    def __init__(
        self, store: LedgerStore, calendars: Calendars, organisation: Organisation, people: People, cases: CaseStore
    ) -> None:
        self.calendars, self.organisation, self.people, self.cases = calendars, organisation, people, cases
        self.records = Records(store, Complaint, phrase("complaint"), Complaint.id_for)

    def file(
        self,
        *,
        source: Source,
        kind: ComplaintKind,
        department: str,
        content: str,
        at: datetime,
        by: Actor,
        case_no: str | None = None,
        person_id: str | None = None,
        complaint_no: str | None = None,
    ) -> Acted:
        """受理: a complaint against ``department`` (and one of its people), rectified within
        ``RECTIFY_WITHIN_DAYS`` working days of the day it is filed."""
        if not self.organisation.has_department(department):
            raise InvalidValue("no department '{department}'", department=department)
        if person_id is not None and not self.people.has_person(person_id):
            raise InvalidValue("no person '{person_id}'", person_id=person_id)
        if case_no is not None:
            if not self.cases.has_case(case_no):
                raise InvalidValue("no case {case_no}", case_no=case_no)
            if source is Source.PUBLIC and by.person_id != Actor.applicant(self._applicant(case_no)).person_id:
                raise AccessDenied(
                    "only the applicant of {case_no} complains about it through the public channel", case_no=case_no
                )
        complaint_no = complaint_no or new_number("TS", at)
        complainant = None
        if source is Source.RATING and case_no is not None:
            complainant = Actor.applicant(self._applicant(case_no)).person_id
        due = self.calendars.add_working_days(legal_day(at), RECTIFY_WITHIN_DAYS)
        complaint = Complaint.file(
            complaint_no=complaint_no,
            source=source,
            kind=kind,
            case_no=case_no,
            department=department,
            person_id=person_id,
            content=content,
            due_on=due.on,
            at=at,
            by=by,
            complainant=complainant,
        )
        return self.records.create(complaint_no, complaint)

    def file_about_case(
        self,
        *,
        case_no: str,
        kind: ComplaintKind,
        content: str,
        at: datetime,
        by: Actor,
        person_id: str | None = None,
    ) -> Acted:
        """The applicant's complaint about their own case (the public channel): against the case's department."""
        department = self.cases.case(case_no).item.department
        return self.file(
            source=Source.PUBLIC,
            kind=kind,
            department=department,
            case_no=case_no,
            person_id=person_id,
            content=content,
            at=at,
            by=by,
        )

    def take_up_rating(self, case_no: str) -> int:
        """好差评整改, by the watcher: the case's negative rating (1 or 2 stars) becomes a complaint against its
        department and whoever last held it (谁办理、谁负责), filed the instant the rating was given; once per
        case (its number comes from the case's). Returns how many were filed (0 or 1)."""
        case = self.cases.case(case_no)
        if case.rating is None or case.rated is None or case.rating > NEGATIVE_STARS:
            return 0
        rated_at, comment = case.rated
        holder = case.holder.person_id if self.people.has_person(case.holder.person_id) else None
        try:
            self.file(
                source=Source.RATING,
                kind=ComplaintKind.OTHER,
                department=case.item.department,
                case_no=case_no,
                person_id=holder,
                content=f"差评 {case.rating} 星：{comment.strip() or '（无评价内容）'}"[:1000],
                at=rated_at,
                by=WATCHER,
                complaint_no=rating_number(case_no, rated_at),
            )
        except AlreadyExists:
            return 0  # taken up already (by another watcher, a moment ago)
        return 1

    def rate_fix(
        self, complaint_no: str, *, case_no: str, satisfaction: Satisfaction, note: str, at: datetime, by: Actor
    ) -> Acted:
        """The complainant's own rating of the fix, through the public channel, on a complaint about their case
        (the complaint checks that they are its complainant)."""
        complaint = self.records.get(complaint_no)
        if complaint.case_no != case_no:
            raise NotFound("case {case_no} has no complaint {complaint_no}", case_no=case_no, complaint_no=complaint_no)
        return self.handle(complaint_no, CallBack(satisfaction=satisfaction, note=note), at=at, by=by)

    def _applicant(self, case_no: str) -> str:
        return self.cases.case(case_no).applicant.subject_id

    def handle(
        self,
        complaint_no: str,
        command: ComplaintCommand,
        *,
        at: datetime,
        by: Actor,
        expected_version: int | None = None,
    ) -> Acted:
        """Run a complaint command on ``complaint_no`` for ``by``, dated ``at``."""
        return self.records.act(complaint_no, lambda complaint: command.apply(complaint, at, by), expected_version)

    def flag_late(self, complaint_no: str, *, at: datetime) -> int:
        """A rectification not reported by its due date, recorded by the watcher (0 or 1 flags)."""
        return self.records.watch(complaint_no, lambda complaint: complaint.flag_late(at=at, by=WATCHER))

    def once(self, key: IdempotencyKey, run: Callable[[], Acted]) -> Acted:
        return self.records.once(key, run)

    def complaint(self, complaint_no: str, viewer: Actor | None = None) -> Complaint:
        """The complaint as recorded now (checked against ``viewer``, if given)."""
        complaint = self.records.get(complaint_no)
        if viewer is not None:
            check_may_read_record(
                phrase("complaint {complaint_no}", complaint_no=complaint_no), complaint.department, viewer
            )
        return complaint


def rating_number(case_no: str, rated_at: datetime) -> str:
    """The number of the complaint a case's negative rating becomes: ``PJ``, the day it was given and six
    characters drawn from the case number, the same however often it is asked for (an..20)."""
    digest = hashlib.sha256(case_no.encode()).digest()
    token = "".join(NUMBER_ALPHABET[b % len(NUMBER_ALPHABET)] for b in digest[:6])
    return f"PJ{legal_day(rated_at):%Y%m%d}{token}"
