"""Given-when-then: which acts raise which notices, to whom; a result announced ready; a person's contact."""

from __future__ import annotations

import pytest

from domain.case.alerts import WarningPolicy, due_alerts
from domain.case.errors import NotTheHolder, ReasonsRequired, TransitionNotAllowed
from domain.case.events.conclusion import ResultReady
from domain.case.values import WarningLevel
from domain.clocks import ClockName
from domain.errors import InvalidValue
from domain.notifications.notices import Audience, NoticeKind, StaffMember, heads_of, leaders_of
from domain.notifications.raised import CaseFacts, case_notice
from domain.organisation.actors import Role
from domain.organisation.directory import Contact
from tests.domain.scenario import accepted, decided, new_events, received
from tests.support import APPROVER, CLERK, HANDLER, WATCHER, at, calendar

FACTS = CaseFacts("SJJ-20260302-TEST01", "个体工商户设立登记", "SJJ")
STAFF = [
    StaffMember("h1", Role.HANDLER, "SJJ", "S1"),
    StaffMember("sh1", Role.SECTION_HEAD, "SJJ", "S1"),
    StaffMember("sh2", Role.SECTION_HEAD, "SJJ", "S2"),
    StaffMember("h2", Role.HANDLER, "SJJ", "S2"),
    StaffMember("h3", Role.HANDLER, "SJJ", "S3"),  # a section without a head
    StaffMember("head", Role.AGENCY_HEAD, "SJJ", None),
    StaffMember("chief", Role.WINDOW_CHIEF_REPRESENTATIVE, "SJJ", None),
    StaffMember("old-head", Role.AGENCY_HEAD, "SJJ", None, active=False),
    StaffMember("zjj-head", Role.AGENCY_HEAD, "ZJJ", None),
]


def test_a_holders_leader_is_the_head_of_their_section() -> None:
    assert leaders_of(STAFF[0], STAFF) == ["sh1"]
    assert leaders_of(STAFF[3], STAFF) == ["sh2"]


def test_a_section_heads_leaders_and_those_of_a_section_without_a_head_are_the_departments_heads() -> None:
    assert leaders_of(STAFF[1], STAFF) == ["chief", "head"]
    assert leaders_of(STAFF[4], STAFF) == ["chief", "head"]
    assert leaders_of(STAFF[5], STAFF) == ["chief"], "the agency head is not their own leader"


def test_an_order_goes_to_the_active_heads_of_its_department() -> None:
    assert heads_of("SJJ", STAFF) == ["chief", "head"]
    assert heads_of("ZJJ", STAFF) == ["zjj-head"]
    assert heads_of("GTJ", STAFF) == []


def test_the_applicant_hears_of_acceptance_with_its_committed_due_date() -> None:
    case = received()
    case.accept(item=case.item, notice_no="受理-1", at=at(3, 2, 10), by=CLERK, calendar=calendar())
    [acceptance] = new_events(case)
    notice = case_notice(acceptance, FACTS)
    assert notice is not None and notice.kind is NoticeKind.ACCEPTED
    assert notice.audiences == (Audience.APPLICANT,) and notice.subject == FACTS.case_no
    assert dict(notice.values)["due_on"] == case.clocks[ClockName.KC].due.on.isoformat()


def test_a_hand_off_tells_no_one() -> None:
    case = accepted()
    case.hand_off(to=HANDLER, at=at(3, 3), by=CLERK)
    assert [case_notice(e, FACTS) for e in new_events(case)] == [None]


def test_a_yellow_warning_and_a_breach_go_to_the_holder_and_their_leaders_and_a_prompt_to_no_one() -> None:
    case = accepted()
    alerts = due_alerts(case, at(4, 30), calendar(), WarningPolicy())
    case.record_alerts(alerts, at=at(4, 30), by=WATCHER, calendar=calendar())
    notices = [(e, case_notice(e, FACTS)) for e in new_events(case)]
    levels = {getattr(e, "level", None): n for e, n in notices}
    assert levels[WarningLevel.PROMPT] is None
    assert levels[WarningLevel.YELLOW] is not None and levels[WarningLevel.YELLOW].kind is NoticeKind.YELLOW_WARNING
    red = levels[WarningLevel.RED]
    assert red is not None and red.kind is NoticeKind.RED_WARNING and red.holder == CLERK.person_id
    assert red.audiences == (Audience.HOLDER, Audience.LEADERS)


def test_the_holder_announces_a_decided_result_ready_once() -> None:
    case = decided()
    with pytest.raises(NotTheHolder):
        case.announce_ready(window="3号窗口", at=at(3, 10), by=HANDLER)
    with pytest.raises(ReasonsRequired):
        case.announce_ready(window=" ", at=at(3, 10), by=APPROVER)
    case.announce_ready(window="3号窗口", at=at(3, 10), by=APPROVER)
    [ready] = new_events(case)
    assert isinstance(ready, ResultReady) and ready.window == "3号窗口"
    notice = case_notice(ready, FACTS)
    assert notice is not None and notice.kind is NoticeKind.READY_FOR_PICKUP
    with pytest.raises(TransitionNotAllowed):
        case.announce_ready(window="3号窗口", at=at(3, 11), by=APPROVER)


def test_a_result_is_not_announced_before_the_decision() -> None:
    case = accepted()
    with pytest.raises(TransitionNotAllowed):
        case.announce_ready(window="3号窗口", at=at(3, 3), by=CLERK)
    assert new_events(case) == []


def test_a_contact_holds_a_mobile_and_an_address_or_nothing() -> None:
    assert Contact() == Contact("", "")
    Contact("13900000001", "wang@sl.gov.cn")
    for mobile in ("1390000000", "23900000001", "139-0000-0001"):
        with pytest.raises(InvalidValue):
            Contact(mobile=mobile)
    with pytest.raises(InvalidValue):
        Contact(email="not-an-address")
