"""``Complaint`` (投诉, 好差评整改): a complaint or a negative rating against a unit or person, routed to the
department, rectified within its working days, called back, and closed or handled again
(domain.md 3.5, supervision-workflows.md 2).

filed (routed to the accused department) -> rectified (verified: substantiated, partly, unfounded; with the
measures taken) -> called back (the complainant's satisfaction with the fix): satisfied or mostly satisfied
closes it; dissatisfied sends it back to be rectified again (重办). A rectification not reported by the due
date is a red flag the watcher records.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.business_time import end_of_day, legal_day, ran_out, require_aware
from domain.errors import DomainError, InvalidValue, phrase
from domain.ids import natural_id
from domain.organisation.actors import Actor, Role
from domain.supervision.deadlines import DueDateRanOut, check_step
from domain.supervision.order import DEPARTMENT_HEADS, NotForThisRole

CONTENT_MAX = 1000
LATE_RULE = "C001"  # 整改超时: rectification not reported by its due date
# Who enters a complaint for someone (a hotline call, a letter, a negative rating taken up).
INTAKE_ROLES = frozenset(
    {Role.WINDOW_CLERK, Role.WINDOW_CHIEF_REPRESENTATIVE, Role.INSPECTOR, Role.QUALITY_MANAGER, Role.ADMINISTRATOR}
)
CALLBACK_ROLES = frozenset({Role.INSPECTOR, Role.QUALITY_MANAGER})


class ComplaintStatus(enum.Enum):
    FILED = "filed"  # 已受理, with the department
    RECTIFIED = "rectified"  # 已整改, awaiting the call-back
    REOPENED = "reopened"  # 重办: the complainant was not satisfied with the fix
    CLOSED = "closed"  # 办结


class Source(enum.Enum):
    PUBLIC = "public"  # the applicant, online or at a kiosk
    HOTLINE = "hotline"  # a call or letter entered by staff (12345, the centre's own line)
    RATING = "rating"  # a negative rating (1 or 2 stars) taken up as a complaint


class ComplaintKind(enum.Enum):
    """投诉类型 (the legacy codes)."""

    INACTION = "1"  # 行政不作为
    ARBITRARY = "2"  # 乱作为
    SLOW = "3"  # 慢作为
    OTHER = "4"  # 其他


class Verification(enum.Enum):
    """What the department found (a list of its own, not a supervision order's fault / no fault)."""

    SUBSTANTIATED = "substantiated"  # 属实
    PARTLY = "partly"  # 部分属实
    UNFOUNDED = "unfounded"  # 不实


class Satisfaction(enum.Enum):
    SATISFIED = "satisfied"  # 满意
    MOSTLY = "mostly"  # 基本满意
    DISSATISFIED = "dissatisfied"  # 不满意


class ComplaintStepOutOfOrder(DomainError):
    """A complaint is rectified, then called back."""

    rule = "complaint-step-out-of-order"
    title = "Complaint step out of order"


class Complaint(Aggregate):
    class Filed(Aggregate.Created):
        complaint_no: str
        source: Source
        kind: ComplaintKind
        case_no: str | None
        department: str
        person_id: str | None
        content: str
        due_on: date
        occurred_at: datetime
        by: Actor
        complainant: str | None = None  # the person id of whoever complained, when the ledger knows them

    class Rectified(Aggregate.Event):
        verification: Verification
        measures: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.last_at = self.occurred_at
            aggregate.status, aggregate.verification = ComplaintStatus.RECTIFIED, self.verification
            aggregate.rectified_on = aggregate.rectified_on or legal_day(self.occurred_at)

    class CalledBack(Aggregate.Event):
        satisfaction: Satisfaction
        note: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.last_at = self.occurred_at
            aggregate.satisfaction = self.satisfaction
            closes = self.satisfaction is not Satisfaction.DISSATISFIED
            aggregate.status = ComplaintStatus.CLOSED if closes else ComplaintStatus.REOPENED

    class FlaggedLate(DueDateRanOut):
        """The rectification was not reported by the due date: a red flag, recorded once by the watcher."""

    def __init__(
        self,
        complaint_no: str,
        source: Source,
        kind: ComplaintKind,
        case_no: str | None,
        department: str,
        person_id: str | None,
        content: str,
        due_on: date,
        occurred_at: datetime,
        by: Actor,
        complainant: str | None = None,
    ) -> None:
        self.complainant = complainant
        self.complaint_no, self.source, self.kind, self.case_no = complaint_no, source, kind, case_no
        self.department, self.person_id, self.content, self.due_on = department, person_id, content, due_on
        self.filed_at = self.last_at = occurred_at
        self.status = ComplaintStatus.FILED
        self.verification: Verification | None = None
        self.satisfaction: Satisfaction | None = None
        self.rectified_on: date | None = None
        self.flagged_at: datetime | None = None

    @staticmethod
    def id_for(complaint_no: str) -> Any:
        return natural_id("complaint", complaint_no)

    @classmethod
    def file(
        cls,
        *,
        complaint_no: str,
        source: Source,
        kind: ComplaintKind,
        department: str,
        content: str,
        due_on: date,
        at: datetime,
        by: Actor,
        case_no: str | None = None,
        person_id: str | None = None,
        complainant: str | None = None,
    ) -> Complaint:
        """受理: a complaint against ``department`` (and one of its people), to be rectified by ``due_on``.
        ``complainant`` is the person who complained, when known (the applicant, for the public channel and
        a rating): they may rate the fix themselves."""
        require_aware(at)
        if source is Source.PUBLIC:
            if by.role is not Role.APPLICANT or case_no is None:
                raise NotForThisRole("a complaint through the public channel is the applicant's, about their case")
            complainant = by.person_id
        elif by.role not in INTAKE_ROLES and not (source is Source.RATING and by.role is Role.SYSTEM):
            raise NotForThisRole("a {role} does not enter complaints", role=by.role)
        if source is Source.RATING and (case_no is None or complainant is None):
            raise InvalidValue("a negative rating taken up as a complaint names its case and its applicant")
        if not content.strip() or len(content) > CONTENT_MAX:
            raise InvalidValue("the complaint is said in 1 to {CONTENT_MAX} characters", CONTENT_MAX=CONTENT_MAX)
        if due_on <= legal_day(at):
            raise InvalidValue(
                "the rectification is due after the day the complaint is filed, not on {due_on}", due_on=due_on
            )
        return cls._create(
            cls.Filed,
            id=cls.id_for(complaint_no),
            complaint_no=complaint_no,
            source=source,
            kind=kind,
            case_no=case_no,
            department=department,
            person_id=person_id,
            content=content,
            due_on=due_on,
            occurred_at=at,
            by=by,
            complainant=complainant,
        )

    def rectify(self, *, verification: Verification, measures: str, at: datetime, by: Actor) -> None:
        """整改: the department verified the complaint and says what it did (or why it was unfounded)."""
        self._step(at, ComplaintStatus.FILED, ComplaintStatus.REOPENED, step=phrase("report a rectification"))
        if by.role not in DEPARTMENT_HEADS or by.department != self.department:
            raise NotForThisRole("only a head of {department} reports its rectification", department=self.department)
        if not measures.strip() or len(measures) > CONTENT_MAX:
            raise InvalidValue("the measures are said in 1 to {CONTENT_MAX} characters", CONTENT_MAX=CONTENT_MAX)
        self.trigger_event(self.Rectified, verification=verification, measures=measures, occurred_at=at, by=by)

    def call_back(self, *, satisfaction: Satisfaction, note: str, at: datetime, by: Actor) -> None:
        """回访: the complainant rates the fix, on a call-back or themselves (the applicant, through the public
        channel); not satisfied, it is handled again."""
        self._step(at, ComplaintStatus.RECTIFIED, step=phrase("call back"))
        if by.role is Role.APPLICANT:
            if self.complainant is None or by.person_id != self.complainant:
                raise NotForThisRole(
                    "only the complainant rates the fix of {complaint_no}", complaint_no=self.complaint_no
                )
        elif by.role not in CALLBACK_ROLES:
            raise NotForThisRole("a {role} does not call complainants back", role=by.role)
        self.trigger_event(self.CalledBack, satisfaction=satisfaction, note=note.strip(), occurred_at=at, by=by)

    def flag_late(self, *, at: datetime, by: Actor) -> int:
        """Record, once, that no rectification was reported by the due date (0 or 1 flags)."""
        require_aware(at)
        if by.role is not Role.SYSTEM:
            raise NotForThisRole("a late rectification is flagged by the ledger's watcher")
        if self.flagged_at is not None:
            return 0
        if not ran_out(self.due_on, self.rectified_on, at):
            return 0
        crossed = end_of_day(self.due_on)
        self.trigger_event(self.FlaggedLate, rule_id=LATE_RULE, crossed_at=crossed, occurred_at=at, by=by)
        return 1

    def _step(self, at: datetime, *statuses: ComplaintStatus, step: str) -> None:
        check_step(self.complaint_no, self.status, statuses, self.last_at, at, step, ComplaintStepOutOfOrder)
