"""Online pre-review on every backend: submitted at a village station, answered once and in full, filed as a
case without entering anything again, with the case's clocks as the item's setting says; and the register
of pre-reviews equal to a plain computation from the raw events, on generated histories."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from application.ledger import CaseLedger
from application.reports.filters import ReportFilters
from domain.case.errors import NotAuthorised
from domain.case.events.intake import Received, SupplementProvided, SupplementRequested
from domain.case.values import Applicant, CaseStatus
from domain.catalogue.terms import ItemKind
from domain.clocks import ClockName
from domain.errors import NotFound
from domain.organisation.actors import Actor, Channel, Role
from domain.prereview.consultation import Consultation, ConsultationKind
from domain.prereview.prereview import PreReview, PreReviewRuleBroken, PreReviewSetting
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.settings import Settings, persistence_env
from interface.composition import Views, build_views
from tests.application.helpers import ADMIN, set_up_centre
from tests.reference_model import plain_consultations, plain_pre_reviews
from tests.support import at, item

CODE = item(ItemKind.COMMITMENT).code
APPLICANT = Applicant("subject-7", "李四", "510122199001011233", phone="13800138000")


@dataclass
class Hall:
    ledger: CaseLedger
    staff: dict[str, Actor]
    station: Actor

    def submit(self, day: int = 2, hour: int = 9) -> str:
        return self.ledger.pre_reviews.submit(
            item_code=CODE,
            applicant=APPLICANT,
            materials=("申请书",),
            channel=Channel.VILLAGE_STATION,
            at=at(3, day, hour),
            by=self.station,
        )


@pytest.fixture
def hall(database_url: str) -> Iterator[Hall]:
    ledger = CaseLedger(env=persistence_env(database_url), calendar_source=SeedCalendarSource())
    staff = set_up_centre(ledger)
    ledger.organisation.register_department("CENTRE", "政务服务中心")
    ledger.people.register_person("vs1", "便民服务站", Role.VILLAGE_STATION_CLERK, "CENTRE")
    yield Hall(ledger, staff, ledger.people.actor("vs1"))
    ledger.close()


def test_a_pre_review_is_answered_then_filed_as_a_case_received_when_filed(hall: Hall) -> None:
    ledger, clerk = hall.ledger, hall.staff["w1"]
    number = hall.submit()
    ledger.pre_reviews.answer(number, missing=("营业执照",), note="", notice_no="预审-1", at=at(3, 3, 10), by=clerk)
    ledger.pre_reviews.resubmit(number, materials=("营业执照",), at=at(3, 4, 9), by=hall.station)
    ledger.pre_reviews.answer(number, missing=(), note="齐全", notice_no="", at=at(3, 4, 10), by=clerk)
    filed = ledger.pre_reviews.file(number, at=at(3, 5, 9), by=clerk)

    case = ledger.case_store.case(filed.case_no)
    assert case.status is CaseStatus.RECEIVED and case.holder.person_id == "w1"
    assert case.applicant == APPLICANT, "the applicant as submitted, sealed and unsealed with their key"
    events = list(ledger.store.events.get(case.id))
    assert [type(e) for e in events] == [Received]
    assert events[0].materials == ("申请书", "营业执照") and events[0].occurred_at == at(3, 5, 9)
    assert ledger.pre_reviews.pre_review(number).case_no == filed.case_no
    with pytest.raises(PreReviewRuleBroken):
        ledger.pre_reviews.file(number, at=at(3, 5, 10), by=clerk)


def test_an_item_whose_pre_review_counts_as_receipt_is_received_as_of_the_submission(hall: Hall) -> None:
    ledger, clerk = hall.ledger, hall.staff["w1"]
    with pytest.raises(NotAuthorised):
        ledger.pre_reviews.set_setting(CODE, PreReviewSetting(3, True), at=at(3, 1), by=clerk)
    ledger.pre_reviews.set_setting(CODE, PreReviewSetting(3, True), at=at(3, 1), by=ADMIN)
    number = hall.submit()
    assert ledger.pre_reviews.pre_review(number).notice_due == date(2026, 3, 9)  # the 5th working day
    ledger.pre_reviews.answer(number, missing=("营业执照",), note="", notice_no="预审-1", at=at(3, 3, 10), by=clerk)
    ledger.pre_reviews.resubmit(number, materials=("营业执照",), at=at(3, 4, 9), by=hall.station)
    ledger.pre_reviews.answer(number, missing=(), note="", notice_no="", at=at(3, 4, 10), by=clerk)
    filed = ledger.pre_reviews.file(number, at=at(3, 5, 9), by=clerk)

    case = ledger.case_store.case(filed.case_no)
    assert filed.case_no.startswith("SJJ-20260302-"), "numbered by its legal receipt day"
    events = list(ledger.store.events.get(case.id))
    assert [type(e) for e in events] == [Received, SupplementRequested, SupplementProvided]
    assert [e.occurred_at for e in events] == [at(3, 2, 9), at(3, 3, 10), at(3, 4, 9)]
    assert (events[1].by.person_id, events[2].by.person_id) == ("w1", "vs1")
    assert case.clocks[ClockName.K0].stopped_on == date(2026, 3, 3)
    assert ledger.pre_reviews.setting(item(ItemKind.IMMEDIATE).code) == PreReviewSetting(), "the default elsewhere"


def test_a_pre_review_of_an_unknown_item_or_number_is_not_found(hall: Hall) -> None:
    with pytest.raises(NotFound):
        hall.ledger.pre_reviews.submit(
            item_code="NO-SUCH",
            applicant=APPLICANT,
            materials=("申请书",),
            channel=Channel.VILLAGE_STATION,
            at=at(3, 2),
            by=hall.station,
        )
    with pytest.raises(NotFound):
        hall.ledger.pre_reviews.pre_review("YS20260302XXXXX")


@pytest.fixture
def stored(stored_database_url: str) -> Iterator[tuple[Hall, Views]]:
    ledger = CaseLedger(env=persistence_env(stored_database_url), calendar_source=SeedCalendarSource())
    staff = set_up_centre(ledger)
    ledger.organisation.register_department("CENTRE", "政务服务中心")
    ledger.people.register_person("vs1", "便民服务站", Role.VILLAGE_STATION_CLERK, "CENTRE")
    views = build_views(Settings(database_url=stored_database_url), ledger)
    yield Hall(ledger, staff, ledger.people.actor("vs1")), views
    views.close()
    ledger.close()


@pytest.mark.parametrize("seed", [1, 2])
def test_the_register_equals_the_reference(stored: tuple[Hall, Views], seed: int) -> None:
    hall, views = stored
    ledger, clerk, rng = hall.ledger, hall.staff["w1"], random.Random(seed)
    numbers = []
    for n in range(40):
        when = at(3, 2, 9) + timedelta(days=rng.randrange(30), minutes=n)
        number = ledger.pre_reviews.submit(
            item_code=CODE,
            applicant=APPLICANT,
            materials=("申请书",),
            channel=Channel.VILLAGE_STATION,
            at=when,
            by=hall.station,
        )
        numbers.append(number)
        for _ in range(rng.randrange(4)):  # a few rounds, each answered after a random wait
            when += timedelta(days=rng.randrange(1, 5))
            missing = ("营业执照",) if rng.random() < 0.5 else ()
            ledger.pre_reviews.answer(number, missing=missing, note="", notice_no="预审", at=when, by=clerk)
            if not missing:
                if rng.random() < 0.6:
                    ledger.pre_reviews.file(number, at=when + timedelta(hours=1), by=clerk)
                break
            if rng.random() < 0.25:
                break  # the applicant has not brought what is missing yet
            when += timedelta(days=rng.randrange(1, 3))
            ledger.pre_reviews.resubmit(number, materials=("营业执照",), at=when, by=hall.station)
        else:
            if rng.random() < 0.2:
                ledger.pre_reviews.withdraw(number, reason="暂缓", at=when + timedelta(hours=2), by=hall.station)
    views.runner.catch_up()
    today = date(2026, 4, 10)
    expected = plain_pre_reviews([list(ledger.store.events.get(PreReview.id_for(n))) for n in numbers], today)
    rows = views.reports.run("pre_reviews", ReportFilters(), today, ledger.calendars.working_days(2026))
    got = {
        r["pre_review_no"]: {k: r[k] for k in ("status", "answers", "late_answers", "case_no", "waiting_late")}
        for r in rows
    }
    assert got == expected
    assert {r["status"] for r in expected.values()} >= {"filed", "incomplete", "submitted"}
    assert any(r["late_answers"] for r in expected.values()) and any(r["waiting_late"] for r in expected.values())


@pytest.mark.parametrize("seed", [1, 2])
def test_the_register_of_consultations_equals_the_reference(stored: tuple[Hall, Views], seed: int) -> None:
    """Questions answered in time, late or not yet, some found complex or needing other departments, as
    the register shows them against a plain reading of the raw events and the calendar."""
    hall, views = stored
    ledger, clerk, rng = hall.ledger, hall.staff["w1"], random.Random(seed)
    numbers = []
    for n in range(40):
        when = at(3, 2, 9) + timedelta(days=rng.randrange(30), minutes=n)
        number = ledger.consultations.ask(
            department=None, item_code=CODE, question=f"问题{n}", channel=Channel.VILLAGE_STATION, at=when,
            by=hall.station,
        )  # fmt: skip
        numbers.append(number)
        if rng.random() < 0.3:
            kind = rng.choice((ConsultationKind.COMPLEX, ConsultationKind.MULTI_DEPARTMENT))
            ledger.consultations.reclassify(number, kind=kind, reason="需核实", at=when + timedelta(hours=2), by=clerk)
        if rng.random() < 0.7:
            answered = when + timedelta(days=rng.randrange(0, 25), hours=3)
            ledger.consultations.answer(number, answer="请携带营业执照原件到窗口办理变更登记。", at=answered, by=clerk)
    views.runner.catch_up()
    today = date(2026, 3, 25)  # some answered after it, some awaited, some past their day
    calendar = ledger.calendars.working_days(2026)
    events = [list(ledger.store.events.get(Consultation.id_for(n))) for n in numbers]
    expected = plain_consultations(events, calendar, today)
    rows = views.reports.run("consultations", ReportFilters(), today, calendar)
    assert {r["consultation_no"]: r["progress"] for r in rows} == expected
    assert set(expected.values()) == {"done", "done_late", "open", "overdue"}
