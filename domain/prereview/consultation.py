"""``Consultation`` (网上咨询): a question put to a department before applying, online, at a village station
or by an agent, and the department's answer (service-modes.md 4).

asked -> (found complex, or needing other departments: the day to answer moves, once) -> answered.

A consultation decides nothing and starts no legal clock; what the centre promises is the answer: within
3 working days, 10 for a question found complex, 15 for one that needs other departments, counted from the
day it was asked, and an answer that says something (no "as soon as possible", no "to be notified"). An
answer past its day is recorded and shows late; one awaited past it shows overdue in the register.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.business_time import legal_day, require_aware
from domain.case.access import READ_ONLY
from domain.case.errors import ChannelNotAllowed, NotAuthorised
from domain.errors import DomainError, InvalidValue, phrase
from domain.ids import natural_id
from domain.organisation.actors import Actor, Channel
from domain.prereview.prereview import SUBMITTING
from domain.supervision.access import check_may_read_record
from domain.text import require_said


class ConsultationKind(enum.Enum):
    """How long the department has to answer, in working days from the day asked."""

    ORDINARY = "ordinary"  # 3 WD
    COMPLEX = "complex"  # 10 WD: found complex by the department
    MULTI_DEPARTMENT = "multi_department"  # 15 WD: other departments must be asked

    @property
    def answer_days(self) -> int:
        return {"ordinary": 3, "complex": 10, "multi_department": 15}[self.value]


# Words that promise nothing: an answer made of them is no answer (service-modes.md 4: no vague words).
VAGUE = ("尽快", "近期", "另行通知", "适时", "研究后", "稍后答复", "待定")


class ConsultationRuleBroken(DomainError):
    rule = "consultation"
    title = "Consultation rule broken"


class Consultation(Aggregate):
    class Asked(Aggregate.Created):
        consultation_no: str
        department: str
        item_code: str | None
        question: str
        channel: Channel
        answer_due: date
        occurred_at: datetime
        by: Actor

    class Reclassified(Aggregate.Event):
        """The department found the question complex, or needing other departments: a later day to answer."""

        kind: ConsultationKind
        reason: str
        answer_due: date
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.kind, aggregate.answer_due = self.kind, self.answer_due

    class Answered(Aggregate.Event):
        answer: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.answer, aggregate.answered_at, aggregate.answered_by = self.answer, self.occurred_at, self.by

    def __init__(
        self,
        consultation_no: str,
        department: str,
        item_code: str | None,
        question: str,
        channel: Channel,
        answer_due: date,
        occurred_at: datetime,
        by: Actor,
    ) -> None:
        self.consultation_no, self.department, self.item_code = consultation_no, department, item_code
        self.question, self.channel, self.answer_due = question, channel, answer_due
        self.asked_at, self.asked_by = occurred_at, by
        self.kind = ConsultationKind.ORDINARY
        self.answer: str | None = None
        self.answered_at: datetime | None = None
        self.answered_by: Actor | None = None

    @staticmethod
    def id_for(consultation_no: str) -> Any:
        return natural_id("consultation", consultation_no)

    @classmethod
    def ask(
        cls,
        *,
        consultation_no: str,
        department: str,
        item_code: str | None,
        question: str,
        channel: Channel,
        answer_due: date,
        at: datetime,
        by: Actor,
    ) -> Consultation:
        """咨询: ``answer_due`` is 3 working days from the day asked (the application counts them)."""
        require_aware(at)
        if by.role not in SUBMITTING.get(channel, frozenset()):
            raise ChannelNotAllowed("a {role} does not put questions through {channel}", role=by.role, channel=channel)
        require_said(question, phrase("the question"), 2000)
        return cls._create(
            cls.Asked,
            id=cls.id_for(consultation_no),
            consultation_no=consultation_no,
            department=department,
            item_code=item_code,
            question=question.strip(),
            channel=channel,
            answer_due=answer_due,
            occurred_at=at,
            by=by,
        )

    def reclassify(self, *, kind: ConsultationKind, reason: str, answer_due: date, at: datetime, by: Actor) -> None:
        """Found complex (10 WD) or needing other departments (15 WD), before its day and once."""
        self._check_department(by, at)
        if self.kind is not ConsultationKind.ORDINARY or kind is ConsultationKind.ORDINARY:
            raise ConsultationRuleBroken(
                "{no}: a question is found complex or multi-department once, from ordinary", no=self.consultation_no
            )
        if legal_day(at) > self.answer_due:
            raise ConsultationRuleBroken(
                "{no}: its answer was due on {due}; a later day is asked for before it", no=self.consultation_no,
                due=self.answer_due,
            )  # fmt: skip
        require_said(reason, phrase("the reason"), 500)
        self.trigger_event(self.Reclassified, kind=kind, reason=reason, answer_due=answer_due, occurred_at=at, by=by)

    def answer_with(self, *, answer: str, at: datetime, by: Actor) -> None:
        """答复: once, by the department's staff, saying something definite."""
        self._check_department(by, at)
        require_said(answer, phrase("the answer"), 4000)
        vague = [word for word in VAGUE if word in answer]
        if len(answer.strip()) < 10 or vague:
            raise ConsultationRuleBroken(
                "{no}: an answer says what to do, what is needed or when; not '{words}'",
                no=self.consultation_no,
                words="、".join(vague) or answer.strip(),
            )
        self.trigger_event(self.Answered, answer=answer.strip(), occurred_at=at, by=by)

    def late(self, day: date) -> bool:
        """Whether the answer awaited on ``day`` is past its day."""
        return self.answered_at is None and day > self.answer_due

    def _check_department(self, by: Actor, at: datetime) -> None:
        require_aware(at)
        if self.answered_at is not None:
            raise ConsultationRuleBroken("{no} is answered already", no=self.consultation_no)
        if by.role in READ_ONLY or by.department != self.department:
            raise NotAuthorised(
                "{name} does not answer consultations of {department}", name=by.name, department=self.department
            )
        if at < self.asked_at:
            raise InvalidValue("{no}: {at} is before it was asked", no=self.consultation_no, at=at)


def check_may_read(viewer: Actor, consultation: Consultation) -> None:
    """A consultation is read by whoever put it, and as any record of a department is."""
    if viewer.person_id != consultation.asked_by.person_id:
        what = phrase("consultation {no}", no=consultation.consultation_no)
        check_may_read_record(what, consultation.department, viewer)
