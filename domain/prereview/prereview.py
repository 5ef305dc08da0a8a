"""``PreReview`` (网上预审): materials submitted for a department's look before they are filed, online, at a
village station or by an agent (service-modes.md 4).

submitted -> answered complete, or answered with what is missing (once and in full) -> resubmitted ->
answered again (what is still missing can only be of the first list) ... -> filed as a case (without
re-entering anything), or withdrawn. The department answers within the item's working days
(``PreReviewSetting``); an answer past that day is recorded, and shows late.

Whether the pre-review counts as the legal receipt (收件, Art. 32) is the item's setting, fixed at
submission: if it does, the case is received as of the first submission and the pre-review's notice of
what is missing is the case's one-time notice, so the 5-WD rule binds the department from that day;
otherwise the case is received when it is filed, and the pre-review's days are not counted.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.business_time import legal_day, require_aware
from domain.case.errors import ChannelNotAllowed, NotAuthorised
from domain.case.identity import check_identity
from domain.case.values import Applicant, MissingNotice, PreReviewed, Supplied
from domain.errors import DomainError, InvalidValue, phrase
from domain.ids import natural_id
from domain.organisation.actors import Actor, Authority, Channel, Role
from domain.supervision.access import check_may_read_record
from domain.text import require_said

NOTICE_PERIOD_DAYS = 5  # Art. 32(4): what is missing is told within 5 working days of receipt
SUBMITTING: dict[Channel, frozenset[Role]] = {  # who submits through which channel
    Channel.ONLINE: frozenset({Role.APPLICANT, Role.SYSTEM}),  # the online hall, for the applicant
    Channel.VILLAGE_STATION: frozenset({Role.VILLAGE_STATION_CLERK}),
    Channel.AGENT: frozenset({Role.AGENT}),
}


class PreReviewRuleBroken(DomainError):
    rule = "pre-review"
    title = "Pre-review rule broken"


class PreReviewStatus(enum.Enum):
    SUBMITTED = "submitted"  # awaiting the department's answer
    INCOMPLETE = "incomplete"  # answered: materials missing (待补正)
    COMPLETE = "complete"  # answered: complete, to be filed
    FILED = "filed"  # filed as a case
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class PreReviewSetting:
    """An item's pre-review: the working days the department has to answer, and whether a submission
    counts as the legal receipt (then at most Art. 32's 5 working days)."""

    answer_days: int = 2
    counts_as_receipt: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.answer_days <= 20:
            raise InvalidValue(
                "a pre-review is answered within 1 to 20 working days, not {days}", days=self.answer_days
            )
        if self.counts_as_receipt and self.answer_days > NOTICE_PERIOD_DAYS:
            raise InvalidValue(
                "a pre-review that counts as receipt is answered within the 5 working days of Art. 32, not {days}",
                days=self.answer_days,
            )


class PreReview(Aggregate):
    class Submitted(Aggregate.Created):
        pre_review_no: str
        item_code: str
        department: str
        applicant: Applicant
        materials: tuple[str, ...]
        channel: Channel
        setting: PreReviewSetting
        answer_due: date
        notice_due: date | None  # counted as receipt: the last day to tell what is missing (Art. 32(4))
        occurred_at: datetime
        by: Actor

    class Answered(Aggregate.Event):
        """The department's answer: complete, or everything missing (``missing``) and why (``note``)."""

        missing: tuple[str, ...]
        note: str
        notice_no: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.answers.append(self)
            aggregate.status = PreReviewStatus.INCOMPLETE if self.missing else PreReviewStatus.COMPLETE

    class Resubmitted(Aggregate.Event):
        materials: tuple[str, ...]
        answer_due: date
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            if aggregate.supplied_after_notice is None:
                aggregate.supplied_after_notice = (self.occurred_at, self.by, self.materials)
            aggregate.materials = tuple(dict.fromkeys((*aggregate.materials, *self.materials)))
            aggregate.answer_due, aggregate.resubmitted_at = self.answer_due, self.occurred_at
            aggregate.status = PreReviewStatus.SUBMITTED

    class Filed(Aggregate.Event):
        case_no: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.case_no, aggregate.status = self.case_no, PreReviewStatus.FILED

    class Withdrawn(Aggregate.Event):
        reason: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.status = PreReviewStatus.WITHDRAWN

    @staticmethod
    def id_for(pre_review_no: str) -> Any:
        return natural_id("pre-review", pre_review_no)

    def __init__(
        self,
        pre_review_no: str,
        item_code: str,
        department: str,
        applicant: Applicant,
        materials: tuple[str, ...],
        channel: Channel,
        setting: PreReviewSetting,
        answer_due: date,
        notice_due: date | None,
        occurred_at: datetime,
        by: Actor,
    ) -> None:
        self.pre_review_no, self.item_code, self.department = pre_review_no, item_code, department
        self.applicant, self.materials, self.channel, self.setting = applicant, tuple(materials), channel, setting
        self.answer_due, self.notice_due = answer_due, notice_due
        self.submitted_at, self.submitted_by = occurred_at, by
        self.resubmitted_at: datetime | None = None
        self.supplied_after_notice: tuple[datetime, Actor, tuple[str, ...]] | None = None  # the first resubmission
        self.status = PreReviewStatus.SUBMITTED
        self.answers: list[PreReview.Answered] = []
        self.case_no: str | None = None

    @classmethod
    def submit(
        cls,
        *,
        pre_review_no: str,
        item_code: str,
        department: str,
        applicant: Applicant,
        materials: tuple[str, ...],
        channel: Channel,
        setting: PreReviewSetting,
        answer_due: date,
        at: datetime,
        by: Actor,
        notice_due: date | None = None,
    ) -> PreReview:
        require_aware(at)
        check_identity(  # as a receipt checks it: a pre-review is filed as a case without entering it again
            applicant.id_type, applicant.id_number, is_enterprise=applicant.is_enterprise, today=legal_day(at)
        )
        if by.role not in SUBMITTING.get(channel, frozenset()):
            raise ChannelNotAllowed(
                "a {role} does not submit pre-reviews through {channel}", role=by.role, channel=channel
            )
        if not [m for m in materials if m.strip()]:
            raise PreReviewRuleBroken("a pre-review needs the materials to look at")
        if setting.counts_as_receipt != (notice_due is not None):
            raise InvalidValue("a pre-review counted as receipt, and only one, has a last day for its notice")
        return cls._create(
            cls.Submitted,
            id=cls.id_for(pre_review_no),
            pre_review_no=pre_review_no,
            item_code=item_code,
            department=department,
            applicant=applicant,
            materials=tuple(materials),
            channel=channel,
            setting=setting,
            answer_due=answer_due,
            notice_due=notice_due,
            occurred_at=at,
            by=by,
        )

    # -- the department's answer ---------------------------------------------------------------------------

    @property
    def first_missing(self) -> tuple[str, ...]:
        """What the first answer found missing: a later answer may name only these (once and in full)."""
        return self.answers[0].missing if self.answers else ()

    def late(self, day: date) -> bool:
        """Whether the answer awaited on ``day`` is past its day."""
        return self.status is PreReviewStatus.SUBMITTED and day > self.answer_due

    def answer(self, *, missing: tuple[str, ...], note: str, notice_no: str, at: datetime, by: Actor) -> None:
        self._check_at(at)
        if self.status is not PreReviewStatus.SUBMITTED:
            raise PreReviewRuleBroken(
                "{no} is {status}: nothing awaits an answer", no=self.pre_review_no, status=self.status
            )
        if not (by.may(Authority.ACCEPT) and by.department == self.department):
            raise NotAuthorised(
                "{name} does not answer pre-reviews of {department}", name=by.name, department=self.department
            )
        missing = tuple(m.strip() for m in missing if m.strip())
        if missing:
            require_said(notice_no, phrase("the notice number"), 100)
            if self.answers and not set(missing) <= set(self.first_missing):
                raise PreReviewRuleBroken(
                    "{no}: what is missing was told once and in full; {extra} was not on it",
                    no=self.pre_review_no,
                    extra="、".join(sorted(set(missing) - set(self.first_missing))),
                )
            receipt_day = legal_day(self.submitted_at)
            if self.notice_due is not None and not self.answers and legal_day(at) > self.notice_due:
                raise PreReviewRuleBroken(
                    "{no} counts as received on {day}: the 5-WD period for telling what is missing has ended",
                    no=self.pre_review_no,
                    day=receipt_day,
                )
        self.trigger_event(self.Answered, missing=missing, note=note, notice_no=notice_no, occurred_at=at, by=by)

    def resubmit(self, *, materials: tuple[str, ...], answer_due: date, at: datetime, by: Actor) -> None:
        self._check_at(at)
        if self.status is not PreReviewStatus.INCOMPLETE:
            raise PreReviewRuleBroken(
                "{no} is {status}: nothing was asked for", no=self.pre_review_no, status=self.status
            )
        self._check_submitter(by)
        if not [m for m in materials if m.strip()]:
            raise PreReviewRuleBroken("a resubmission brings materials")
        self.trigger_event(self.Resubmitted, materials=tuple(materials), answer_due=answer_due, occurred_at=at, by=by)

    def file(self, *, case_no: str, at: datetime, by: Actor) -> None:
        """Filed as a case (the application received the case from this pre-review)."""
        self._check_at(at)
        if self.status is not PreReviewStatus.COMPLETE:
            raise PreReviewRuleBroken(
                "{no} is {status}: only a complete pre-review is filed", no=self.pre_review_no, status=self.status
            )
        self.trigger_event(self.Filed, case_no=case_no, occurred_at=at, by=by)

    def withdraw(self, *, reason: str, at: datetime, by: Actor) -> None:
        self._check_at(at)
        if self.status in (PreReviewStatus.FILED, PreReviewStatus.WITHDRAWN):
            raise PreReviewRuleBroken("{no} is {status}", no=self.pre_review_no, status=self.status)
        self._check_submitter(by)
        require_said(reason, phrase("the reason"), 500)
        self.trigger_event(self.Withdrawn, reason=reason, occurred_at=at, by=by)

    # -- what the filed case carries -------------------------------------------------------------------------

    @property
    def notice(self) -> Answered | None:
        """The pre-review's notice of what was missing (the first answer that found something missing)."""
        return next((a for a in self.answers if a.missing), None)

    def reviewed(self) -> PreReviewed:
        """What the filed case carries: the applicant and materials, and, when the pre-review counts as the
        receipt, its notice of what was missing and the materials brought after it."""
        notice = self.notice
        supplied = None
        if notice is not None and self.supplied_after_notice is not None:
            at, by, materials = self.supplied_after_notice
            supplied = Supplied(at, by, materials)
        return PreReviewed(
            applicant=self.applicant,
            materials=self.materials,
            submitted_at=self.submitted_at,
            counts_as_receipt=self.setting.counts_as_receipt,
            notice=MissingNotice(notice.missing, notice.notice_no, notice.occurred_at, notice.by) if notice else None,
            supplied=supplied,
        )

    def _check_submitter(self, by: Actor) -> None:
        if by.role not in SUBMITTING.get(self.channel, frozenset()) or (
            by.role is Role.AGENT and by.person_id != self.submitted_by.person_id
        ):
            raise NotAuthorised(
                "{name} did not submit {no} and does not act for its applicant", name=by.name, no=self.pre_review_no
            )

    def _check_at(self, at: datetime) -> None:
        require_aware(at)
        last = self.resubmitted_at or self.submitted_at
        latest = max([last, *(a.occurred_at for a in self.answers)])
        if at < latest:
            raise InvalidValue("{no}: {at} is before its last act", no=self.pre_review_no, at=at)


def check_may_read(viewer: Actor, review: PreReview) -> None:
    """A pre-review is read by whoever submitted it, and as any record of a department is."""
    if viewer.person_id != review.submitted_by.person_id:
        check_may_read_record(phrase("pre-review {no}", no=review.pre_review_no), review.department, viewer)
