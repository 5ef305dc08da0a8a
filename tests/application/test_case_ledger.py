"""The ``CaseLedger`` use cases, run on the in-memory store, SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date

import pytest

from application.cases.commands import (
    Accept,
    CompleteStep,
    Decide,
    DecideOnSpot,
    Deliver,
    HandOff,
    ReceiveHandOff,
    RequestSupplement,
)
from application.errors import StaleVersion
from application.ledger import CaseLedger
from domain.calendar.schedule import YearSchedule
from domain.case.aggregate import Case
from domain.case.errors import CaseAlreadyExists, CaseInTransit
from domain.case.values import Applicant, DeliveryMethod, Outcome
from domain.catalogue.terms import ItemKind
from domain.clocks import ClockName, TimeLimit
from domain.errors import AlreadyExists, ConcurrencyConflict, NotFound
from domain.organisation.actors import Actor, Channel
from tests.application.helpers import ADMIN, receive, set_up_centre
from tests.support import ID_NUMBER, at, item


def test_a_case_from_receipt_to_rating(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    w, h, r, a = staff["w1"], staff["h1"], staff["r1"], staff["a1"]
    case_no = receive(ledger, w).case_no
    ledger.cases.handle(case_no, Accept(notice_no="受理-1"), at=at(3, 2, 10), by=w)
    holder = w
    for person, day in ((h, 3), (r, 5), (a, 6)):
        ledger.cases.handle(case_no, HandOff(to_person_id=person.person_id), at=at(3, day, 9), by=holder)
        ledger.cases.handle(case_no, ReceiveHandOff(), at=at(3, day, 9, 30), by=person)
        ledger.cases.handle(case_no, CompleteStep(opinion="同意"), at=at(3, day, 15), by=person)
        holder = person
    ledger.cases.handle(case_no, Decide(outcome=Outcome.GRANTED, document_no="许可-1"), at=at(3, 6, 16), by=a)
    ledger.cases.handle(case_no, HandOff(to_person_id=w.person_id), at=at(3, 6, 16, 30), by=a)
    ledger.cases.handle(case_no, ReceiveHandOff(), at=at(3, 9, 9), by=w)
    ledger.cases.handle(case_no, Deliver(method=DeliveryMethod.WINDOW), at=at(3, 9, 10), by=w)
    result = ledger.cases.rate(case_no, stars=5, comment="很好", at=at(3, 9, 11), by=Actor.applicant("subject-1"))

    view = ledger.records.case(case_no, as_of=at(3, 20))
    assert (view.status, view.rating, view.outcome, view.version) == ("closed", 5, "granted", result.version)
    kc = view.clock("KC")
    assert kc is not None and kc.due_on == date(2026, 3, 16) and kc.elapsed == 4 and not kc.running
    history = ledger.audit.history(case_no)
    assert [e.type for e in history][:2] == ["Received", "Accepted"]
    assert history[-1].type == "Rated" and history[-1].details["stars"] == 5
    assert [e.version for e in history] == list(range(1, result.version + 1))
    assert all(e.occurred_at is not None and e.recorded_at.tzinfo is not None for e in history)
    assert history[1].details["clocks"][0]["due"]["calendar"] == "2026#1"


def test_stored_events_come_back_equal(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    case_no = receive(ledger, staff["w1"]).case_no
    ledger.cases.handle(
        case_no, RequestSupplement(missing=("营业执照", "章程"), notice_no="补正-1"), at=at(3, 3), by=staff["w1"]
    )
    stored = list(ledger.store.events.get(Case.id_for(case_no)))
    assert stored[1].missing == ("营业执照", "章程")  # type: ignore[attr-defined]
    received = stored[0]
    assert received.item == item()  # type: ignore[attr-defined]
    assert received.applicant == Applicant("subject-1", "张三", "510122199001011233")  # type: ignore[attr-defined]


def test_a_stale_expected_version_is_refused_and_writes_nothing(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    case_no = receive(ledger, staff["w1"]).case_no
    with pytest.raises(StaleVersion):
        ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=staff["w1"], expected_version=7)
    assert ledger.records.case_version(case_no) == 1
    assert ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=staff["w1"], expected_version=1).version == 2


def test_a_concurrent_write_is_a_conflict(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    case_no = receive(ledger, staff["w1"]).case_no
    stale = ledger.store.repository.get(Case.id_for(case_no))
    ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=staff["w1"])
    stale.request_supplement(missing=("x",), notice_no="n", at=at(3, 2, 11), by=staff["w1"])
    with pytest.raises(ConcurrencyConflict):
        ledger.store.commit(stale)
    assert [e.type for e in ledger.audit.history(case_no)] == ["Received", "Accepted"]


def test_a_conflicting_command_is_retried_on_fresh_state_and_its_rules_checked_again(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    w, h = staff["w1"], staff["h1"]
    case_no = receive(ledger, w).case_no
    ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=w)
    attempts: list[int] = []

    def hand_off_racing_a_colleague(case: Case) -> None:
        attempts.append(case.version)
        if len(attempts) == 1:  # a colleague's write lands between our read and our commit
            ledger.cases.handle(case_no, HandOff(to_person_id=h.person_id), at=at(3, 2, 11), by=w)
        case.hand_off(to=staff["r1"], at=at(3, 2, 12), by=w)

    with pytest.raises(CaseInTransit):  # retried on fresh state, where the case is now in transit
        ledger.case_store.act(case_no, w, hand_off_racing_a_colleague)
    assert attempts == [2, 3]
    assert [e.type for e in ledger.audit.history(case_no)][-1] == "HandedOff"


def test_acceptance_pins_the_item_version_in_force(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    early = receive(ledger, staff["w1"]).case_no
    ledger.cases.handle(early, Accept(), at=at(3, 2, 10), by=staff["w1"])
    ledger.catalogue.shorten_item_limit(item().code, TimeLimit(9), reason="压缩时限", by=ADMIN)
    late = receive(ledger, staff["w1"], day=3).case_no
    ledger.cases.handle(late, Accept(), at=at(3, 3, 10), by=staff["w1"])
    assert ledger.records.case(early, as_of=at(3, 4)).item_version == 1
    later = ledger.records.case(late, as_of=at(3, 4))
    assert later.item_version == 2 and later.clock("KC") is not None
    assert later.clock("KC").limit == 9  # type: ignore[union-attr]


def test_publishing_a_calendar_redates_open_cases_and_keeps_old_events(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    case_no = ledger.cases.receive(
        item_code=item().code,
        applicant=Applicant("s", "李四", ID_NUMBER),
        at=at(12, 28, 9),
        by=staff["w1"],
        channel=Channel.WINDOW,
    ).case_no
    ledger.cases.handle(case_no, Accept(), at=at(12, 28, 10), by=staff["w1"])
    before = ledger.records.case(case_no, as_of=at(12, 29)).clock("KC")
    assert before is not None and before.provisional and before.due_on == date(2027, 1, 12)
    notice = YearSchedule(
        year=2027,
        holidays=frozenset({date(2027, 1, 1), date(2027, 1, 4)}),  # a made-up notice giving Mon 1-4 off too
        adjusted_workdays=frozenset(),
        source="国办发明电〔2026〕X号",
    )
    result = ledger.calendar_notices.publish(notice, at=at(12, 29, 12), by=ADMIN)
    assert (result.year, result.version, result.cases_redated) == (2027, 2, 1)
    history = ledger.audit.history(case_no)
    assert history[-1].type == "DueDatesRecomputed"
    after = ledger.records.case(case_no, as_of=at(12, 30)).clock("KC")
    assert after is not None and not after.provisional and after.calendar == "2026#1,2027#2"
    assert after.due_on == date(2027, 1, 13)  # one more day off moves the due date by one working day
    assert history[1].details["clocks"][0]["due"]["on"] == date(2027, 1, 12)  # the old event is unchanged
    assert ledger.calendar_notices.publish(notice, at=at(12, 29, 13), by=ADMIN).cases_redated == 0


def test_calendars_are_seeded_with_official_and_provisional_years(ledger: CaseLedger) -> None:
    schedule, version = ledger.calendars.calendar(2026)
    assert version == 1 and not schedule.provisional and date(2026, 2, 14) in schedule.adjusted_workdays
    assert ledger.calendars.calendar(2027)[0].provisional
    due = ledger.calendars.add_working_days(date(2026, 9, 30), 3)
    assert due.on == date(2026, 10, 10) and not due.provisional


def test_duplicates_and_unknown_records_get_named_errors(ledger: CaseLedger) -> None:
    set_up_centre(ledger)
    with pytest.raises(AlreadyExists):
        ledger.catalogue.register_item(item(), by=ADMIN)
    with pytest.raises(AlreadyExists):
        ledger.organisation.register_department("SJJ", "again")
    with pytest.raises(NotFound):
        ledger.records.case("NO-SUCH-CASE", as_of=at(3, 2))
    with pytest.raises(NotFound):
        ledger.people.actor("nobody")
    with pytest.raises(NotFound):
        ledger.catalogue.item_terms("NO-ITEM")


def test_a_taken_case_number_is_refused_and_an_import_is_all_or_nothing(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    first = receive(ledger, staff["w1"])
    with pytest.raises(CaseAlreadyExists):
        ledger.cases.receive(
            item_code=item().code,
            applicant=Applicant("s", "x", ID_NUMBER),
            at=at(3, 2),
            by=staff["w1"],
            channel=Channel.WINDOW,
            case_no=first.case_no,
        )
    calendar = ledger.calendars.working_days(2026)
    fresh = Case.receive(
        case_no="NEW-1",
        query_code="1",
        applicant=Applicant("s", "x", ID_NUMBER),
        item=item(),
        at=at(3, 2),
        by=staff["w1"],
        channel=Channel.WINDOW,
        calendar=calendar,
    )
    clash = Case.receive(
        case_no=first.case_no,
        query_code="1",
        applicant=Applicant("s", "x", ID_NUMBER),
        item=item(),
        at=at(3, 2),
        by=staff["w1"],
        channel=Channel.WINDOW,
        calendar=calendar,
    )
    with pytest.raises(CaseAlreadyExists):
        ledger.cases.import_cases([fresh, clash])
    assert not ledger.records.has_case("NEW-1")


def test_an_immediate_item_on_the_spot(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    case_no = receive(ledger, staff["w1"], ItemKind.IMMEDIATE).case_no
    ledger.cases.handle(case_no, DecideOnSpot(outcome=Outcome.GRANTED), at=at(3, 2, 9, 15), by=staff["w1"])
    ledger.cases.handle(case_no, Deliver(method=DeliveryMethod.E_CERTIFICATE), at=at(3, 2, 9, 20), by=staff["w1"])
    view = ledger.records.case(case_no, as_of=at(3, 2, 12))
    assert view.status == "closed" and view.clock(ClockName.KD.value) is not None


def test_the_query_code_is_derived_not_stored_and_older_codes_keep_working(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    new = receive(ledger, staff["w1"]).case_no
    code = ledger.records.query_code(new)
    assert ledger.records.public_status(new, code, as_of=at(3, 3)).case_no == new
    with pytest.raises(NotFound):
        ledger.records.public_status(new, "000000" if code != "000000" else "111111", as_of=at(3, 3))
    older = ledger.cases.receive(  # as a case received before codes were derived carries its code in the event
        item_code=item().code,
        applicant=Applicant("s", "x", ID_NUMBER),
        at=at(3, 2),
        by=staff["w1"],
        channel=Channel.WINDOW,
        query_code="424242",
    ).case_no
    assert ledger.records.public_status(older, "424242", as_of=at(3, 3)).case_no == older
    if ledger.records.query_code(older) != "424242":
        with pytest.raises(NotFound):
            ledger.records.public_status(older, ledger.records.query_code(older), as_of=at(3, 3))
    assert all("query_code" not in event.details for event in ledger.audit.history(older))
