"""Supervision orders (督办): opened by an inspector, then moved by its commands, each defined once here.

An order command is a frozen dataclass like a case command (``application.cases.commands``): its fields
with how each is checked where it enters, what it does to the order, and where it is served
(``POST /supervision-orders/{order_no}/{path}``).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from application.calendars import Calendars
from application.cases.commands import Missing, Required, Text
from application.cases.store import CaseStore
from application.idempotency import IdempotencyKey
from application.organisation import Organisation
from application.plumbing.store import LedgerStore
from application.supervision.records import WATCHER, Acted, Records
from domain.business_time import legal_day
from domain.errors import InvalidValue, phrase
from domain.organisation.actors import Actor
from domain.supervision.access import check_may_read_record
from domain.supervision.order import Finding, Subject, SupervisionOrder, WarningType

CLOSE_WITHIN_DAYS = 20  # working days from opening to close (B002 flags an order still open after them)
NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I: read aloud on the phone


@dataclass(frozen=True, kw_only=True)
class OrderCommand:
    """An act on an open supervision order, as asked for."""

    path: ClassVar[str]
    example: ClassVar[dict[str, Any]] = {}

    def apply(self, order: SupervisionOrder, at: datetime, by: Actor) -> None:
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        return (cls.__doc__ or cls.__name__).strip().splitlines()[0]


@dataclass(frozen=True, kw_only=True)
class Acknowledge(OrderCommand):
    """签收: a head of the responsible department receives the order."""

    path = "acknowledgement"

    def apply(self, order: SupervisionOrder, at: datetime, by: Actor) -> None:
        order.acknowledge(at=at, by=by)


@dataclass(frozen=True, kw_only=True)
class ReportCorrection(OrderCommand):
    """反馈: the correction made, with its evidence."""

    path = "correction"
    example: ClassVar[dict[str, Any]] = {"report": "已督促承办人办结，并设立AB岗", "evidence": ["整改报告.pdf"]}
    report: Required
    evidence: Missing

    def apply(self, order: SupervisionOrder, at: datetime, by: Actor) -> None:
        order.report_correction(report=self.report, evidence=self.evidence, at=at, by=by)


@dataclass(frozen=True, kw_only=True)
class SendBack(OrderCommand):
    """退办: the report does not show the correction; the department reports again."""

    path = "send-back"
    example: ClassVar[dict[str, Any]] = {"reason": "未附承办人说明"}
    reason: Required

    def apply(self, order: SupervisionOrder, at: datetime, by: Actor) -> None:
        order.send_back(reason=self.reason, at=at, by=by)


@dataclass(frozen=True, kw_only=True)
class AcceptCorrection(OrderCommand):
    """审核通过: the inspector accepts the correction."""

    path = "acceptance"
    example: ClassVar[dict[str, Any]] = {"opinion": "整改到位"}
    opinion: Text = ""

    def apply(self, order: SupervisionOrder, at: datetime, by: Actor) -> None:
        order.accept(opinion=self.opinion, at=at, by=by)


@dataclass(frozen=True, kw_only=True)
class CloseOrder(OrderCommand):
    """办结: the inspector closes the order with the finding on responsibility."""

    path = "closure"
    example: ClassVar[dict[str, Any]] = {"finding": "fault", "conclusion": "承办人有责：超期三个工作日"}
    finding: Finding
    conclusion: Required

    def apply(self, order: SupervisionOrder, at: datetime, by: Actor) -> None:
        order.close(finding=self.finding, conclusion=self.conclusion, at=at, by=by)


@dataclass(frozen=True, kw_only=True)
class RequestExtension(OrderCommand):
    """延期申请: the department asks, by the due date, for a later one, with its reason."""

    path = "extension-request"
    example: ClassVar[dict[str, Any]] = {"new_due_on": "2026-05-20", "reason": "需等待上级部门批复"}
    new_due_on: date
    reason: Required

    def apply(self, order: SupervisionOrder, at: datetime, by: Actor) -> None:
        order.request_extension(new_due_on=self.new_due_on, reason=self.reason, at=at, by=by)


@dataclass(frozen=True, kw_only=True)
class DecideExtension(OrderCommand):
    """延期审批: the inspector grants the new date or refuses it."""

    path = "extension-decision"
    example: ClassVar[dict[str, Any]] = {"granted": True, "opinion": "同意延期至5月20日"}
    granted: bool
    opinion: Text = ""

    def apply(self, order: SupervisionOrder, at: datetime, by: Actor) -> None:
        order.decide_extension(granted=self.granted, opinion=self.opinion, at=at, by=by)


ORDER_COMMANDS: tuple[type[OrderCommand], ...] = (
    Acknowledge,
    ReportCorrection,
    SendBack,
    AcceptCorrection,
    CloseOrder,
    RequestExtension,
    DecideExtension,
)


class SupervisionOrders:
    def __init__(self, store: LedgerStore, calendars: Calendars, organisation: Organisation, cases: CaseStore) -> None:
        self.calendars, self.organisation, self.cases = calendars, organisation, cases
        self.records = Records(store, SupervisionOrder, phrase("supervision order"), SupervisionOrder.id_for)

    def open(
        self,
        *,
        subject: Subject,
        department: str,
        rule_id: str,
        warning_type: WarningType,
        content: str,
        at: datetime,
        by: Actor,
        case_no: str | None = None,
        reference: str | None = None,
        order_no: str | None = None,
    ) -> Acted:
        """立项: an order to ``department``, due ``CLOSE_WITHIN_DAYS`` working days after the day it opens."""
        if not self.organisation.has_department(department):
            raise InvalidValue("no department '{department}'", department=department)
        if case_no is not None and not self.cases.has_case(case_no):
            raise InvalidValue("no case {case_no}", case_no=case_no)
        order_no = order_no or new_number("DB", at)
        due = self.calendars.add_working_days(legal_day(at), CLOSE_WITHIN_DAYS)
        order = SupervisionOrder.open(
            order_no=order_no,
            subject=subject,
            case_no=case_no,
            reference=reference,
            department=department,
            rule_id=rule_id,
            warning_type=warning_type,
            content=content,
            due_on=due.on,
            at=at,
            by=by,
        )
        return self.records.create(order_no, order)

    def handle(
        self, order_no: str, command: OrderCommand, *, at: datetime, by: Actor, expected_version: int | None = None
    ) -> Acted:
        """Run an order command on ``order_no`` for ``by``, dated ``at``."""
        return self.records.act(order_no, lambda order: command.apply(order, at, by), expected_version)

    def flag_overdue(self, order_no: str, *, at: datetime) -> int:
        """B002, recorded by the watcher: the order was not closed by its due date; how many flags (0 or 1)."""
        return self.records.watch(order_no, lambda order: order.flag_overdue(at=at, by=WATCHER))

    def once(self, key: IdempotencyKey, run: Callable[[], Acted]) -> Acted:
        return self.records.once(key, run)

    def order(self, order_no: str, viewer: Actor | None = None) -> SupervisionOrder:
        """The order as recorded now (checked against ``viewer``, if given)."""
        order = self.records.get(order_no)
        if viewer is not None:
            check_may_read_record(phrase("supervision order {order_no}", order_no=order_no), order.department, viewer)
        return order


def new_number(prefix: str, at: datetime) -> str:
    """A record's number (an..20): ``prefix``, the day and six random characters."""
    return f"{prefix}{legal_day(at):%Y%m%d}{''.join(secrets.choice(NUMBER_ALPHABET) for _ in range(6))}"
