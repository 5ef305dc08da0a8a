"""The register of complaints and its statistics equal a plain computation from the raw events, and the
watcher flags each rectification not reported by its due date once, on each stored backend."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from application.ledger import CaseLedger
from application.reports.filters import ReportFilters
from application.supervision.complaints import Rectify
from domain.business_time import SHANGHAI, legal_day
from domain.case.aggregate import Case
from domain.case.events import conclusion as ce
from domain.errors import InvalidValue, NotFound
from domain.organisation.actors import Actor, Role
from domain.supervision.complaint import Complaint, ComplaintStatus, Satisfaction, Verification
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.settings import Settings, persistence_env
from interface.composition import Views, build_views
from tests.application.helpers import generate_complaints, simulate_year
from tests.reference_model import plain_complaints

TODAY = date(2026, 7, 22)  # some complaints of the last days still within their working days


@pytest.fixture
def stored(stored_database_url: str) -> Iterator[tuple[CaseLedger, Views]]:
    ledger = CaseLedger(env=persistence_env(stored_database_url), calendar_source=SeedCalendarSource())
    views = build_views(Settings(database_url=stored_database_url), ledger)
    yield ledger, views
    views.close()
    ledger.close()


def events_of(ledger: CaseLedger, numbers: list[str]) -> list[list[object]]:
    return [list(ledger.store.events.get(Complaint.id_for(n))) for n in numbers]


def test_the_register_and_its_statistics_equal_the_reference(stored: tuple[CaseLedger, Views]) -> None:
    ledger, views = stored
    numbers = generate_complaints(ledger, 7, 80, until=TODAY)
    views.runner.catch_up()
    expected = plain_complaints(events_of(ledger, numbers), TODAY)
    assert {"awaiting", "overdue", "on_time", "late"} == {c["rectification"] for c in expected.values()}
    assert {"filed", "rectified", "reopened", "closed"} == {c["status"] for c in expected.values()}
    calendar = ledger.calendars.working_days(TODAY.year)
    rows = views.reports.run("complaints", ReportFilters(), TODAY, calendar)
    columns = ("status", "verification", "rectification", "satisfaction", "rectifications")
    assert {r["complaint_no"]: {k: r[k] for k in columns} for r in rows} == expected
    stats = views.reports.run("complaint_stats", ReportFilters(), TODAY, calendar)
    total = stats.pop()
    assert (total["department"], total["filed"]) == ("ALL", len(numbers))
    plain_late = sum(c["rectification"] == "late" for c in expected.values())
    plain_open = sum(c["status"] != "closed" for c in expected.values())
    assert (total["rectified_late"], total["open"]) == (plain_late, plain_open)
    assert sum(s["filed"] for s in stats) == len(numbers)


def test_the_watcher_flags_each_late_rectification_once(stored: tuple[CaseLedger, Views]) -> None:
    ledger, views = stored
    numbers = generate_complaints(ledger, 8, 40)
    now = datetime(2026, 7, 31, 12, tzinfo=SHANGHAI)
    late = set()
    for events in events_of(ledger, numbers):
        filed: Complaint.Filed = events[0]  # type: ignore[assignment]
        rectified = [e for e in events if isinstance(e, Complaint.Rectified)]
        last_day = legal_day(rectified[0].occurred_at) if rectified else legal_day(now)
        if last_day > filed.due_on:
            late.add(filed.complaint_no)
    assert late and len(late) < len(numbers)
    assert views.watcher.run_once(now) == len(late)
    assert views.watcher.run_once(now) == 0
    assert {n for n in numbers if ledger.complaints.complaint(n).flagged_at is not None} == late


def test_a_complaint_found_substantiated_is_a_nonconformity_corrective_actions_can_name(
    stored: tuple[CaseLedger, Views],
) -> None:
    ledger, views = stored
    numbers = generate_complaints(ledger, 9, 60)
    views.runner.catch_up()
    founded, unfounded = set(), set()
    for events in events_of(ledger, numbers):
        rectified = [e for e in events if isinstance(e, Complaint.Rectified)]
        number = events[0].complaint_no  # type: ignore[attr-defined]
        if rectified and rectified[-1].verification.value != "unfounded":
            founded.add(f"NC-{number}")
        elif rectified:
            unfounded.add(f"NC-{number}")
    assert founded and unfounded
    calendar = ledger.calendars.working_days(TODAY.year)
    register = views.reports.run("nonconformities", ReportFilters(), TODAY, calendar)
    assert {r["nc_id"] for r in register if r["source"] == "complaint"} == founded
    quality = Actor("qm", "质量主管", Role.QUALITY_MANAGER, "CENTRE")
    named = sorted(founded)[:2]
    capa = ledger.quality.raise_corrective_action(
        title="投诉整改", nonconformities=tuple(named), at=datetime(2026, 8, 3, 9, tzinfo=SHANGHAI), by=quality,
        register=views.reports,
    )  # fmt: skip
    assert capa.startswith("CAPA-")
    with pytest.raises(InvalidValue, match="no nonconformity"):
        ledger.quality.raise_corrective_action(
            title="不实投诉", nonconformities=(sorted(unfounded)[0],), at=datetime(2026, 8, 3, 9, tzinfo=SHANGHAI),
            by=quality, register=views.reports,
        )  # fmt: skip


def test_the_watcher_takes_up_each_negative_rating_once_and_the_applicant_rates_the_fix(
    stored: tuple[CaseLedger, Views],
) -> None:
    ledger, views = stored
    simulate_year(ledger, 5, 150)
    now = datetime(2026, 11, 20, 18, tzinfo=SHANGHAI)
    views.runner.catch_up()
    negative = {}
    for case_no in views.reports.reader.case_numbers(ReportFilters()):
        for event in ledger.store.events.get(Case.id_for(case_no)):
            if isinstance(event, ce.Rated) and event.stars <= 2:
                negative[case_no] = event
    assert negative
    views.watcher.run_once(now)
    views.watcher.run_once(now)
    views.runner.catch_up()
    rows = views.reports.run("complaints", ReportFilters(), now.date(), ledger.calendars.working_days(2026))
    taken = {r["case_no"]: r for r in rows if r["source"] == "rating"}
    assert set(taken) == set(negative) and len(rows) == len(negative)  # once each
    for case_no, rated in negative.items():
        complaint = ledger.complaints.complaint(taken[case_no]["complaint_no"])
        assert complaint.filed_at == rated.occurred_at and complaint.content.startswith(f"差评 {rated.stars} 星")
        assert complaint.department == case_no.split("-")[0] and complaint.complainant is not None
    case_no, row = next(iter(taken.items()))
    head = next(p for p in ledger.people.people() if p.role == "agency_head" and p.department == row["department"])
    ledger.complaints.handle(
        row["complaint_no"],
        Rectify(verification=Verification.PARTLY, measures="已向申请人致歉"),
        at=now,
        by=ledger.people.actor(head.person_id),
    )
    views.runner.catch_up()
    ncs = views.reports.run("nonconformities", ReportFilters(), now.date(), ledger.calendars.working_days(2026))
    # found partly substantiated, it is the negative review's nonconformity, not a second one
    assert not [r for r in ncs if r["nc_id"] == f"NC-{row['complaint_no']}"]
    assert [r for r in ncs if r["case_no"] == case_no and r["source"] == "negative_review"]
    applicant = Actor.applicant(ledger.case_store.case(case_no).applicant.subject_id)
    with pytest.raises(NotFound):
        ledger.complaints.rate_fix(
            row["complaint_no"],
            case_no="SJJ-20260101-NOCASE",
            satisfaction=Satisfaction.SATISFIED,
            note="",
            at=now,
            by=applicant,
        )
    ledger.complaints.rate_fix(
        row["complaint_no"], case_no=case_no, satisfaction=Satisfaction.MOSTLY, note="基本满意", at=now, by=applicant
    )
    assert ledger.complaints.complaint(row["complaint_no"]).status is ComplaintStatus.CLOSED
