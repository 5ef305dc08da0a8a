"""Given-when-then: a pre-review submitted, answered once and in full, resubmitted, filed as a case whose
clocks follow the item's setting (the submission as the legal receipt, or the filing)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from domain.case.aggregate import Case
from domain.case.errors import ChannelNotAllowed, NotAuthorised
from domain.case.events.intake import Received, SupplementProvided, SupplementRequested
from domain.case.values import CaseStatus
from domain.clocks import ClockName
from domain.errors import InvalidValue
from domain.organisation.actors import Actor, Channel, Role
from domain.prereview.prereview import PreReview, PreReviewRuleBroken, PreReviewSetting, PreReviewStatus
from domain.prereview.setting import ItemPreReview
from tests.domain.scenario import APPLICANT
from tests.support import AGENT, CLERK, HANDLER, STATION, at, calendar, item

ADMIN = Actor("admin", "管理员", Role.ADMINISTRATOR, "CENTRE")
OTHER_CLERK = Actor("w9", "他局窗口", Role.WINDOW_CLERK, "ZJJ", "ZJJ-W")
MISSING = ("营业执照副本", "法定代表人身份证")


def submitted(setting: PreReviewSetting | None = None, by: Actor = STATION, when: datetime | None = None) -> PreReview:
    setting = setting or PreReviewSetting()
    day = (when or at(3, 2, 9)).date()
    review = PreReview.submit(
        pre_review_no="YS20260302ABCDE",
        item_code=item().code,
        department="SJJ",
        applicant=APPLICANT,
        materials=("申请书",),
        channel=Channel.VILLAGE_STATION if by is STATION else Channel.AGENT,
        setting=setting,
        answer_due=calendar().add(day, setting.answer_days).on,
        notice_due=calendar().add(day, 5).on if setting.counts_as_receipt else None,
        at=when or at(3, 2, 9),
        by=by,
    )
    review.collect_events()
    return review


def filed(review: PreReview, when: datetime) -> Case:
    case = Case.receive_pre_reviewed(
        case_no="SJJ-20260302-PRE001",
        query_code="",
        review=review.reviewed(),
        item=item(),
        at=when,
        by=CLERK,
        calendar=calendar(),
    )
    review.file(case_no=case.case_no, at=when, by=CLERK)
    return case


def test_a_department_answers_what_is_missing_once_and_in_full() -> None:
    review = submitted()
    review.answer(missing=MISSING, note="请补齐", notice_no="预审补正-1", at=at(3, 3, 10), by=CLERK)
    assert review.status is PreReviewStatus.INCOMPLETE
    review.resubmit(materials=(MISSING[0],), answer_due=date(2026, 3, 6), at=at(3, 4, 9), by=STATION)
    with pytest.raises(PreReviewRuleBroken, match="once and in full"):
        review.answer(missing=("土地证",), note="", notice_no="预审补正-2", at=at(3, 4, 10), by=CLERK)
    review.answer(missing=(MISSING[1],), note="仍缺身份证", notice_no="预审补正-2", at=at(3, 4, 10), by=CLERK)
    review.resubmit(materials=(MISSING[1],), answer_due=date(2026, 3, 9), at=at(3, 5, 9), by=STATION)
    review.answer(missing=(), note="材料齐全", notice_no="", at=at(3, 5, 11), by=CLERK)
    assert review.status is PreReviewStatus.COMPLETE
    assert review.materials == ("申请书", *MISSING)


def test_only_the_departments_window_answers_and_only_once_a_submission_awaits() -> None:
    review = submitted()
    with pytest.raises(NotAuthorised):
        review.answer(missing=(), note="", notice_no="", at=at(3, 3), by=OTHER_CLERK)
    with pytest.raises(NotAuthorised):
        review.answer(missing=(), note="", notice_no="", at=at(3, 3), by=HANDLER)
    review.answer(missing=(), note="", notice_no="", at=at(3, 3), by=CLERK)
    with pytest.raises(PreReviewRuleBroken):
        review.answer(missing=(), note="", notice_no="", at=at(3, 3, 11), by=CLERK)


def test_who_submits_through_which_channel() -> None:
    with pytest.raises(ChannelNotAllowed):
        submitted(by=CLERK)  # a window receives; it does not pre-review its own intake
    assert submitted(by=AGENT).channel is Channel.AGENT


def test_a_pre_review_is_late_after_its_answer_day() -> None:
    review = submitted(PreReviewSetting(answer_days=2))
    assert review.answer_due == calendar().add(date(2026, 3, 2), 2).on
    assert not review.late(review.answer_due) and review.late(date(2026, 3, 5))


def test_a_pre_review_not_counted_as_receipt_is_received_when_it_is_filed() -> None:
    review = submitted()
    review.answer(missing=MISSING, note="", notice_no="预审补正-1", at=at(3, 3, 10), by=CLERK)
    review.resubmit(materials=MISSING, answer_due=date(2026, 3, 6), at=at(3, 4, 9), by=STATION)
    review.answer(missing=(), note="", notice_no="", at=at(3, 4, 10), by=CLERK)
    case = filed(review, at(3, 5, 9))
    [received] = case.collect_events()
    assert isinstance(received, Received) and received.occurred_at == at(3, 5, 9)
    assert received.materials == ("申请书", *MISSING) and received.applicant == APPLICANT
    assert received.channel is Channel.ONLINE and case.holder == CLERK
    assert case.clocks[ClockName.K0].started_on == calendar().day_zero(date(2026, 3, 5))
    assert review.status is PreReviewStatus.FILED and review.case_no == case.case_no


def test_a_pre_review_counted_as_receipt_carries_its_notice_into_the_case() -> None:
    review = submitted(PreReviewSetting(answer_days=5, counts_as_receipt=True))
    review.answer(missing=MISSING, note="", notice_no="预审补正-1", at=at(3, 4, 10), by=CLERK)
    review.resubmit(materials=MISSING, answer_due=date(2026, 3, 12), at=at(3, 6, 9), by=STATION)
    review.answer(missing=(), note="", notice_no="", at=at(3, 6, 10), by=CLERK)
    case = filed(review, at(3, 9, 9))
    received, notice, supplied = case.collect_events()
    assert isinstance(received, Received) and received.occurred_at == at(3, 2, 9), "received as of submission"
    assert isinstance(notice, SupplementRequested) and notice.by == CLERK and notice.notice_no == "预审补正-1"
    assert notice.occurred_at == at(3, 4, 10) and notice.missing == MISSING
    assert isinstance(supplied, SupplementProvided) and supplied.by == STATION and supplied.occurred_at == at(3, 6, 9)
    assert case.status is CaseStatus.RECEIVED and case.supplement_notices == 1
    assert case.clocks[ClockName.K0].stopped_on == date(2026, 3, 4), "the notice came on day 2 of the 5"


def test_a_late_answer_for_the_department_may_still_be_in_time_for_the_law() -> None:
    review = submitted(PreReviewSetting(answer_days=2, counts_as_receipt=True))
    assert review.late(date(2026, 3, 5)), "the department's own two days are past"
    review.answer(missing=MISSING, note="", notice_no="预审补正-1", at=at(3, 9, 10), by=CLERK)  # the law's 5 are not
    review.resubmit(materials=MISSING, answer_due=date(2026, 3, 12), at=at(3, 10, 9), by=STATION)
    review.answer(missing=(), note="", notice_no="", at=at(3, 10, 10), by=CLERK)
    assert filed(review, at(3, 10, 11)).supplement_notices == 1


def test_after_the_five_days_a_pre_review_counted_as_receipt_can_no_longer_ask_for_more() -> None:
    review = submitted(PreReviewSetting(answer_days=5, counts_as_receipt=True))
    with pytest.raises(PreReviewRuleBroken, match="5-WD"):
        review.answer(missing=MISSING, note="", notice_no="预审补正-1", at=at(3, 10, 10), by=CLERK)
    review.answer(missing=(), note="逾期，不再要求补正", notice_no="", at=at(3, 10, 10), by=CLERK)
    case = filed(review, at(3, 10, 11))
    assert case.clocks[ClockName.K0].due.on < date(2026, 3, 10), "the watcher deems it accepted from the lapse"


def test_a_setting_that_counts_as_receipt_answers_within_five_days() -> None:
    with pytest.raises(InvalidValue):
        PreReviewSetting(answer_days=6, counts_as_receipt=True)
    with pytest.raises(InvalidValue):
        PreReviewSetting(answer_days=0)
    with pytest.raises(NotAuthorised):
        ItemPreReview.set("SJJ-commitment", PreReviewSetting(), at=at(3, 1), by=CLERK)
    kept = ItemPreReview.set("SJJ-commitment", PreReviewSetting(), at=at(3, 1), by=ADMIN)
    kept.collect_events()
    kept.change(PreReviewSetting(), at=at(3, 2), by=ADMIN)
    assert kept.collect_events() == [], "the same setting again records nothing"


def test_only_a_complete_pre_review_is_filed_and_once() -> None:
    review = submitted()
    with pytest.raises(PreReviewRuleBroken):
        review.file(case_no="X", at=at(3, 3), by=CLERK)
    review.answer(missing=(), note="", notice_no="", at=at(3, 3), by=CLERK)
    filed(review, at(3, 3, 11))
    with pytest.raises(PreReviewRuleBroken):
        review.file(case_no="Y", at=at(3, 3, 12), by=CLERK)
    with pytest.raises(PreReviewRuleBroken):
        review.withdraw(reason="不办了", at=at(3, 3, 12), by=STATION)


def test_the_submitter_withdraws_and_an_agent_acts_only_on_its_own_submissions() -> None:
    review = submitted(by=AGENT)
    other_agent = Actor("ag2", "另一代办员", Role.AGENT, "CENTRE")
    with pytest.raises(NotAuthorised):
        review.withdraw(reason="不办了", at=at(3, 3), by=other_agent)
    review.withdraw(reason="企业决定暂缓", at=at(3, 3), by=AGENT)
    assert review.status is PreReviewStatus.WITHDRAWN
