"""Given-when-then: an online consultation (网上咨询) is answered once, by its department, saying something
definite; found complex or needing other departments, its day moves once, before it passes."""

from __future__ import annotations

from datetime import date

import pytest

from domain.case.access import AccessDenied
from domain.case.errors import ChannelNotAllowed, NotAuthorised
from domain.organisation.actors import Actor, Channel, Role
from domain.prereview.consultation import (
    Consultation,
    ConsultationKind,
    ConsultationRuleBroken,
    check_may_read,
)
from tests.support import AGENT, CLERK, INSPECTOR, REVIEWER, STATION, at

OTHER_CLERK = Actor("w9", "他局窗口", Role.WINDOW_CLERK, "ZJJ", "ZJJ-W")
ANSWER = "需提供营业执照原件和新经营场所使用证明，网上预审通过后到窗口一次办结。"


def asked(channel: Channel = Channel.VILLAGE_STATION, by: Actor = STATION) -> Consultation:
    consultation = Consultation.ask(
        consultation_no="ZX20260302ABCDEF",
        department="SJJ",
        item_code="SJJ-commitment",
        question="个体工商户变更经营场所需要哪些材料？",
        channel=channel,
        answer_due=date(2026, 3, 5),
        at=at(3, 2, 10),
        by=by,
    )
    consultation.collect_events()
    return consultation


def test_a_question_is_put_through_a_channel_its_asker_may_use() -> None:
    assert asked().answer_due == date(2026, 3, 5) and asked().kind is ConsultationKind.ORDINARY
    assert asked(Channel.AGENT, AGENT).asked_by == AGENT
    with pytest.raises(ChannelNotAllowed):
        asked(Channel.WINDOW, CLERK)
    with pytest.raises(ChannelNotAllowed):
        asked(Channel.AGENT, STATION)


def test_the_department_answers_once_and_definitely() -> None:
    consultation = asked()
    with pytest.raises(ConsultationRuleBroken):
        consultation.answer_with(answer="我们会尽快研究后答复您", at=at(3, 3), by=CLERK)
    with pytest.raises(ConsultationRuleBroken):
        consultation.answer_with(answer="可以办理", at=at(3, 3), by=CLERK)  # says nothing one can act on
    with pytest.raises(NotAuthorised):
        consultation.answer_with(answer=ANSWER, at=at(3, 3), by=OTHER_CLERK)
    with pytest.raises(NotAuthorised):
        consultation.answer_with(answer=ANSWER, at=at(3, 3), by=INSPECTOR)
    consultation.answer_with(answer=ANSWER, at=at(3, 6, 9), by=REVIEWER)
    [event] = consultation.collect_events()
    assert isinstance(event, Consultation.Answered) and consultation.answered_by == REVIEWER
    assert not consultation.late(date(2026, 3, 20))
    with pytest.raises(ConsultationRuleBroken):
        consultation.answer_with(answer=ANSWER, at=at(3, 6, 10), by=CLERK)


def test_a_complex_question_gets_a_later_day_once_and_before_its_day() -> None:
    consultation = asked()
    assert consultation.late(date(2026, 3, 6)) and not consultation.late(date(2026, 3, 5))
    with pytest.raises(ConsultationRuleBroken):
        consultation.reclassify(
            kind=ConsultationKind.ORDINARY, reason="x", answer_due=date(2026, 3, 5), at=at(3, 3), by=CLERK
        )
    consultation.reclassify(
        kind=ConsultationKind.MULTI_DEPARTMENT,
        reason="涉及规划部门",
        answer_due=date(2026, 3, 23),
        at=at(3, 3),
        by=CLERK,
    )
    assert consultation.kind is ConsultationKind.MULTI_DEPARTMENT and consultation.answer_due == date(2026, 3, 23)
    assert not consultation.late(date(2026, 3, 20))
    with pytest.raises(ConsultationRuleBroken):
        consultation.reclassify(
            kind=ConsultationKind.COMPLEX, reason="x", answer_due=date(2026, 3, 16), at=at(3, 4), by=CLERK
        )
    late = asked()
    with pytest.raises(ConsultationRuleBroken):  # its day has passed: it is answered late, not moved
        late.reclassify(
            kind=ConsultationKind.COMPLEX, reason="复杂", answer_due=date(2026, 3, 16), at=at(3, 6), by=CLERK
        )


def test_it_is_read_by_whoever_asked_and_as_the_departments_records() -> None:
    consultation = asked()
    for reader in (STATION, CLERK, INSPECTOR):
        check_may_read(reader, consultation)
    with pytest.raises(AccessDenied):
        check_may_read(OTHER_CLERK, consultation)
