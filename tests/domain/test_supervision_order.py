"""Given-when-then for supervision orders (督办): opened by an inspector, acknowledged and answered by the
responsible department, reviewed (sent back or accepted) and closed with a finding."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidValue
from domain.organisation.actors import Actor, Role
from domain.supervision.order import (
    Finding,
    NotForThisRole,
    OrderStatus,
    OrderStepOutOfOrder,
    Subject,
    SupervisionOrder,
    WarningType,
)
from tests.support import AGENCY_HEAD, CLERK, OTHER_HEAD, at

INSPECTOR = Actor("jc1", "监察员", Role.INSPECTOR, "JCJ")
WATCHER = Actor.system("deadline watcher")


def opened(**changes: object) -> SupervisionOrder:
    fields: dict[str, object] = {
        "order_no": "DB-20260401-01",
        "subject": Subject.WARNING,
        "case_no": "SJJ-20260302-ABCDEF",
        "reference": "KC:-:red:0",
        "department": AGENCY_HEAD.department,
        "rule_id": "A004",
        "warning_type": WarningType.TIME,
        "content": "该件超过承诺时限，请说明原因并整改",
        "due_on": date(2026, 4, 29),
        "at": at(4, 1),
        "by": INSPECTOR,
    }
    order = SupervisionOrder.open(**(fields | changes))  # type: ignore[arg-type]
    order.collect_events()
    return order


def test_an_order_goes_from_opening_to_a_close_with_a_finding() -> None:
    order = opened()
    order.acknowledge(at=at(4, 2), by=AGENCY_HEAD)
    order.report_correction(
        report="已督促承办人办结，并调整AB岗", evidence=("整改报告.pdf",), at=at(4, 8), by=AGENCY_HEAD
    )
    order.accept(opinion="整改到位", at=at(4, 9), by=INSPECTOR)
    order.close(finding=Finding.FAULT, conclusion="承办人有责：超期三个工作日", at=at(4, 10), by=INSPECTOR)
    events = order.collect_events()
    assert [type(e).__name__ for e in events] == ["Acknowledged", "CorrectionReported", "Accepted", "Closed"]
    assert order.status is OrderStatus.CLOSED and order.finding is Finding.FAULT and not order.is_open


def test_a_report_sent_back_is_reported_again() -> None:
    order = opened()
    order.acknowledge(at=at(4, 2), by=AGENCY_HEAD)
    order.report_correction(report="已整改", evidence=("说明.doc",), at=at(4, 3), by=AGENCY_HEAD)
    order.send_back(reason="未附承办人说明", at=at(4, 4), by=INSPECTOR)
    assert order.status is OrderStatus.SENT_BACK
    with pytest.raises(OrderStepOutOfOrder):
        order.accept(opinion="", at=at(4, 5), by=INSPECTOR)  # nothing to accept until it is reported again
    order.report_correction(
        report="补充承办人说明", evidence=("说明.doc", "承办人说明.doc"), at=at(4, 7), by=AGENCY_HEAD
    )
    order.accept(opinion="", at=at(4, 8), by=INSPECTOR)
    assert order.status is OrderStatus.ACCEPTED and order.reports == 2


@pytest.mark.parametrize(
    ("who", "act"),
    [
        (CLERK, "open"),
        (AGENCY_HEAD, "open"),
        (INSPECTOR, "acknowledge"),
        (OTHER_HEAD, "acknowledge"),
        (CLERK, "acknowledge"),
    ],
)
def test_each_step_is_for_its_role(who: Actor, act: str) -> None:
    if act == "open":
        with pytest.raises(NotForThisRole):
            opened(by=who)
    else:
        order = opened()
        with pytest.raises(NotForThisRole):
            order.acknowledge(at=at(4, 2), by=who)


def test_only_the_inspector_reviews_and_closes() -> None:
    order = opened()
    order.acknowledge(at=at(4, 2), by=AGENCY_HEAD)
    order.report_correction(report="已整改", evidence=("a",), at=at(4, 3), by=AGENCY_HEAD)
    with pytest.raises(NotForThisRole):
        order.accept(opinion="", at=at(4, 4), by=AGENCY_HEAD)  # a department does not pass its own correction
    order.accept(opinion="", at=at(4, 4), by=INSPECTOR)
    with pytest.raises(NotForThisRole):
        order.close(finding=Finding.NO_FAULT, conclusion="无责", at=at(4, 5), by=AGENCY_HEAD)


def test_steps_come_in_order() -> None:
    order = opened()
    with pytest.raises(OrderStepOutOfOrder):
        order.report_correction(report="x", evidence=("a",), at=at(4, 2), by=AGENCY_HEAD)  # not acknowledged
    with pytest.raises(OrderStepOutOfOrder):
        order.close(finding=Finding.NO_FAULT, conclusion="无责", at=at(4, 2), by=INSPECTOR)
    order.acknowledge(at=at(4, 2), by=AGENCY_HEAD)
    with pytest.raises(OrderStepOutOfOrder):
        order.acknowledge(at=at(4, 3), by=AGENCY_HEAD)
    assert order.collect_events()[-1].__class__.__name__ == "Acknowledged"  # the refused acts wrote nothing


def test_an_act_cannot_be_dated_before_the_last() -> None:
    order = opened()
    order.acknowledge(at=at(4, 3), by=AGENCY_HEAD)
    with pytest.raises(InvalidValue, match="comes before"):
        order.report_correction(report="x", evidence=("a",), at=at(4, 2), by=AGENCY_HEAD)


def test_the_last_act_is_remembered_when_the_order_is_read_back() -> None:
    order = SupervisionOrder.open(
        order_no="DB-1", subject=Subject.CASE, case_no="C-1", department="SJJ", rule_id="M01",
        warning_type=WarningType.PROCESS, content="请核查", due_on=date(2026, 4, 29), at=at(4, 1), by=INSPECTOR,
    )  # fmt: skip
    order.acknowledge(at=at(4, 3), by=AGENCY_HEAD)
    folded = None
    for event in order.collect_events():
        folded = event.mutate(folded)
    assert folded is not None and folded.last_at == at(4, 3) and folded.status is OrderStatus.ACKNOWLEDGED


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"subject": Subject.DEPARTMENT}, "names a case unless"),
        ({"subject": Subject.CASE}, "warning or a red flag"),
        ({"reference": None}, "warning or a red flag"),
        ({"content": " "}, "content of the order must be given"),
        ({"content": "长" * 1001}, "at most 1000"),
        ({"rule_id": "R" * 21}, "at most 20"),
        ({"due_on": date(2026, 4, 1)}, "due after"),
    ],
)
def test_an_order_states_what_it_is_on_and_in_bounds(changes: dict[str, object], words: str) -> None:
    with pytest.raises(InvalidValue, match=words):
        opened(**changes)


def test_a_correction_is_reported_with_its_evidence() -> None:
    order = opened()
    order.acknowledge(at=at(4, 2), by=AGENCY_HEAD)
    with pytest.raises(InvalidValue, match="evidence"):
        order.report_correction(report="已整改", evidence=(), at=at(4, 3), by=AGENCY_HEAD)


def test_an_order_on_a_department_names_no_case() -> None:
    order = opened(subject=Subject.DEPARTMENT, case_no=None, reference=None, content="本季度承诺件超期率高")
    assert order.case_no is None and order.subject is Subject.DEPARTMENT


def test_an_order_not_closed_by_its_due_date_is_flagged_once() -> None:
    order = opened()  # due 29 April
    assert order.flag_overdue(at=at(4, 29, 23), by=WATCHER) == 0  # the due day itself is in time
    assert order.flag_overdue(at=at(4, 30, 1), by=WATCHER) == 1
    assert order.flag_overdue(at=at(5, 6), by=WATCHER) == 0  # once
    [flag] = order.collect_events()
    assert isinstance(flag, SupervisionOrder.FlaggedOverdue) and flag.rule_id == "B002"
    assert flag.crossed_at == at(4, 30, 0)  # the first instant past the due date, not when it was noticed
    order.acknowledge(at=at(4, 28), by=AGENCY_HEAD)  # a step entered late is still dated as it happened


def test_an_order_closed_late_is_flagged_and_one_closed_in_time_never() -> None:
    def closed_on(day: int) -> SupervisionOrder:
        order = opened()
        order.acknowledge(at=at(4, 2), by=AGENCY_HEAD)
        order.report_correction(report="已整改", evidence=("a",), at=at(4, 3), by=AGENCY_HEAD)
        order.accept(opinion="", at=at(4, 4), by=INSPECTOR)
        order.close(finding=Finding.NO_FAULT, conclusion="无责", at=at(4, day), by=INSPECTOR)
        return order

    assert closed_on(29).flag_overdue(at=at(5, 20), by=WATCHER) == 0
    assert closed_on(30).flag_overdue(at=at(5, 20), by=WATCHER) == 1


def test_only_the_watcher_flags_an_order() -> None:
    with pytest.raises(NotForThisRole):
        opened().flag_overdue(at=at(5, 6), by=INSPECTOR)


def test_an_extension_asked_for_in_time_and_granted_moves_the_due_date() -> None:
    order = opened()  # due 29 April
    order.acknowledge(at=at(4, 2), by=AGENCY_HEAD)
    order.request_extension(new_due_on=date(2026, 5, 15), reason="需等待上级批复", at=at(4, 29), by=AGENCY_HEAD)
    with pytest.raises(OrderStepOutOfOrder, match="waiting"):
        order.request_extension(new_due_on=date(2026, 5, 20), reason="再延", at=at(4, 29), by=AGENCY_HEAD)
    assert order.flag_overdue(at=at(4, 30, 9), by=WATCHER) == 1  # not granted yet: assessed against 29 April
    order.decide_extension(granted=True, opinion="同意", at=at(4, 30), by=INSPECTOR)
    assert order.due_on == date(2026, 5, 15) and order.requested_due_on is None


def test_an_extension_is_asked_by_the_due_date_for_a_later_one_and_decided_by_the_inspector() -> None:
    order = opened()
    order.acknowledge(at=at(4, 2), by=AGENCY_HEAD)
    with pytest.raises(InvalidValue, match="later"):
        order.request_extension(new_due_on=date(2026, 4, 20), reason="x", at=at(4, 3), by=AGENCY_HEAD)
    with pytest.raises(InvalidValue, match="by the due date"):
        order.request_extension(new_due_on=date(2026, 5, 20), reason="x", at=at(4, 30), by=AGENCY_HEAD)
    with pytest.raises(OrderStepOutOfOrder, match="no extension"):
        order.decide_extension(granted=True, opinion="", at=at(4, 30), by=INSPECTOR)
    order.request_extension(new_due_on=date(2026, 5, 20), reason="x", at=at(4, 28), by=AGENCY_HEAD)
    with pytest.raises(NotForThisRole):
        order.decide_extension(granted=True, opinion="", at=at(4, 29), by=AGENCY_HEAD)
    order.decide_extension(granted=False, opinion="理由不充分", at=at(4, 29), by=INSPECTOR)
    assert order.due_on == date(2026, 4, 29)  # refused: the date stands
