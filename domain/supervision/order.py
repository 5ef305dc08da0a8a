"""``SupervisionOrder`` (督办): an inspector's order to a department to correct what an alarm, a red flag, a
case or a pattern showed, followed to its close (supervision-workflows.md 1, GB/T 39046 Table 11).

opened (立项, sent to the responsible department) -> acknowledged (签收) -> correction reported with its
evidence (反馈) -> accepted (审核通过) or sent back (退办, to report again) -> closed with a finding (办结:
fault or no fault). The inspector opens, reviews and closes; a head of the responsible department
acknowledges and reports. One matter per order (一事一项).
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
from domain.text import require_said

CONTENT_MAX = 1000  # 督办内容, an..1000
NUMBER_MAX = 20  # 监察编号 and 监察规则编号, an..20
INSPECTORS = frozenset({Role.INSPECTOR})
OVERDUE_RULE = "B002"  # 督办超时: not closed within its working days (domain.md 2.2)
DEPARTMENT_HEADS = frozenset({Role.AGENCY_HEAD, Role.SECTION_HEAD, Role.WINDOW_CHIEF_REPRESENTATIVE})


class OrderStatus(enum.Enum):
    """Where an order stands."""

    OPENED = "opened"  # 已发出
    ACKNOWLEDGED = "acknowledged"  # 已签收
    REPORTED = "reported"  # 已反馈
    SENT_BACK = "sent_back"  # 退办
    ACCEPTED = "accepted"  # 审核通过
    CLOSED = "closed"  # 办结


OPEN_STATES = (OrderStatus.OPENED, OrderStatus.ACKNOWLEDGED, OrderStatus.REPORTED, OrderStatus.SENT_BACK)


class Subject(enum.Enum):
    """What the order is opened on."""

    CASE = "case"  # a case as a whole
    WARNING = "warning"  # a warning or breach of a case (its key in the register)
    RED_FLAG = "red_flag"  # a procedural red flag of a case
    DEPARTMENT = "department"  # a pattern in a department's work, no single case


class WarningType(enum.Enum):
    """监察预警类型代码 (GB/T 39046 Table 11 item 8, n1). The standard gives no list; these are the anomaly
    types of the legacy e-supervision system (supervision-workflows.md 6)."""

    TIME = "1"  # 时效
    PROCESS = "2"  # 流程
    CONTENT = "3"  # 内容
    DISCRETION_OR_FEES = "4"  # 裁量·收费
    RISK = "5"  # 风险防控
    OTHER = "6"  # 其他


class Finding(enum.Enum):
    """The conclusion on responsibility (a separate list from a complaint's 属实 / 不实)."""

    FAULT = "fault"  # 有责认定
    NO_FAULT = "no_fault"  # 无责认定


class OrderStepOutOfOrder(DomainError):
    """An order takes its steps in order: acknowledged, reported, reviewed, closed."""

    rule = "order-step-out-of-order"
    title = "Supervision order step out of order"


class NotForThisRole(DomainError):
    """Opening, reviewing and closing an order is the inspector's; acknowledging and reporting, a head of the
    responsible department's."""

    rule = "not-for-this-role"
    title = "Not for this role"


class SupervisionOrder(Aggregate):
    class Opened(Aggregate.Created):
        order_no: str
        subject: Subject
        case_no: str | None
        reference: str | None  # the warning's key or the red flag's number, for those subjects
        department: str
        rule_id: str
        warning_type: WarningType
        content: str
        due_on: date
        occurred_at: datetime
        by: Actor

    class Acknowledged(Aggregate.Event):
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.last_at = self.occurred_at
            aggregate.status = OrderStatus.ACKNOWLEDGED

    class CorrectionReported(Aggregate.Event):
        report: str
        evidence: tuple[str, ...]
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.last_at = self.occurred_at
            aggregate.status, aggregate.reports = OrderStatus.REPORTED, aggregate.reports + 1

    class SentBack(Aggregate.Event):
        reason: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.last_at = self.occurred_at
            aggregate.status = OrderStatus.SENT_BACK

    class Accepted(Aggregate.Event):
        opinion: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.last_at = self.occurred_at
            aggregate.status = OrderStatus.ACCEPTED

    class ExtensionRequested(Aggregate.Event):
        new_due_on: date
        reason: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.last_at = self.occurred_at
            aggregate.requested_due_on = self.new_due_on

    class ExtensionDecided(Aggregate.Event):
        granted: bool
        new_due_on: date
        opinion: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.last_at = self.occurred_at
            aggregate.requested_due_on = None
            if self.granted:
                aggregate.due_on = self.new_due_on

    class Closed(Aggregate.Event):
        finding: Finding
        conclusion: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.last_at = self.occurred_at
            aggregate.status, aggregate.finding = OrderStatus.CLOSED, self.finding
            aggregate.closed_on = legal_day(self.occurred_at)

    class FlaggedOverdue(DueDateRanOut):
        """B002: the order was not closed within its working days. A fact the watcher records, once; it
        does not order the acts (a step entered late may still be dated before it)."""

    def __init__(
        self,
        order_no: str,
        subject: Subject,
        case_no: str | None,
        reference: str | None,
        department: str,
        rule_id: str,
        warning_type: WarningType,
        content: str,
        due_on: date,
        occurred_at: datetime,
        by: Actor,
    ) -> None:
        self.order_no, self.subject, self.case_no, self.reference = order_no, subject, case_no, reference
        self.department, self.rule_id, self.warning_type, self.content = department, rule_id, warning_type, content
        self.due_on, self.opened_at = due_on, occurred_at
        self.status = OrderStatus.OPENED
        self.reports = 0
        self.finding: Finding | None = None
        self.last_at = occurred_at
        self.closed_on: date | None = None
        self.flagged_at: datetime | None = None
        self.requested_due_on: date | None = None  # an extension asked for and not yet decided

    @staticmethod
    def id_for(order_no: str) -> Any:
        return natural_id("supervision-order", order_no)

    @classmethod
    def open(
        cls,
        *,
        order_no: str,
        subject: Subject,
        department: str,
        rule_id: str,
        warning_type: WarningType,
        content: str,
        due_on: date,
        at: datetime,
        by: Actor,
        case_no: str | None = None,
        reference: str | None = None,
    ) -> SupervisionOrder:
        """立项: open an order on ``subject`` to ``department``, to be closed by ``due_on``."""
        require_aware(at)
        _check_role(by, INSPECTORS, phrase("open supervision orders"))
        require_said(order_no, phrase("the order number"), NUMBER_MAX)
        require_said(rule_id, phrase("the rule number"), NUMBER_MAX)
        require_said(content, phrase("the content of the order"), CONTENT_MAX)
        require_said(department, phrase("the responsible department"), 64)
        if (subject is Subject.DEPARTMENT) != (case_no is None):
            raise InvalidValue("an order names a case unless it is on a department's pattern, and then none")
        if (subject in (Subject.WARNING, Subject.RED_FLAG)) != (reference is not None):
            raise InvalidValue("an order on a warning or a red flag names it (and only then a reference)")
        if due_on <= at.date():
            raise InvalidValue("the order is due after the day it is opened, not on {due_on}", due_on=due_on)
        return cls._create(
            cls.Opened,
            id=cls.id_for(order_no),
            order_no=order_no,
            subject=subject,
            case_no=case_no,
            reference=reference,
            department=department,
            rule_id=rule_id,
            warning_type=warning_type,
            content=content,
            due_on=due_on,
            occurred_at=at,
            by=by,
        )

    # -- the responsible department ------------------------------------------------------------------------

    def acknowledge(self, *, at: datetime, by: Actor) -> None:
        """签收: a head of the responsible department receives the order."""
        self._step(at, OrderStatus.OPENED, step=phrase("acknowledge"))
        self._check_department(by, phrase("acknowledge"))
        self.trigger_event(self.Acknowledged, occurred_at=at, by=by)

    def report_correction(self, *, report: str, evidence: tuple[str, ...], at: datetime, by: Actor) -> None:
        """反馈: the correction made, with the evidence of it (documents, records)."""
        self._step(at, OrderStatus.ACKNOWLEDGED, OrderStatus.SENT_BACK, step=phrase("report a correction"))
        self._check_department(by, phrase("report corrections"))
        require_said(report, phrase("the report"), CONTENT_MAX)
        if not evidence or not all(item.strip() for item in evidence):
            raise InvalidValue("a correction is reported with its evidence")
        self.trigger_event(self.CorrectionReported, report=report, evidence=tuple(evidence), occurred_at=at, by=by)

    def request_extension(self, *, new_due_on: date, reason: str, at: datetime, by: Actor) -> None:
        """延期申请: asked for before the due date, with the reason and the new date; until it is granted the
        order is assessed against its date as it stands."""
        self._step(at, *OPEN_STATES, step=phrase("ask for an extension"))
        self._check_department(by, phrase("ask for an extension of"))
        if self.requested_due_on is not None:
            raise OrderStepOutOfOrder("{order_no} has an extension waiting for a decision", order_no=self.order_no)
        if legal_day(at) > self.due_on:
            raise InvalidValue("an extension is asked for by the due date ({due_on}), not after it", due_on=self.due_on)
        if new_due_on <= self.due_on:
            raise InvalidValue(
                "an extension moves the due date ({due_on}) later, not to {new_due_on}",
                due_on=self.due_on,
                new_due_on=new_due_on,
            )
        require_said(reason, phrase("the reason"), CONTENT_MAX)
        self.trigger_event(self.ExtensionRequested, new_due_on=new_due_on, reason=reason, occurred_at=at, by=by)

    # -- the inspector ---------------------------------------------------------------------------------------

    def decide_extension(self, *, granted: bool, opinion: str, at: datetime, by: Actor) -> None:
        """延期审批: the inspector grants the new date or refuses it."""
        self._step(at, *OPEN_STATES, step=phrase("decide an extension"))
        _check_role(by, INSPECTORS, phrase("decide extensions"))
        if self.requested_due_on is None:
            raise OrderStepOutOfOrder("{order_no} has no extension asked for", order_no=self.order_no)
        new_due_on = self.requested_due_on
        self.trigger_event(
            self.ExtensionDecided,
            granted=granted,
            new_due_on=new_due_on,
            opinion=opinion.strip(),
            occurred_at=at,
            by=by,
        )

    def send_back(self, *, reason: str, at: datetime, by: Actor) -> None:
        """退办: the report does not show the correction; the department reports again."""
        self._step(at, OrderStatus.REPORTED, step=phrase("send the report back"))
        _check_role(by, INSPECTORS, phrase("review corrections"))
        require_said(reason, phrase("the reason"), CONTENT_MAX)
        self.trigger_event(self.SentBack, reason=reason, occurred_at=at, by=by)

    def accept(self, *, opinion: str, at: datetime, by: Actor) -> None:
        """审核通过: the correction is accepted."""
        self._step(at, OrderStatus.REPORTED, step=phrase("accept the correction"))
        _check_role(by, INSPECTORS, phrase("review corrections"))
        self.trigger_event(self.Accepted, opinion=opinion.strip(), occurred_at=at, by=by)

    def close(self, *, finding: Finding, conclusion: str, at: datetime, by: Actor) -> None:
        """办结: the inspector closes the order with the finding on responsibility (监察结果描述)."""
        self._step(at, OrderStatus.ACCEPTED, step=phrase("close (only an accepted correction is closed)"))
        _check_role(by, INSPECTORS, phrase("close supervision orders"))
        require_said(conclusion, phrase("the conclusion"), CONTENT_MAX)
        self.trigger_event(self.Closed, finding=finding, conclusion=conclusion, occurred_at=at, by=by)

    # -- the watcher ---------------------------------------------------------------------------------------

    def flag_overdue(self, *, at: datetime, by: Actor) -> int:
        """B002: record, once, that the order was not closed by its due date (closed late, or still open at
        ``at``); returns how many flags were recorded (0 or 1)."""
        require_aware(at)
        if by.role is not Role.SYSTEM:
            raise NotForThisRole("an overdue order is flagged by the ledger's watcher")
        if self.flagged_at is not None:
            return 0
        if not ran_out(self.due_on, self.closed_on, at):
            return 0
        crossed = end_of_day(self.due_on)
        self.trigger_event(self.FlaggedOverdue, rule_id=OVERDUE_RULE, crossed_at=crossed, occurred_at=at, by=by)
        return 1

    @property
    def is_open(self) -> bool:
        return self.status is not OrderStatus.CLOSED

    def _step(self, at: datetime, *statuses: OrderStatus, step: str) -> None:
        check_step(self.order_no, self.status, statuses, self.last_at, at, step, OrderStepOutOfOrder)

    def _check_department(self, by: Actor, what: str) -> None:
        if by.role not in DEPARTMENT_HEADS or by.department != self.department:
            raise NotForThisRole(
                "only a head of {department} may {what} this order", department=self.department, what=what
            )


def _check_role(by: Actor, roles: frozenset[Role], what: str) -> None:
    if by.role not in roles:
        raise NotForThisRole("a {role} cannot {what}", role=by.role, what=what)
