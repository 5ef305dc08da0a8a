"""Supervision orders through the ledger, on each backend: opened on a case and due in working days, moved by
their commands (each defined once), read back as recorded, with the version a caller read."""

from __future__ import annotations

from datetime import date

import pytest

from application.errors import StaleVersion
from application.ledger import CaseLedger
from application.supervision.orders import (
    ORDER_COMMANDS,
    AcceptCorrection,
    Acknowledge,
    CloseOrder,
    DecideExtension,
    ReportCorrection,
    RequestExtension,
    SendBack,
)
from domain.errors import AlreadyExists, InvalidValue
from domain.organisation.actors import Actor, Role
from domain.supervision.order import Finding, OrderStatus, Subject, WarningType
from tests.application.helpers import receive, set_up_centre
from tests.support import DEPT, at

INSPECTOR = Actor("jc1", "监察员", Role.INSPECTOR, "JCJ")


def open_on_a_case(ledger: CaseLedger) -> tuple[str, dict[str, Actor]]:
    staff = set_up_centre(ledger)
    case_no = receive(ledger, staff["w1"]).case_no
    opened = ledger.supervision.open(
        subject=Subject.CASE,
        case_no=case_no,
        department=DEPT,
        rule_id="A004",
        warning_type=WarningType.TIME,
        content="该件超过承诺时限，请说明原因并整改",
        at=at(4, 1),
        by=INSPECTOR,
    )
    return opened.number, staff


def test_an_order_is_due_twenty_working_days_after_it_opens(ledger: CaseLedger) -> None:
    order_no, _ = open_on_a_case(ledger)
    order = ledger.supervision.order(order_no)
    assert order.due_on == date(2026, 4, 30)  # 1 April + 20 working days (Qingming, 4-6 April, off)
    assert order.status is OrderStatus.OPENED and len(order_no) <= 20


def test_an_order_runs_its_course_through_the_ledger(ledger: CaseLedger) -> None:
    order_no, staff = open_on_a_case(ledger)
    head = staff["head"]
    steps = [
        (Acknowledge(), head),
        (RequestExtension(new_due_on=date(2026, 5, 20), reason="需等待上级批复"), head),
        (DecideExtension(granted=True, opinion="同意"), INSPECTOR),
        (ReportCorrection(report="已整改", evidence=("整改报告.pdf",)), head),
        (SendBack(reason="未附承办人说明"), INSPECTOR),
        (ReportCorrection(report="补充说明", evidence=("整改报告.pdf", "说明.doc")), head),
        (AcceptCorrection(opinion="整改到位"), INSPECTOR),
        (CloseOrder(finding=Finding.FAULT, conclusion="承办人有责"), INSPECTOR),
    ]
    for day, (command, by) in enumerate(steps, start=2):
        result = ledger.supervision.handle(order_no, command, at=at(4, 7 + day), by=by)
    order = ledger.supervision.order(order_no)
    assert order.status is OrderStatus.CLOSED and order.finding is Finding.FAULT and order.reports == 2
    assert result.version == order.version == 9 and order.due_on == date(2026, 5, 20)
    assert {type(command) for command, _ in steps} == set(ORDER_COMMANDS)


def test_a_caller_who_read_an_older_version_is_told(ledger: CaseLedger) -> None:
    order_no, staff = open_on_a_case(ledger)
    ledger.supervision.handle(order_no, Acknowledge(), at=at(4, 2), by=staff["head"])
    with pytest.raises(StaleVersion):
        ledger.supervision.handle(
            order_no, ReportCorrection(report="x", evidence=("a",)), at=at(4, 3), by=staff["head"], expected_version=1
        )
    assert ledger.supervision.order(order_no).version == 2


def test_an_order_names_a_department_and_a_case_the_ledger_holds(ledger: CaseLedger) -> None:
    order_no, _ = open_on_a_case(ledger)
    common = {"rule_id": "A004", "warning_type": WarningType.TIME, "content": "请整改", "at": at(4, 1), "by": INSPECTOR}
    with pytest.raises(InvalidValue, match="no department"):
        ledger.supervision.open(subject=Subject.DEPARTMENT, department="XXX", **common)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="no case"):
        ledger.supervision.open(subject=Subject.CASE, case_no="SJJ-1", department=DEPT, **common)  # type: ignore[arg-type]
    with pytest.raises(AlreadyExists):
        ledger.supervision.open(  # type: ignore[arg-type]
            subject=Subject.DEPARTMENT, department=DEPT, order_no=order_no, **common
        )
