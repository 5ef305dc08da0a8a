"""An investment project on every backend: registered, its permits planned, their cases linked and worked,
and where it stands read from the cases as the ledger holds them (its clock, its critical path, the case
holding it up)."""

from __future__ import annotations

import pytest

from application.cases.commands import (
    Accept,
    CompleteStep,
    Decide,
    DecideOnSpot,
    HandOff,
    JoinSteps,
    ReceiveHandOff,
    SignJoinedStep,
    Withdraw,
)
from application.ledger import CaseLedger
from domain.case.values import Outcome
from domain.catalogue.terms import ItemKind
from domain.clocks import ClockName
from domain.errors import AlreadyExists, InvalidValue
from domain.organisation.actors import Actor
from domain.projects.plan import Milestone, PlannedPermit
from tests.application.helpers import ADMIN, receive, set_up_centre
from tests.support import at, item

COMMITMENT = item(ItemKind.COMMITMENT).code
PROJECT = "2026-510116-04-01-000123"


def decided(ledger: CaseLedger, staff: dict[str, Actor], case_no: str, day: int) -> None:
    """The case's three steps signed and its decision made on March ``day``."""
    holder = staff["w1"]
    for hour, person in enumerate((staff["h1"], staff["r1"], staff["a1"]), start=9):
        ledger.cases.handle(case_no, HandOff(to_person_id=person.person_id), at=at(3, day, hour), by=holder)
        ledger.cases.handle(case_no, ReceiveHandOff(), at=at(3, day, hour, 20), by=person)
        ledger.cases.handle(case_no, CompleteStep(opinion="同意"), at=at(3, day, hour, 40), by=person)
        holder = person
    ledger.cases.handle(
        case_no, Decide(outcome=Outcome.GRANTED, document_no=f"许可-{case_no[-4:]}"), at=at(3, day, 12), by=holder
    )


def accepted(ledger: CaseLedger, staff: dict[str, Actor], day: int) -> str:
    case_no = receive(ledger, staff["w1"], day=day).case_no
    ledger.cases.handle(case_no, Accept(notice_no=f"受理-{day}"), at=at(3, day, 9, 30), by=staff["w1"])
    return case_no


def planned(ledger: CaseLedger, green_channel: bool = False) -> None:
    ledger.projects.register(
        project_no=PROJECT,
        name="航空港物流园二期",
        investor_id="91510100MA6C8XYZ1L",
        investor_name="成都某物流有限公司",
        site="西航港经济开发区",
        scale_wan_yuan=32000,
        committed_wd=12,
        major=True,
        green_channel=green_channel,
        at=at(3, 2, 8),
        by=ADMIN,
    )
    approval = PlannedPermit("approval", COMMITMENT, "SJJ", (), (), 5, 20, Milestone.START)
    construction = PlannedPermit("construction", COMMITMENT, "SJJ", ("approval",), (), 5, 15, Milestone.END)
    for permit in (approval, construction):
        ledger.projects.plan_permit(PROJECT, permit, at=at(3, 2, 8, 30), by=ADMIN)


def test_a_projects_clock_and_critical_path_follow_its_cases(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    planned(ledger)
    before = ledger.projects.progress(PROJECT, at(3, 2).date())
    assert before.started_on is None and before.elapsed_wd == 0 and before.holding == "approval"
    assert before.by_commitment is not None and before.by_commitment.days == 10
    assert before.by_law is not None and before.by_law.days == 35

    first = accepted(ledger, staff, day=2)
    ledger.projects.link_case(PROJECT, "approval", first, at=at(3, 2, 10), by=ADMIN)
    running = ledger.projects.progress(PROJECT, at(3, 4).date())
    assert (running.started_on, running.elapsed_wd, running.holding_case) == (at(3, 2).date(), 2, first)

    decided(ledger, staff, first, day=6)
    second = accepted(ledger, staff, day=9)
    ledger.projects.link_case(PROJECT, "construction", second, at=at(3, 9, 10), by=ADMIN)
    later = ledger.projects.progress(PROJECT, at(3, 12).date())
    [approval, construction] = later.permits
    assert (approval.concluded, approval.used_wd, approval.decided_on) == (True, 4, at(3, 6).date())
    assert (construction.case_no, construction.used_wd, construction.concluded) == (second, 3, False)
    assert later.holding == "construction" and later.holding_case == second
    assert later.critical is not None and later.critical.days == 4 + 5  # the approval's 4 WD, then the commitment
    assert later.elapsed_wd == 8 and later.remaining_wd == 4 and later.within_commitment

    decided(ledger, staff, second, day=16)
    done = ledger.projects.progress(PROJECT, at(3, 20).date())
    assert done.ended_on == at(3, 16).date() and done.elapsed_wd == 10 and done.holding is None
    assert done.within_commitment


def test_a_case_of_another_item_or_a_taken_number_is_refused(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    planned(ledger)
    immediate = receive(ledger, staff["w1"], kind=ItemKind.IMMEDIATE).case_no
    with pytest.raises(InvalidValue):
        ledger.projects.link_case(PROJECT, "approval", immediate, at=at(3, 2, 10), by=ADMIN)
    assert ledger.projects.project(PROJECT).cases == {}
    with pytest.raises(AlreadyExists):
        planned(ledger)


def test_a_clock_started_by_an_immediate_items_permit_starts_with_its_decision(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    immediate = item(ItemKind.IMMEDIATE).code
    ledger.projects.register(
        project_no=PROJECT,
        name="备案类项目",
        investor_id="91510100MA6C8XYZ1L",
        investor_name="某公司",
        site="东升街道",
        scale_wan_yuan=500,
        committed_wd=12,
        at=at(3, 2, 8),
        by=ADMIN,
    )
    filing = PlannedPermit("filing", immediate, "SJJ", (), (), 0, 5, Milestone.START)
    construction = PlannedPermit("construction", COMMITMENT, "SJJ", ("filing",), (), 5, 15, Milestone.END)
    for permit in (filing, construction):
        ledger.projects.plan_permit(PROJECT, permit, at=at(3, 2, 8, 30), by=ADMIN)
    case_no = receive(ledger, staff["w1"], kind=ItemKind.IMMEDIATE, day=3).case_no
    ledger.cases.handle(
        case_no, DecideOnSpot(outcome=Outcome.GRANTED, document_no="备案-1"), at=at(3, 3, 9, 20), by=staff["w1"]
    )
    ledger.projects.link_case(PROJECT, "filing", case_no, at=at(3, 3, 10), by=ADMIN)
    progress = ledger.projects.progress(PROJECT, at(3, 6).date())
    assert progress.started_on == at(3, 3).date() and progress.elapsed_wd == 3, "备案 decided on the spot on 3 March"


def test_a_green_channel_projects_case_enters_the_channel_when_linked_and_joins_its_steps(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    planned(ledger, green_channel=True)
    case_no = accepted(ledger, staff, day=2)
    ks_due = ledger.case_store.case(case_no).clocks[ClockName.KS].due
    ledger.projects.link_case(PROJECT, "approval", case_no, at=at(3, 2, 10), by=ADMIN)
    case = ledger.case_store.case(case_no)
    assert case.green_channel == PROJECT
    assert type(list(ledger.store.events.get(case.id))[-1]).__name__ == "GreenChannelEntered"
    w1, h1, r1, a1 = (staff[k] for k in ("w1", "h1", "r1", "a1"))
    ledger.cases.handle(case_no, HandOff(to_person_id="h1"), at=at(3, 2, 11), by=w1)
    ledger.cases.handle(case_no, ReceiveHandOff(), at=at(3, 2, 11, 10), by=h1)
    ledger.cases.handle(case_no, JoinSteps(), at=at(3, 2, 11, 20), by=h1)
    for index, signer, hour in ((2, a1, 14), (1, r1, 15), (0, h1, 16)):
        ledger.cases.handle(case_no, SignJoinedStep(step_index=index, opinion="同意"), at=at(3, 2, hour), by=signer)
    case = ledger.case_store.case(case_no)
    assert case.steps_complete and case.holder == h1
    assert case.clocks[ClockName.KS].due == ks_due  # the law's limit is the law's, green channel or not


def test_a_plain_projects_case_stays_out_of_the_green_channel(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    planned(ledger)
    case_no = accepted(ledger, staff, day=2)
    ledger.projects.link_case(PROJECT, "approval", case_no, at=at(3, 2, 10), by=ADMIN)
    assert ledger.case_store.case(case_no).green_channel is None


def test_a_permit_whose_case_ended_without_a_decision_is_applied_for_again(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    planned(ledger)
    first = accepted(ledger, staff, day=2)
    ledger.projects.link_case(PROJECT, "approval", first, at=at(3, 2, 10), by=ADMIN)
    ledger.cases.handle(first, Withdraw(reason="申请人撤回"), at=at(3, 3, 10), by=staff["w1"])
    later = ledger.projects.progress(PROJECT, at(3, 20).date())
    [approval, _] = later.permits
    assert approval.case_no == first and approval.status == "withdrawn" and not approval.filed
    assert later.started_on is None and later.elapsed_wd == 0, "a withdrawn start permit starts no clock"
    assert later.holding == "approval" and later.holding_case is None  # to be applied for again
    assert later.critical is not None and later.critical.days == 10  # by the commitments: nothing runs
    second = accepted(ledger, staff, day=23)
    ledger.projects.link_case(PROJECT, "approval", second, at=at(3, 23, 10), by=ADMIN)
    again = ledger.projects.progress(PROJECT, at(3, 24).date())
    assert again.holding_case == second and again.started_on == at(3, 23).date()
