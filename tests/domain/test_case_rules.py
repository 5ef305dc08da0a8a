"""Given-when-then: every rule a case command can break raises its named error and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from domain.case import errors as e
from domain.case.aggregate import Case
from domain.case.values import DeliveryMethod, OpinionKind, Outcome, WarningLevel
from domain.catalogue.terms import ItemKind
from domain.clocks import ClockName
from domain.errors import DomainError, InvalidValue
from domain.organisation.actors import Actor, Channel, Role
from tests.domain.scenario import accepted, decided, new_events, received, take, through_steps
from tests.support import (
    AGENCY_HEAD,
    APPROVER,
    CHIEF,
    CLERK,
    CLERK_2,
    CO_DEPTS,
    CO_OFFICER,
    GOV_HEAD,
    HANDLER,
    INSPECTOR,
    OTHER_HEAD,
    REVIEWER,
    WATCHER,
    at,
    calendar,
)

CAL = calendar()


def refused(case: Case, command: Callable[[Case], object], error: type[DomainError]) -> None:
    """Then: ``command`` raises ``error`` and leaves the case exactly as it was."""
    version, status = case.version, case.status
    with pytest.raises(error) as raised:
        command(case)
    assert raised.value.rule and raised.value.message
    assert case.version == version and case.status is status and new_events(case) == []


def in_handler_hands() -> Case:
    case = accepted()
    take(case, HANDLER, at(3, 2, 11))
    new_events(case)
    return case


def test_acting_on_a_case_you_do_not_hold() -> None:
    refused(
        in_handler_hands(),
        lambda c: c.complete_step(opinion="x", at=at(3, 3), by=REVIEWER, calendar=CAL),
        e.NotTheHolder,
    )
    refused(in_handler_hands(), lambda c: c.hand_off(to=APPROVER, at=at(3, 3), by=CLERK), e.NotTheHolder)


def test_working_a_case_still_in_transit() -> None:
    case = accepted()
    case.hand_off(to=HANDLER, at=at(3, 2, 11), by=CLERK)
    new_events(case)
    refused(case, lambda c: c.complete_step(opinion="x", at=at(3, 3), by=CLERK, calendar=CAL), e.CaseInTransit)
    refused(case, lambda c: c.receive_hand_off(at=at(3, 3), by=REVIEWER), e.NotTheAddressee)


def test_acting_on_a_closed_case() -> None:
    case = decided()
    take(case, CLERK, at(3, 10))
    case.deliver(method=DeliveryMethod.WINDOW, at=at(3, 10, 11), by=CLERK)
    new_events(case)
    refused(case, lambda c: c.hand_off(to=HANDLER, at=at(3, 11), by=CLERK), e.CaseClosed)
    refused(case, lambda c: c.withdraw(reason="x", at=at(3, 11), by=CLERK), e.CaseClosed)


def test_deciding_before_the_required_steps() -> None:
    case = through_steps(accepted(), until=2)
    take(case, APPROVER, at(3, 6))
    new_events(case)
    refused(
        case, lambda c: c.decide(outcome=Outcome.GRANTED, at=at(3, 6, 11), by=APPROVER, calendar=CAL), e.StepsIncomplete
    )


def test_deciding_before_every_co_department_answered() -> None:
    case = through_steps(accepted(ItemKind.JOINT))
    case.give_opinion(co_department=CO_DEPTS[0], opinion=OpinionKind.AGREE, reasons="", at=at(3, 6, 9), by=CO_OFFICER)
    new_events(case)
    refused(
        case,
        lambda c: c.decide(outcome=Outcome.GRANTED, at=at(3, 6, 11), by=APPROVER, calendar=CAL),
        e.OpinionsOutstanding,
    )


def test_deciding_without_decision_authority() -> None:
    case = through_steps(accepted())
    take(case, REVIEWER, at(3, 6))
    new_events(case)
    refused(
        case, lambda c: c.decide(outcome=Outcome.GRANTED, at=at(3, 6, 11), by=REVIEWER, calendar=CAL), e.NotAuthorised
    )


def test_a_chief_representative_with_delegation_may_approve_and_decide() -> None:
    case = through_steps(accepted(), until=2)
    take(case, CHIEF, at(3, 6))
    case.complete_step(opinion="准予", at=at(3, 6, 11), by=CHIEF, calendar=CAL)
    case.decide(outcome=Outcome.GRANTED, at=at(3, 6, 12), by=CHIEF, calendar=CAL)
    assert case.outcome is Outcome.GRANTED


def test_signing_a_step_without_its_role() -> None:
    case = accepted()
    take(case, REVIEWER, at(3, 2, 11))
    new_events(case)
    refused(case, lambda c: c.complete_step(opinion="x", at=at(3, 3), by=REVIEWER, calendar=CAL), e.NotAuthorised)


def test_refusing_without_reasons_or_remedies() -> None:
    case = through_steps(accepted())
    refused(
        case,
        lambda c: c.decide(outcome=Outcome.REFUSED, at=at(3, 9), by=APPROVER, calendar=CAL, remedies="复议"),
        e.ReasonsRequired,
    )
    refused(
        case,
        lambda c: c.decide(outcome=Outcome.REFUSED, at=at(3, 9), by=APPROVER, calendar=CAL, reasons="不符合"),
        e.ReasonsRequired,
    )
    refused(
        received(),
        lambda c: c.reject_at_intake(reasons=" ", remedies="", notice_no="", at=at(3, 2, 10), by=CLERK),
        e.ReasonsRequired,
    )


def test_a_second_extension() -> None:
    case = accepted()
    case.approve_extension(days=10, reason="核查", notice_no="延期-1", at=at(3, 5), by=AGENCY_HEAD, calendar=CAL)
    new_events(case)
    refused(
        case,
        lambda c: c.approve_extension(
            days=5, reason="再延", notice_no="延期-2", at=at(3, 6), by=AGENCY_HEAD, calendar=CAL
        ),
        e.ExtensionAlreadyGranted,
    )


def test_an_extension_by_someone_without_that_authority() -> None:
    for who in (APPROVER, OTHER_HEAD, GOV_HEAD):  # GOV_HEAD extends joint handling only
        refused(
            accepted(),
            lambda c, w=who: c.approve_extension(days=10, reason="x", notice_no="n", at=at(3, 5), by=w, calendar=CAL),
            e.NotAuthorised,
        )
    refused(
        accepted(ItemKind.JOINT),
        lambda c: c.approve_extension(days=10, reason="x", notice_no="n", at=at(3, 5), by=AGENCY_HEAD, calendar=CAL),
        e.NotAuthorised,
    )


def test_an_extension_longer_than_the_law_allows() -> None:
    refused(
        accepted(),
        lambda c: c.approve_extension(days=11, reason="x", notice_no="n", at=at(3, 5), by=AGENCY_HEAD, calendar=CAL),
        e.ExtensionTooLong,
    )
    refused(
        accepted(ItemKind.JOINT),
        lambda c: c.approve_extension(days=16, reason="x", notice_no="n", at=at(3, 5), by=GOV_HEAD, calendar=CAL),
        e.ExtensionTooLong,
    )


def test_a_pause_type_outside_art_45() -> None:
    refused(
        in_handler_hands(),
        lambda c: c.start_special_procedure(
            procedure="waiting_for_leader", legal_basis="", notice_no="n", expected_days=3, at=at(3, 3), by=HANDLER
        ),
        e.NotAnArt45Procedure,
    )


def test_a_pause_without_written_notice_and_a_second_pause() -> None:
    refused(
        in_handler_hands(),
        lambda c: c.start_special_procedure(
            procedure="hearing", legal_basis="", notice_no=" ", expected_days=3, at=at(3, 3), by=HANDLER
        ),
        e.WrittenNoticeRequired,
    )
    case = in_handler_hands()
    case.start_special_procedure(
        procedure="hearing", legal_basis="", notice_no="n", expected_days=3, at=at(3, 3), by=HANDLER
    )
    new_events(case)
    refused(
        case,
        lambda c: c.start_special_procedure(
            procedure="appraisal", legal_basis="", notice_no="n", expected_days=3, at=at(3, 4), by=HANDLER
        ),
        e.AlreadySuspended,
    )
    refused(
        in_handler_hands(),
        lambda c: c.end_special_procedure(result="x", at=at(3, 4), by=HANDLER, calendar=CAL),
        e.NotSuspended,
    )


def test_a_second_supplement_notice() -> None:
    case = received()
    case.request_supplement(missing=("a",), notice_no="补正-1", at=at(3, 3), by=CLERK)
    case.provide_supplement(materials=("a",), at=at(3, 4), by=CLERK)
    new_events(case)
    refused(
        case,
        lambda c: c.request_supplement(missing=("b",), notice_no="补正-2", at=at(3, 5), by=CLERK),
        e.SupplementAlreadyRequested,
    )


def test_the_notice_period_lapsing() -> None:
    # Received Mon 3-2: the notice period ends with Mon 3-9.
    refused(
        received(),
        lambda c: c.request_supplement(missing=("a",), notice_no="n", at=at(3, 10), by=CLERK),
        e.NoticePeriodLapsed,
    )
    refused(
        received(),
        lambda c: c.accept(item=c.item, notice_no="n", at=at(3, 10), by=CLERK, calendar=CAL),
        e.NoticePeriodLapsed,
    )
    refused(
        received(),
        lambda c: c.deem_accepted(item=c.item, at=at(3, 9, 23), by=WATCHER, calendar=CAL),
        e.NoticePeriodRunning,
    )


def test_accepting_for_another_department_or_without_acceptance_authority() -> None:
    stranger = Actor("x", "他局窗口", Role.WINDOW_CLERK, "ZJJ")
    case = received(by=stranger)
    refused(
        case,
        lambda c: c.accept(item=c.item, notice_no="n", at=at(3, 2, 10), by=stranger, calendar=CAL),
        e.NotAuthorised,
    )
    receiver = received()
    take(receiver, HANDLER, at(3, 2, 9, 30))
    new_events(receiver)
    refused(
        receiver,
        lambda c: c.accept(item=c.item, notice_no="n", at=at(3, 2, 10), by=HANDLER, calendar=CAL),
        e.NotAuthorised,
    )


def test_receiving_through_a_channel_the_actor_does_not_serve() -> None:
    with pytest.raises(e.ChannelNotAllowed):
        received(by=HANDLER, channel=Channel.WINDOW)
    with pytest.raises(e.ChannelNotAllowed):
        received(by=CLERK, channel=Channel.AGENT)


def test_deciding_a_non_immediate_item_on_the_spot() -> None:
    refused(
        received(),
        lambda c: c.decide_on_spot(outcome=Outcome.GRANTED, at=at(3, 2, 10), by=CLERK, calendar=CAL),
        e.NotAnImmediateItem,
    )


def test_forwarding_an_item_decided_here_and_deciding_a_report_up_item_here() -> None:
    case = through_steps(accepted())
    refused(case, lambda c: c.forward_up(upper_level="市", opinion="", at=at(3, 9), by=APPROVER), e.NotAReportUpItem)
    report_up = through_steps(accepted(ItemKind.REPORT_UP))
    refused(
        report_up,
        lambda c: c.decide(outcome=Outcome.GRANTED, at=at(3, 9), by=c.holder, calendar=CAL),
        e.TransitionNotAllowed,
    )


def test_co_department_rules() -> None:
    refused(
        accepted(),
        lambda c: c.give_opinion(
            co_department="ZJJ", opinion=OpinionKind.AGREE, reasons="", at=at(3, 3), by=CO_OFFICER
        ),
        e.NotAJointItem,
    )
    joint = accepted(ItemKind.JOINT)
    refused(
        joint,
        lambda c: c.give_opinion(
            co_department="GAJ", opinion=OpinionKind.AGREE, reasons="", at=at(3, 3), by=CO_OFFICER
        ),
        e.NotACoDepartment,
    )
    refused(
        joint,
        lambda c: c.give_opinion(
            co_department="ZJJ", opinion=OpinionKind.DISAGREE, reasons="", at=at(3, 3), by=CO_OFFICER
        ),
        e.ReasonsRequired,
    )
    refused(
        joint,
        lambda c: c.give_opinion(
            co_department="SHJJ", opinion=OpinionKind.AGREE, reasons="", at=at(3, 3), by=CO_OFFICER
        ),
        e.NotAuthorised,
    )
    refused(joint, lambda c: c.deem_consent(co_department="ZJJ", at=at(3, 11, 12), by=WATCHER), e.OpinionNotYetDue)
    joint.give_opinion(co_department="ZJJ", opinion=OpinionKind.AGREE, reasons="", at=at(3, 3), by=CO_OFFICER)
    new_events(joint)
    refused(
        joint,
        lambda c: c.give_opinion(
            co_department="ZJJ", opinion=OpinionKind.FORWARD, reasons="", at=at(3, 4), by=CO_OFFICER
        ),
        e.OpinionAlreadyGiven,
    )


def test_returning_the_first_step() -> None:
    refused(
        in_handler_hands(), lambda c: c.return_step(reason="x", at=at(3, 3), by=HANDLER, calendar=CAL), e.NoStepToReturn
    )


def test_pledge_verification_only_for_pledge_based_approvals() -> None:
    refused(decided(), lambda c: c.verify_pledge(truthful=True, finding="x", at=at(4, 1), by=HANDLER), e.NotAPledgeItem)


def test_rating_rules() -> None:
    refused(
        accepted(),
        lambda c: c.rate(stars=5, comment="", at=at(3, 3), by=Actor.applicant("s"), channel=Channel.ONLINE),
        e.TransitionNotAllowed,
    )
    case = decided()
    refused(
        case,
        lambda c: c.rate(stars=6, comment="", at=at(3, 10), by=Actor.applicant("s"), channel=Channel.ONLINE),
        e.InvalidRating,
    )
    case.rate(stars=5, comment="", at=at(3, 10), by=Actor.applicant("s"), channel=Channel.ONLINE)
    new_events(case)
    refused(
        case,
        lambda c: c.rate(stars=4, comment="", at=at(3, 11), by=Actor.applicant("s"), channel=Channel.ONLINE),
        e.AlreadyRated,
    )


def test_a_warning_is_recorded_once_per_clock_step_and_level() -> None:
    case = accepted()
    warn = {
        "clock": ClockName.KC,
        "level": WarningLevel.YELLOW,
        "step_index": None,
        "crossed_at": at(3, 12, 0),
        "rule_id": "A003",
        "by": WATCHER,
        "calendar_label": "2026#1",
    }
    case.raise_warning(at=at(3, 12, 1), **warn)  # type: ignore[arg-type]
    new_events(case)
    refused(case, lambda c: c.raise_warning(at=at(3, 12, 2), **warn), e.WarningAlreadyRecorded)  # type: ignore[arg-type]
    refused(case, lambda c: c.raise_warning(at=at(3, 12, 2), **{**warn, "clock": ClockName.KD}), e.ClockNotRunning)  # type: ignore[arg-type]
    refused(
        case,
        lambda c: c.record_breach(
            clock=ClockName.KC,
            level=WarningLevel.YELLOW,
            step_index=None,
            due_on=date(2026, 3, 16),
            crossed_at=at(3, 17, 0),
            rule_id="A004",
            at=at(3, 17, 1),
            by=WATCHER,
            calendar_label="",
        ),
        e.TransitionNotAllowed,
    )


def test_business_time_cannot_run_backwards_or_be_naive() -> None:
    case = in_handler_hands()
    refused(case, lambda c: c.hand_off(to=REVIEWER, at=at(3, 2, 10, 30), by=HANDLER), e.BusinessTimeOutOfOrder)
    refused(case, lambda c: c.hand_off(to=REVIEWER, at=at(3, 3).replace(tzinfo=None), by=HANDLER), InvalidValue)


def test_withdrawal_by_someone_outside_the_department_and_termination_by_a_clerk() -> None:
    refused(in_handler_hands(), lambda c: c.withdraw(reason="x", at=at(3, 3), by=INSPECTOR), e.NotAuthorised)
    refused(in_handler_hands(), lambda c: c.terminate(reason="x", at=at(3, 3), by=CLERK_2), e.NotAuthorised)


def test_handing_a_case_to_someone_who_may_not_work_it() -> None:
    from domain.case.access import AccessDenied

    refused(in_handler_hands(), lambda c: c.hand_off(to=INSPECTOR, at=at(3, 3), by=HANDLER), AccessDenied)
    stranger = Actor("x", "他局承办", Role.HANDLER, "GAJ")
    refused(in_handler_hands(), lambda c: c.hand_off(to=stranger, at=at(3, 3), by=HANDLER), AccessDenied)
