"""Given-when-then for complaints and negative-rating rectification (投诉, 好差评整改)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidValue
from domain.organisation.actors import Actor, Role
from domain.supervision.complaint import (
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    ComplaintStepOutOfOrder,
    Satisfaction,
    Source,
    Verification,
)
from domain.supervision.order import NotForThisRole
from tests.support import AGENCY_HEAD, CLERK, OTHER_HEAD, at

INSPECTOR = Actor("jc1", "监察员", Role.INSPECTOR, "JCJ")
APPLICANT = Actor.applicant("subject-1")
WATCHER = Actor.system("deadline watcher")


def filed(**changes: object) -> Complaint:
    fields: dict[str, object] = {
        "complaint_no": "TS-1",
        "source": Source.HOTLINE,
        "kind": ComplaintKind.SLOW,
        "case_no": "SJJ-20260302-ABCDEF",
        "department": AGENCY_HEAD.department,
        "person_id": "h1",
        "content": "办理拖延，多次催问无答复",
        "due_on": date(2026, 4, 9),
        "at": at(4, 1),
        "by": CLERK,
    }
    complaint = Complaint.file(**(fields | changes))  # type: ignore[arg-type]
    complaint.collect_events()
    return complaint


def test_a_complaint_is_rectified_called_back_and_closed() -> None:
    complaint = filed()
    complaint.rectify(
        verification=Verification.SUBSTANTIATED, measures="已约谈承办人并办结", at=at(4, 3), by=AGENCY_HEAD
    )
    complaint.call_back(satisfaction=Satisfaction.SATISFIED, note="满意", at=at(4, 7), by=INSPECTOR)
    assert [type(e).__name__ for e in complaint.collect_events()] == ["Rectified", "CalledBack"]
    assert complaint.status is ComplaintStatus.CLOSED and complaint.verification is Verification.SUBSTANTIATED


def test_a_complainant_not_satisfied_has_it_handled_again() -> None:
    complaint = filed()
    complaint.rectify(verification=Verification.PARTLY, measures="已解释", at=at(4, 3), by=AGENCY_HEAD)
    complaint.call_back(satisfaction=Satisfaction.DISSATISFIED, note="未解决", at=at(4, 7), by=INSPECTOR)
    assert complaint.status is ComplaintStatus.REOPENED
    complaint.rectify(verification=Verification.SUBSTANTIATED, measures="已重新办理", at=at(4, 8), by=AGENCY_HEAD)
    complaint.call_back(satisfaction=Satisfaction.MOSTLY, note="", at=at(4, 9), by=INSPECTOR)
    assert complaint.status is ComplaintStatus.CLOSED


def test_the_public_channel_is_the_applicants_and_staff_enter_the_others() -> None:
    assert filed(source=Source.PUBLIC, by=APPLICANT).source is Source.PUBLIC
    with pytest.raises(NotForThisRole):
        filed(source=Source.PUBLIC, by=CLERK)
    with pytest.raises(NotForThisRole):
        filed(source=Source.HOTLINE, by=APPLICANT)
    with pytest.raises(NotForThisRole):
        filed(by=AGENCY_HEAD)  # the accused department does not enter complaints against itself
    with pytest.raises(InvalidValue, match="names its case"):
        filed(source=Source.RATING, case_no=None, complainant=APPLICANT.person_id)
    with pytest.raises(InvalidValue, match="its applicant"):
        filed(source=Source.RATING)


def test_a_negative_rating_is_taken_up_by_staff_or_by_the_watcher_and_only_as_a_rating() -> None:
    taken = filed(source=Source.RATING, by=WATCHER, complainant=APPLICANT.person_id)
    assert taken.complainant == APPLICANT.person_id
    assert filed(source=Source.RATING, complainant=APPLICANT.person_id).source is Source.RATING
    with pytest.raises(NotForThisRole):
        filed(source=Source.HOTLINE, by=WATCHER)


def test_the_complainant_rates_the_fix_themselves_and_no_one_else_in_their_name() -> None:
    complaint = filed(source=Source.PUBLIC, by=APPLICANT)
    assert complaint.complainant == APPLICANT.person_id
    complaint.rectify(verification=Verification.PARTLY, measures="已解释", at=at(4, 3), by=AGENCY_HEAD)
    with pytest.raises(NotForThisRole, match="only the complainant"):
        complaint.call_back(satisfaction=Satisfaction.SATISFIED, note="", at=at(4, 4), by=Actor.applicant("other"))
    complaint.call_back(satisfaction=Satisfaction.DISSATISFIED, note="仍未解决", at=at(4, 4), by=APPLICANT)
    assert complaint.status is ComplaintStatus.REOPENED  # handled again
    hotline = filed()  # no complainant the ledger knows
    hotline.rectify(verification=Verification.PARTLY, measures="已解释", at=at(4, 3), by=AGENCY_HEAD)
    with pytest.raises(NotForThisRole):
        hotline.call_back(satisfaction=Satisfaction.SATISFIED, note="", at=at(4, 4), by=APPLICANT)


def test_the_accused_department_rectifies_and_the_centre_calls_back() -> None:
    complaint = filed()
    with pytest.raises(NotForThisRole):
        complaint.rectify(verification=Verification.UNFOUNDED, measures="x", at=at(4, 2), by=OTHER_HEAD)
    with pytest.raises(ComplaintStepOutOfOrder):
        complaint.call_back(satisfaction=Satisfaction.SATISFIED, note="", at=at(4, 2), by=INSPECTOR)
    complaint.rectify(
        verification=Verification.UNFOUNDED, measures="经核查不实，已向投诉人说明", at=at(4, 2), by=AGENCY_HEAD
    )
    with pytest.raises(NotForThisRole):
        complaint.call_back(satisfaction=Satisfaction.SATISFIED, note="", at=at(4, 3), by=AGENCY_HEAD)


def test_a_rectification_not_reported_by_its_due_date_is_flagged_once() -> None:
    complaint = filed()  # due 9 April
    assert complaint.flag_late(at=at(4, 9, 18), by=WATCHER) == 0
    assert complaint.flag_late(at=at(4, 10, 8), by=WATCHER) == 1
    assert complaint.flag_late(at=at(4, 11), by=WATCHER) == 0
    [flag] = complaint.collect_events()
    assert isinstance(flag, Complaint.FlaggedLate) and flag.crossed_at == at(4, 10, 0) and flag.rule_id == "C001"
    in_time = filed()
    in_time.rectify(verification=Verification.PARTLY, measures="已整改", at=at(4, 9), by=AGENCY_HEAD)
    assert in_time.flag_late(at=at(4, 20), by=WATCHER) == 0
    with pytest.raises(NotForThisRole):
        filed().flag_late(at=at(4, 20), by=INSPECTOR)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"content": " "}, "1 to 1000"),
        ({"content": "长" * 1001}, "1 to 1000"),
        ({"due_on": date(2026, 4, 1)}, "due after"),
    ],
)
def test_a_complaint_is_said_and_due_in_bounds(changes: dict[str, object], words: str) -> None:
    with pytest.raises(InvalidValue, match=words):
        filed(**changes)
