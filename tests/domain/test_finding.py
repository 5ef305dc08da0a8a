"""Given-when-then for responsibility findings (行政过错责任认定): recorded by an inspector against someone who
stood in the case's chain, aggravating when another stands from the last twelve months, answered by the
person's statement, withdrawn on review."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from domain.errors import InvalidValue
from domain.organisation.actors import Actor, Role
from domain.supervision.finding import (
    ChainRole,
    FaultRecord,
    FindingStatus,
    FindingStepOutOfOrder,
    Responsibility,
    ResponsibilityFinding,
    Sanction,
    Severity,
    check_in_chain,
)
from domain.supervision.order import NotForThisRole
from tests.domain.scenario import accepted, take, through_steps
from tests.support import AGENCY_HEAD, APPROVER, CLERK, HANDLER, REVIEWER, at

INSPECTOR = Actor("jc1", "监察员", Role.INSPECTOR, "JCJ")


def record(
    fault_record: FaultRecord, number: str = "ZR-1", when: datetime | None = None, **changes: object
) -> ResponsibilityFinding:
    fields: dict[str, object] = {
        "finding_no": number,
        "case_no": "SJJ-20260302-TEST01",
        "person": HANDLER,
        "chain_role": ChainRole.HANDLER,
        "responsibility": Responsibility.DIRECT,
        "fault": "承办环节超出时限三个工作日，未说明理由",
        "rule": "《限时办结制度》第五条",
        "basis": "承办: 7 WD held of a 4-WD budget",
        "overrun_days": 3,
        "severity": Severity.GENERAL,
        "sanctions": (Sanction.CORRECTION, Sanction.CIRCULATED_CRITICISM),
        "record": fault_record,
        "at": when or at(4, 1),
        "by": INSPECTOR,
    }
    finding = ResponsibilityFinding.record(**(fields | changes))  # type: ignore[arg-type]
    finding.collect_events()
    return finding


def test_a_first_finding_is_recorded_and_noted_in_the_persons_record() -> None:
    faults = FaultRecord.open(HANDLER.person_id)
    finding = record(faults)
    assert finding.status is FindingStatus.STANDING and not finding.aggravating and finding.prior == ()
    assert (finding.department, finding.decided_on) == (HANDLER.department, date(2026, 4, 1))
    assert faults.findings == {"ZR-1": date(2026, 4, 1)}


def test_a_second_fault_within_twelve_months_is_aggravating_and_one_after_them_is_not() -> None:
    faults = FaultRecord.open(HANDLER.person_id)
    record(faults, "ZR-1", at(4, 1))
    second = record(faults, "ZR-2", datetime(2027, 3, 31, 10, tzinfo=at(4, 1).tzinfo))
    assert second.aggravating and second.prior == ("ZR-1",)
    fresh = FaultRecord.open(HANDLER.person_id)
    record(fresh, "ZR-1", at(4, 1))
    a_year_on = record(fresh, "ZR-3", datetime(2027, 4, 1, 10, tzinfo=at(4, 1).tzinfo))
    assert not a_year_on.aggravating  # twelve months have passed since 1 April 2026


def test_a_withdrawn_finding_no_longer_counts() -> None:
    faults = FaultRecord.open(HANDLER.person_id)
    first = record(faults, "ZR-1")
    first.withdraw(reason="复核认定系申请人提供虚假材料所致", record=faults, at=at(4, 10), by=INSPECTOR)
    assert first.status is FindingStatus.WITHDRAWN and faults.findings == {}
    assert not record(faults, "ZR-2", at(5, 6)).aggravating
    with pytest.raises(FindingStepOutOfOrder):
        first.state_defence(statement="补充说明", at=at(4, 11), by=HANDLER)


def test_the_person_states_their_defence_and_no_one_else_does() -> None:
    finding = record(FaultRecord.open(HANDLER.person_id))
    finding.state_defence(statement="当日系统故障，已书面报告", at=at(4, 2), by=HANDLER)
    assert finding.defences == 1
    with pytest.raises(NotForThisRole):
        finding.state_defence(statement="替他说明", at=at(4, 2), by=AGENCY_HEAD)


def test_findings_are_the_inspectors_and_fall_on_staff_named_in_bounds() -> None:
    faults = FaultRecord.open(HANDLER.person_id)
    with pytest.raises(NotForThisRole):
        record(faults, by=AGENCY_HEAD)
    with pytest.raises(InvalidValue, match="record of the person"):
        record(FaultRecord.open("someone-else"))
    with pytest.raises(InvalidValue, match="sanctions"):
        record(faults, sanctions=())
    with pytest.raises(InvalidValue, match="sanctions"):
        record(faults, sanctions=(Sanction.WARNING, Sanction.WARNING))
    with pytest.raises(InvalidValue, match="the fault"):
        record(faults, fault=" ")
    with pytest.raises(InvalidValue, match="negative"):
        record(faults, overrun_days=-1)
    with pytest.raises(InvalidValue, match="staff"):
        record(FaultRecord.open("applicant:x"), person=Actor.applicant("x"))
    finding = record(faults)
    with pytest.raises(NotForThisRole):
        finding.withdraw(reason="x", record=faults, at=at(4, 3), by=AGENCY_HEAD)
    with pytest.raises(InvalidValue, match="before the finding"):
        finding.state_defence(statement="x", at=at(3, 31), by=HANDLER)


def test_a_finding_falls_on_who_stood_at_that_place_in_the_chain() -> None:
    case = through_steps(accepted(), until=2, start=at(3, 3))  # 承办 by h1, 审核 by r1; 批准 waiting
    check_in_chain(case, HANDLER.person_id, ChainRole.HANDLER)
    check_in_chain(case, REVIEWER.person_id, ChainRole.REVIEWER)
    with pytest.raises(InvalidValue, match="was not the approver"):
        check_in_chain(case, APPROVER.person_id, ChainRole.APPROVER)  # not yet holding the step
    take(case, APPROVER, at(3, 6))
    check_in_chain(case, APPROVER.person_id, ChainRole.APPROVER)  # holds the open 批准 step
    with pytest.raises(InvalidValue, match="was not the reviewer"):
        check_in_chain(case, HANDLER.person_id, ChainRole.REVIEWER)
    with pytest.raises(InvalidValue):
        check_in_chain(case, CLERK.person_id, ChainRole.HANDLER)
