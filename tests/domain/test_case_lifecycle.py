"""Given-when-then: every lifecycle transition of a case, and what it does to the clocks."""

from __future__ import annotations

from datetime import date

from domain.case.aggregate import Case
from domain.case.events import conclusion as ce
from domain.case.events import handling as he
from domain.case.events import intake as ie
from domain.case.values import CaseStatus, DeliveryMethod, OpinionKind, Outcome, WarningLevel
from domain.catalogue.terms import ItemKind, Procedure
from domain.clocks import ClockName
from domain.organisation.actors import Actor, Channel
from tests.domain.scenario import (
    APPLICANT,
    accepted,
    decided,
    new_events,
    received,
    take,
    through_steps,
)
from tests.support import (
    AGENCY_HEAD,
    AGENT,
    APPROVER,
    CLERK,
    CO_DEPTS,
    CO_OFFICER,
    CO_OFFICER_2,
    GOV_HEAD,
    HANDLER,
    REVIEWER,
    STATION,
    WATCHER,
    at,
    calendar,
    item,
)


def test_receipt_starts_the_five_day_notice_clock() -> None:
    case = Case.receive(
        case_no="C-1",
        query_code="000001",
        applicant=APPLICANT,
        item=item(),
        at=at(3, 2, 9),
        by=CLERK,
        channel=Channel.WINDOW,
        calendar=calendar(),
    )
    [event] = new_events(case)
    assert isinstance(event, ie.Received)
    assert event.by == CLERK and event.occurred_at == at(3, 2, 9) and event.item.version == 1
    assert case.status is CaseStatus.RECEIVED and case.holder == CLERK
    assert event.k0.due.on == date(2026, 3, 9)  # Mon + 5 WD


def test_receipt_through_a_village_station_or_an_agent() -> None:
    by_station = received(by=STATION, channel=Channel.VILLAGE_STATION)
    by_agent = received(by=AGENT, channel=Channel.AGENT)
    assert by_station.channel is Channel.VILLAGE_STATION and by_agent.holder == AGENT


def test_an_online_filing_on_a_saturday_counts_from_monday() -> None:
    case = received(when=at(3, 7, 22), by=Actor.system("online hall"), channel=Channel.ONLINE)
    assert case.clocks[ClockName.K0].started_on == date(2026, 3, 9)
    assert case.clocks[ClockName.K0].due.on == date(2026, 3, 16)


def test_one_time_supplement_notice_stops_k0_and_supplement_brings_it_back_to_received() -> None:
    case = received()
    case.request_supplement(missing=("营业执照副本",), notice_no="补正-1", at=at(3, 4), by=CLERK)
    [notice] = new_events(case)
    assert isinstance(notice, ie.SupplementRequested) and notice.missing == ("营业执照副本",)
    assert case.status is CaseStatus.SUPPLEMENT_REQUESTED and not case.clocks[ClockName.K0].running
    case.provide_supplement(materials=("营业执照副本",), at=at(3, 10), by=CLERK)
    assert isinstance(new_events(case)[0], ie.SupplementProvided)
    assert case.status is CaseStatus.RECEIVED


def test_acceptance_pins_the_item_and_starts_kc_ks_and_the_first_step() -> None:
    case = received()
    revised = item(committed_limit=item().committed_limit, version=3)
    case.accept(item=revised, notice_no="受理-1", at=at(3, 2, 10), by=CLERK, calendar=calendar())
    [event] = new_events(case)
    assert isinstance(event, ie.Accepted) and event.item.version == 3
    dues = {c.name: c.due.on for c in event.clocks}
    assert dues == {
        ClockName.KC: date(2026, 3, 16),  # 10 WD
        ClockName.KS: date(2026, 3, 30),  # 20 WD
        ClockName.STEP: date(2026, 3, 6),  # 承办 4 WD
    }
    assert case.status is CaseStatus.IN_PROGRESS and not case.clocks[ClockName.K0].running


def test_deemed_acceptance_when_the_notice_is_late_runs_the_clocks_from_receipt() -> None:
    case = received()
    case.deem_accepted(item=case.item, at=at(3, 10, 0), by=WATCHER, calendar=calendar())
    [event] = new_events(case)
    assert isinstance(event, ie.DeemedAccepted) and case.deemed_accepted
    assert case.clocks[ClockName.KC].started_on == date(2026, 3, 2)  # the receipt day (Art. 32(4))


def test_rejection_at_intake_ends_the_case() -> None:
    case = received()
    case.reject_at_intake(
        reasons="不属于本机关职权", remedies="向市局申请", notice_no="不予受理-1", at=at(3, 2, 11), by=CLERK
    )
    assert isinstance(new_events(case)[0], ie.IntakeRejected)
    assert case.status is CaseStatus.REJECTED_AT_INTAKE and case.status.is_terminal


def test_an_immediate_item_is_decided_on_the_spot_and_delivered() -> None:
    case = received(ItemKind.IMMEDIATE)
    case.decide_on_spot(outcome=Outcome.GRANTED, at=at(3, 2, 9, 20), by=CLERK, calendar=calendar())
    [event] = new_events(case)
    assert isinstance(event, ie.DecidedOnSpot) and event.kd is not None
    case.deliver(method=DeliveryMethod.WINDOW, at=at(3, 2, 9, 30), by=CLERK)
    assert isinstance(new_events(case)[0], ce.Delivered) and case.status is CaseStatus.CLOSED


def test_two_phase_hand_off_keeps_the_sender_holding_until_received() -> None:
    case = accepted()
    case.hand_off(to=HANDLER, at=at(3, 2, 11), by=CLERK, note="请办理")
    assert isinstance(new_events(case)[0], he.HandedOff)
    assert case.holder == CLERK and case.in_transit_to == HANDLER
    case.receive_hand_off(at=at(3, 3, 9), by=HANDLER)
    assert isinstance(new_events(case)[0], he.HandOffReceived)
    assert case.holder == HANDLER and case.in_transit_to is None


def test_completing_a_step_starts_the_next_steps_budget() -> None:
    case = accepted()
    take(case, HANDLER, at(3, 3))
    new_events(case)
    case.complete_step(opinion="材料齐全，同意", at=at(3, 4), by=HANDLER, calendar=calendar())
    [event] = new_events(case)
    assert isinstance(event, he.StepCompleted) and event.step_name == "承办"
    assert event.next_step is not None and event.next_step.due.on == date(2026, 3, 9)  # 审核 3 WD from Wed
    assert case.current_step is not None and case.current_step.name == "审核"


def test_returning_a_step_goes_back_one_and_counts_the_return() -> None:
    case = through_steps(accepted(), until=1)
    take(case, REVIEWER, at(3, 5))
    case.return_step(reason="意见不明确", at=at(3, 5, 15), by=REVIEWER, calendar=calendar())
    events = new_events(case)
    assert isinstance(events[-1], he.StepReturned) and events[-1].to_index == 0
    assert case.step_index == 0 and case.returns == 1
    assert case.clocks[ClockName.KC].running  # KC and KS keep running on a return


def test_special_procedure_pauses_the_clocks_and_resuming_moves_due_dates() -> None:
    case = accepted()
    take(case, HANDLER, at(3, 2, 11))
    kc_before = case.clocks[ClockName.KC].due.on
    case.start_special_procedure(
        procedure="expert_review",
        legal_basis="第四十五条",
        notice_no="告知-1",
        expected_days=5,
        at=at(3, 3),
        by=HANDLER,
    )
    assert isinstance(new_events(case)[-1], he.SpecialProcedureStarted)
    assert case.status is CaseStatus.SUSPENDED and case.clocks[ClockName.KC].paused
    case.end_special_procedure(result="专家评审通过", at=at(3, 6), by=HANDLER, calendar=calendar())
    [ended] = new_events(case)
    assert isinstance(ended, he.SpecialProcedureEnded)
    # 3-4, 3-5 and 3-6 are not counted: the due date moves by exactly three working days.
    assert case.clocks[ClockName.KC].due.on == date(2026, 3, 19) and kc_before == date(2026, 3, 16)
    assert case.status is CaseStatus.IN_PROGRESS


def test_post_acceptance_supplementation_pauses_only_where_the_item_allows() -> None:
    for pauses in (True, False):
        case = accepted(supplement_pauses_clock=pauses)
        take(case, HANDLER, at(3, 2, 11))
        case.request_post_acceptance_supplement(
            missing=("说明",), legal_basis="", notice_no="补办-1", at=at(3, 3), by=HANDLER
        )
        event = new_events(case)[-1]
        assert isinstance(event, he.PostAcceptanceSupplementRequested) and event.pauses_clock is pauses
        assert case.clocks[ClockName.KC].paused is pauses
        case.provide_post_acceptance_supplement(materials=("说明",), at=at(3, 6), by=HANDLER, calendar=calendar())
        assert case.status is CaseStatus.IN_PROGRESS
        assert (case.clocks[ClockName.KC].due.on > date(2026, 3, 16)) is pauses


def test_an_extension_adds_ten_working_days_to_ks_only() -> None:
    case = accepted()
    case.approve_extension(
        days=10, reason="需现场核查", notice_no="延期-1", at=at(3, 10), by=AGENCY_HEAD, calendar=calendar()
    )
    [event] = new_events(case)
    assert isinstance(event, he.ExtensionApproved)
    # 3-30 + 10 WD: 3-31..4-3 (4), Qingming 4-4..4-6 off, 4-7..4-10 (8), 4-13, 4-14 (10)
    assert case.clocks[ClockName.KS].due.on == date(2026, 4, 14)
    assert case.clocks[ClockName.KC].due.on == date(2026, 3, 16)


def test_joint_handling_takes_opinions_and_a_fifteen_day_extension_by_the_government_head() -> None:
    case = accepted(ItemKind.JOINT)
    assert case.clocks[ClockName.CO].due.on == date(2026, 3, 11)  # 7 WD for co-departments
    case.give_opinion(co_department=CO_DEPTS[0], opinion=OpinionKind.AGREE, reasons="", at=at(3, 5), by=CO_OFFICER)
    case.give_opinion(
        co_department=CO_DEPTS[1], opinion=OpinionKind.DISAGREE, reasons="不符合环评", at=at(3, 6), by=CO_OFFICER_2
    )
    events = new_events(case)
    assert [type(e) for e in events] == [he.OpinionGiven, he.OpinionGiven]
    assert not case.clocks[ClockName.CO].running  # all answered
    case.approve_extension(
        days=15, reason="联合踏勘", notice_no="延期-1", at=at(3, 9), by=GOV_HEAD, calendar=calendar()
    )
    assert case.clocks[ClockName.KS].extension == 15


def test_silence_past_the_co_department_budget_is_deemed_consent() -> None:
    case = accepted(ItemKind.JOINT)
    case.deem_consent(co_department=CO_DEPTS[0], at=at(3, 12, 0, 5), by=WATCHER)
    [event] = new_events(case)
    assert isinstance(event, he.ConsentDeemed) and case.opinions[CO_DEPTS[0]] is OpinionKind.DEEMED_CONSENT


def test_a_report_up_case_is_forwarded_and_the_upper_levels_decision_recorded() -> None:
    case = through_steps(accepted(ItemKind.REPORT_UP))
    case.forward_up(upper_level="市政务服务中心", opinion="同意上报", at=at(3, 6), by=case.holder)
    assert isinstance(new_events(case)[0], he.ForwardedUp) and case.status is CaseStatus.FORWARDED_UP
    assert not case.clocks[ClockName.KS].running  # the county stage (Art. 43) ends
    upper = Actor("city", "市中心", Actor.system().role)
    case.record_upper_level_decision(
        outcome=Outcome.GRANTED, document_no="市批-1", at=at(3, 20), by=upper, calendar=calendar()
    )
    assert isinstance(new_events(case)[0], he.UpperLevelDecisionReceived) and case.status is CaseStatus.DECIDED


def test_decision_stops_kc_and_ks_and_starts_kd_on_a_grant() -> None:
    case = through_steps(accepted())
    case.decide(outcome=Outcome.GRANTED, at=at(3, 9), by=APPROVER, calendar=calendar(), document_no="许可-1")
    [event] = new_events(case)
    assert isinstance(event, ce.DecisionMade) and event.kd is not None
    assert event.kd.due.on == date(2026, 3, 23)  # Art. 44: 10 WD
    assert not case.clocks[ClockName.KC].running and case.clocks[ClockName.KD].running


def test_a_refusal_starts_no_delivery_clock() -> None:
    case = decided(outcome=Outcome.REFUSED)
    assert case.outcome is Outcome.REFUSED and ClockName.KD not in case.clocks


def test_withdrawal_and_termination_stop_every_clock() -> None:
    withdrawn = accepted()
    withdrawn.withdraw(reason="申请人撤回", at=at(3, 3), by=CLERK)
    assert isinstance(new_events(withdrawn)[0], ce.Withdrawn)
    terminated = accepted()
    head = Actor("sh", "科长", AGENCY_HEAD.role, AGENCY_HEAD.department)
    terminated.terminate(reason="申请人企业已注销", at=at(3, 3), by=head)
    assert isinstance(new_events(terminated)[0], ce.Terminated)
    for case in (withdrawn, terminated):
        assert not any(c.running for c in case.clocks.values())


def test_a_false_pledge_revokes_the_approval() -> None:
    case = decided(procedure=Procedure.NOTIFICATION_COMMITMENT)
    case.verify_pledge(truthful=False, finding="承诺不实", at=at(4, 20), by=HANDLER)
    assert isinstance(new_events(case)[0], ce.PledgeFoundFalse) and case.status is CaseStatus.REVOKED
    kept = decided(procedure=Procedure.NOTIFICATION_COMMITMENT)
    kept.verify_pledge(truthful=True, finding="属实", at=at(4, 20), by=HANDLER)
    assert isinstance(new_events(kept)[0], ce.PledgeVerified) and kept.status is CaseStatus.DECIDED


def test_rating_after_delivery() -> None:
    case = decided()
    take(case, CLERK, at(3, 10))
    case.deliver(method=DeliveryMethod.MAIL, at=at(3, 10, 11), by=CLERK)
    case.rate(stars=2, comment="等待时间长", at=at(3, 11), by=Actor.applicant("subject-1"), channel=Channel.ONLINE)
    event = new_events(case)[-1]
    assert isinstance(event, ce.Rated) and event.stars == 2 and case.rating == 2


def test_warnings_and_breaches_record_the_instant_crossed_and_the_holder() -> None:
    case = accepted()
    crossed = at(3, 12, 0, 0)
    case.raise_warning(
        clock=ClockName.KC,
        level=WarningLevel.YELLOW,
        step_index=None,
        crossed_at=crossed,
        rule_id="A003",
        at=at(3, 14),
        by=WATCHER,
        calendar_label="2026#1",
    )
    case.record_breach(
        clock=ClockName.KC,
        level=WarningLevel.RED,
        step_index=None,
        due_on=date(2026, 3, 16),
        crossed_at=at(3, 17, 0, 0),
        rule_id="A004",
        at=at(3, 17, 8),
        by=WATCHER,
        calendar_label="2026#1",
    )
    warning, breach = new_events(case)
    assert isinstance(warning, ce.WarningRaised) and warning.crossed_at == crossed and warning.holder == CLERK
    assert isinstance(breach, ce.DeadlineBreached) and breach.due_on == date(2026, 3, 16)


def test_every_event_carries_actor_business_time_and_channel() -> None:
    case = received()
    case.accept(item=case.item, notice_no="受理-1", at=at(3, 2, 10), by=CLERK, calendar=calendar())
    take(case, HANDLER, at(3, 2, 11))
    for event in new_events(case):
        assert isinstance(event.by, Actor) and event.occurred_at.tzinfo is not None
        assert isinstance(event.channel, Channel)
