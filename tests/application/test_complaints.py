"""Complaints through the ledger, on each backend: filed against a department (by the applicant through the
public channel, or entered by staff), due in working days, rectified, called back."""

from __future__ import annotations

from datetime import date

import pytest

from application.errors import StaleVersion
from application.ledger import CaseLedger
from application.supervision.complaints import CallBack, Rectify
from domain.case.access import AccessDenied
from domain.errors import InvalidValue
from domain.organisation.actors import Actor, Role
from domain.supervision.complaint import ComplaintKind, ComplaintStatus, Satisfaction, Source, Verification
from tests.application.helpers import receive, set_up_centre
from tests.support import DEPT, at

INSPECTOR = Actor("jc1", "监察员", Role.INSPECTOR, "JCJ")


def test_a_complaint_is_due_five_working_days_after_it_is_filed_and_runs_its_course(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    case_no = receive(ledger, staff["w1"]).case_no
    filed = ledger.complaints.file(
        source=Source.PUBLIC,
        kind=ComplaintKind.SLOW,
        department=DEPT,
        person_id="h1",
        case_no=case_no,
        content="办理拖延",
        at=at(4, 30),
        by=Actor.applicant("subject-1"),
    )
    complaint = ledger.complaints.complaint(filed.number)
    assert complaint.due_on == date(2026, 5, 11)  # 30 April + 5 working days: 6, 7, 8, Sat 9 (worked), 11 May
    ledger.complaints.handle(
        filed.number, Rectify(verification=Verification.PARTLY, measures="已整改"), at=at(5, 6), by=staff["head"]
    )
    with pytest.raises(StaleVersion):
        ledger.complaints.handle(
            filed.number, CallBack(satisfaction=Satisfaction.SATISFIED), at=at(5, 7), by=INSPECTOR, expected_version=1
        )
    ledger.complaints.handle(filed.number, CallBack(satisfaction=Satisfaction.SATISFIED), at=at(5, 7), by=INSPECTOR)
    assert ledger.complaints.complaint(filed.number).status is ComplaintStatus.CLOSED


def test_only_the_applicant_complains_about_their_case_through_the_public_channel(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    case_no = receive(ledger, staff["w1"]).case_no
    common = {"kind": ComplaintKind.OTHER, "department": DEPT, "content": "态度差", "at": at(4, 1)}
    with pytest.raises(AccessDenied):
        ledger.complaints.file(source=Source.PUBLIC, case_no=case_no, by=Actor.applicant("someone-else"), **common)  # type: ignore[arg-type]
    hotline = ledger.complaints.file(source=Source.HOTLINE, case_no=case_no, by=staff["w1"], **common)  # type: ignore[arg-type]
    assert ledger.complaints.complaint(hotline.number).source is Source.HOTLINE


def test_a_complaint_names_what_the_ledger_holds(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    common = {"kind": ComplaintKind.OTHER, "content": "态度差", "at": at(4, 1), "by": staff["w1"]}
    with pytest.raises(InvalidValue, match="no department"):
        ledger.complaints.file(source=Source.HOTLINE, department="XXX", **common)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="no person"):
        ledger.complaints.file(source=Source.HOTLINE, department=DEPT, person_id="nobody", **common)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="no case"):
        ledger.complaints.file(source=Source.HOTLINE, department=DEPT, case_no="SJJ-1", **common)  # type: ignore[arg-type]
