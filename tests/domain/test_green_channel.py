"""Given-when-then: a case in a green channel (绿色通道) runs its remaining steps jointly (并联审查); its limits
stay the law's."""

from __future__ import annotations

from datetime import date

import pytest

from domain.case import errors as e
from domain.case.aggregate import Case
from domain.case.events import handling as he
from domain.case.values import Outcome
from domain.catalogue.terms import StepDefinition
from domain.clocks import ClockName, TimeLimit
from domain.organisation.actors import Role
from tests.domain.scenario import SIGNERS, accepted, new_events, take, through_steps
from tests.support import APPROVER, CLERK, HANDLER, REVIEWER, at, calendar

# The current step's budget is the shortest, so joining widens it.
STEPS = (
    StepDefinition("承办", Role.HANDLER, TimeLimit(1)),
    StepDefinition("审核", Role.REVIEWER, TimeLimit(5)),
    StepDefinition("批准", Role.APPROVER, TimeLimit(2)),
)


def green(**changes: object) -> Case:
    case = accepted(steps=STEPS, **changes)
    case.enter_green_channel(project_no="2026-510116-04-01-000123", at=at(3, 2, 11), by=CLERK)
    case.collect_events()
    return case


def test_entering_the_green_channel_changes_no_clock() -> None:
    case = accepted(steps=STEPS)
    before = dict(case.clocks)
    case.enter_green_channel(project_no="2026-510116-04-01-000123", at=at(3, 2, 11), by=CLERK)
    [event] = new_events(case)
    assert isinstance(event, he.GreenChannelEntered) and case.green_channel == "2026-510116-04-01-000123"
    assert case.clocks == before  # its working days are still counted by law


def test_a_case_enters_one_green_channel_and_only_while_undecided() -> None:
    case = green()
    with pytest.raises(e.TransitionNotAllowed):
        case.enter_green_channel(project_no="another", at=at(3, 2, 12), by=CLERK)
    done = through_steps(accepted(steps=STEPS))
    done.decide(outcome=Outcome.GRANTED, at=at(3, 9), by=APPROVER, calendar=calendar())
    with pytest.raises(e.TransitionNotAllowed):
        done.enter_green_channel(project_no="p", at=at(3, 9, 12), by=CLERK)


def test_joining_widens_the_current_steps_budget_to_the_longest_and_leaves_kc_and_ks() -> None:
    case = green()
    take(case, HANDLER, at(3, 2, 14))
    kc, ks, step = case.clocks[ClockName.KC], case.clocks[ClockName.KS], case.clocks[ClockName.STEP]
    new_events(case)
    case.join_steps(at=at(3, 2, 15), by=HANDLER, calendar=calendar())
    [event] = new_events(case)
    assert isinstance(event, he.StepsJoined) and event.steps == (0, 1, 2)
    joined = case.clocks[ClockName.STEP]
    assert joined.started_on == step.started_on  # the same day zero, in a new run
    assert (ClockName.STEP, 0, 1) in case.runs and case.runs[(ClockName.STEP, 0, 0)].ended_by == "StepsJoined"
    assert joined.limit == TimeLimit(5) and joined.due.on == date(2026, 3, 9)  # 5 WD from Mon 2 March
    assert case.clocks[ClockName.KC] == kc and case.clocks[ClockName.KS] == ks


def test_joined_steps_are_signed_in_any_order_by_their_own_signers_without_holding_the_case() -> None:
    case = green()
    take(case, HANDLER, at(3, 2, 14))
    case.join_steps(at=at(3, 2, 15), by=HANDLER, calendar=calendar())
    new_events(case)
    case.sign_joined_step(step_index=2, opinion="同意", at=at(3, 3, 9), by=APPROVER)
    case.sign_joined_step(step_index=1, opinion="同意", at=at(3, 3, 10), by=REVIEWER)
    assert case.holder == HANDLER and case.joined == (0,) and case.clocks[ClockName.STEP].running
    case.sign_joined_step(step_index=0, opinion="材料齐全", at=at(3, 3, 11), by=HANDLER)
    events = new_events(case)
    assert [type(x) for x in events] == [he.JoinedStepSigned] * 3
    assert [x.outstanding for x in events] == [(0, 1), (0,), ()]
    assert case.steps_complete and not case.joined
    assert case.clocks[ClockName.STEP].stopped_on == date(2026, 3, 3)
    assert [(r.index, r.name) for r in case.steps_done] == [(2, "批准"), (1, "审核"), (0, "承办")]
    take(case, APPROVER, at(3, 3, 15))  # the decision is the approver's, holding the case as always
    case.decide(outcome=Outcome.GRANTED, at=at(3, 3, 15), by=APPROVER, calendar=calendar())
    assert case.decided_at is not None


def test_joining_from_a_later_step_joins_only_the_steps_left() -> None:
    case = through_steps(green(), until=1)
    take(case, REVIEWER, at(3, 4, 9))
    case.join_steps(at=at(3, 4, 10), by=REVIEWER, calendar=calendar())
    assert case.joined == (1, 2)
    with pytest.raises(e.NotAJoinedStep):
        case.sign_joined_step(step_index=0, opinion="同意", at=at(3, 4, 11), by=HANDLER)


def test_joint_review_rules() -> None:
    plain = accepted(steps=STEPS)
    take(plain, HANDLER, at(3, 2, 14))
    with pytest.raises(e.NotInGreenChannel):
        plain.join_steps(at=at(3, 2, 15), by=HANDLER, calendar=calendar())
    case = green()
    take(case, HANDLER, at(3, 2, 14))
    with pytest.raises(e.NotTheHolder):
        case.join_steps(at=at(3, 2, 15), by=REVIEWER, calendar=calendar())
    with pytest.raises(e.NotAJoinedStep):
        case.sign_joined_step(step_index=1, opinion="同意", at=at(3, 2, 15), by=REVIEWER)
    case.join_steps(at=at(3, 2, 15), by=HANDLER, calendar=calendar())
    with pytest.raises(e.JointReviewOpen):
        case.join_steps(at=at(3, 2, 16), by=HANDLER, calendar=calendar())
    with pytest.raises(e.JointReviewOpen):  # no step is passed or returned one by one meanwhile
        case.complete_step(opinion="同意", at=at(3, 2, 16), by=HANDLER, calendar=calendar())
    with pytest.raises(e.NotAuthorised):  # a step is signed by a signer of its role
        case.sign_joined_step(step_index=2, opinion="同意", at=at(3, 2, 16), by=HANDLER)
    take(case, APPROVER, at(3, 2, 17))
    with pytest.raises(e.StepsIncomplete):
        case.decide(outcome=Outcome.GRANTED, at=at(3, 2, 17), by=APPROVER, calendar=calendar())


def test_nothing_to_join_with_one_step_left() -> None:
    case = through_steps(green(), until=2)
    signer = SIGNERS["批准"]
    take(case, signer, at(3, 5, 9))
    with pytest.raises(e.TransitionNotAllowed):
        case.join_steps(at=at(3, 5, 10), by=signer, calendar=calendar())


def test_guidance_before_the_decision_is_recorded_in_a_green_channel_only_and_stops_no_clock() -> None:
    case = green()
    before = dict(case.clocks)
    case.give_guidance(guidance="现场核查前请备齐消防检测报告", at=at(3, 2, 14), by=REVIEWER)
    [event] = new_events(case)
    assert isinstance(event, he.GuidanceGiven) and event.guidance.startswith("现场核查")
    assert case.clocks == before
    with pytest.raises(e.ReasonsRequired):
        case.give_guidance(guidance="  ", at=at(3, 2, 15), by=REVIEWER)
    plain = accepted(steps=STEPS)
    with pytest.raises(e.NotInGreenChannel):
        plain.give_guidance(guidance="请补充", at=at(3, 2, 14), by=REVIEWER)
