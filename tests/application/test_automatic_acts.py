"""The law's automatic acts, recorded by the deadline watcher exactly once and dated when the period lapsed:
deemed acceptance (Art. 32(4)) and a co-department's deemed consent (超时默许)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from application.cases.commands import Accept, CompleteStep, GiveOpinion, HandOff, ReceiveHandOff, RequestSupplement
from application.ledger import CaseLedger
from domain.case.errors import NoticePeriodLapsed
from domain.case.values import OpinionKind
from domain.catalogue.terms import ItemKind
from domain.clocks import ClockName
from domain.organisation.actors import Role
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.settings import Settings, persistence_env
from interface.composition import Views, build_views
from tests.application.helpers import ADMIN, receive, set_up_centre
from tests.support import CO_DEPTS, at, item


@pytest.fixture
def views(ledger: CaseLedger, database_url: str) -> Iterator[Views]:
    built = build_views(Settings(database_url=database_url), ledger)
    yield built
    built.close()


def events(ledger: CaseLedger, case_no: str, kind: str) -> list[object]:
    return [e for e in ledger.audit.history(case_no) if e.type == kind]


def test_a_case_left_without_a_notice_is_deemed_accepted_when_k0_lapsed(ledger: CaseLedger, views: Views) -> None:
    # Given a case received Mon 3-2 and left: K0's 5th working day is Mon 3-9, lapsing at 24:00
    staff = set_up_centre(ledger)
    case_no = receive(ledger, staff["w1"]).case_no
    # When the watcher runs days later
    views.watcher.run_once(at(3, 12, 15))
    # Then one DeemedAccepted, dated the lapse, with KC and KS counted from the receipt day
    [deemed] = events(ledger, case_no, "DeemedAccepted")
    assert deemed.occurred_at == at(3, 10, 0)  # type: ignore[attr-defined]
    view = ledger.records.case(case_no, as_of=at(3, 12, 15))
    assert view.status == "in_progress" and view.deemed_accepted
    kc = next(c for c in view.clocks if c.name is ClockName.KC)
    assert kc.started_on.isoformat() == "2026-03-02"
    views.watcher.run_once(at(3, 13, 9))
    assert len(events(ledger, case_no, "DeemedAccepted")) == 1  # exactly once
    # And a clerk's late acceptance is refused, saying the case was deemed accepted
    with pytest.raises(NoticePeriodLapsed, match="deemed accepted"):
        ledger.cases.handle(case_no, Accept(), at=at(3, 13, 10), by=staff["w1"])


def test_a_case_with_a_notice_in_time_is_never_deemed_accepted(ledger: CaseLedger, views: Views) -> None:
    staff = set_up_centre(ledger)
    case_no = receive(ledger, staff["w1"]).case_no
    ledger.cases.handle(case_no, RequestSupplement(missing=("章程",), notice_no="补正-1"), at=at(3, 4), by=staff["w1"])
    views.watcher.run_once(at(3, 20, 12))
    assert events(ledger, case_no, "DeemedAccepted") == []


def test_two_watchers_at_once_deem_acceptance_once(stored_database_url: str) -> None:
    env = persistence_env(stored_database_url)
    ledgers = [CaseLedger(env=env, calendar_source=SeedCalendarSource()) for _ in range(2)]
    views = [build_views(Settings(database_url=stored_database_url), ledger) for ledger in ledgers]
    try:
        staff = set_up_centre(ledgers[0])
        cases = [receive(ledgers[0], staff["w1"], day=2).case_no for _ in range(5)]
        barrier = threading.Barrier(2)

        def watch(v: Views) -> None:
            barrier.wait()
            v.watcher.run_once(at(3, 12, 15))

        threads = [threading.Thread(target=watch, args=(v,)) for v in views]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for case_no in cases:
            assert len(events(ledgers[0], case_no, "DeemedAccepted")) == 1
    finally:
        for v in views:
            v.close()
        for ledger in ledgers:
            ledger.close()


def test_a_silent_co_department_is_deemed_to_consent_when_its_period_ran_out(ledger: CaseLedger, views: Views) -> None:
    # Given a joint case accepted Mon 3-2; ZJJ answers, SHJJ stays silent past its 7 working days (3-11)
    staff = set_up_centre(ledger)
    for code in CO_DEPTS:
        ledger.organisation.register_department(code, code)
    ledger.catalogue.register_item(item(ItemKind.JOINT), by=ADMIN)
    ledger.people.register_person("zjj", "ZJJ", Role.REVIEWER, CO_DEPTS[0])
    case_no = receive(ledger, staff["w1"], ItemKind.JOINT).case_no
    ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=staff["w1"])
    ledger.cases.handle(
        case_no,
        GiveOpinion(co_department=CO_DEPTS[0], opinion=OpinionKind.AGREE, reasons=""),
        at=at(3, 4),
        by=ledger.people.actor("zjj"),
    )
    ledger.cases.handle(
        case_no, HandOff(to_person_id=staff["h1"].person_id), at=at(3, 12, 9), by=staff["w1"]
    )  # acts go on after the lapse
    # When the watcher runs after that
    views.watcher.run_once(at(3, 13, 12))
    # Then SHJJ's consent is deemed, once, dated the lapse, though acts were recorded after that instant
    [deemed] = events(ledger, case_no, "ConsentDeemed")
    assert deemed.details["co_department"] == CO_DEPTS[1]  # type: ignore[attr-defined]
    assert deemed.occurred_at == at(3, 12, 0)  # type: ignore[attr-defined]
    views.watcher.run_once(at(3, 14, 12))
    assert len(events(ledger, case_no, "ConsentDeemed")) == 1
    # And later human acts are still ordered after the last human act
    ledger.cases.handle(case_no, ReceiveHandOff(), at=at(3, 13, 13), by=staff["h1"])


def test_step_warnings_name_only_steps_that_exist_and_the_late_last_step_gets_its_own(
    ledger: CaseLedger, views: Views
) -> None:
    # Given a case whose three steps were signed, the last (批准, 2 WD) late, before any watcher ran
    staff = set_up_centre(ledger)
    w, h, r, a = staff["w1"], staff["h1"], staff["r1"], staff["a1"]
    case_no = receive(ledger, w).case_no
    ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=w)
    ledger.cases.handle(case_no, HandOff(to_person_id=h.person_id), at=at(3, 2, 11), by=w)
    ledger.cases.handle(case_no, ReceiveHandOff(), at=at(3, 2, 12), by=h)
    ledger.cases.handle(case_no, CompleteStep(opinion="同意"), at=at(3, 3, 10), by=h)
    ledger.cases.handle(case_no, HandOff(to_person_id=r.person_id), at=at(3, 3, 11), by=h)
    ledger.cases.handle(case_no, ReceiveHandOff(), at=at(3, 3, 12), by=r)
    ledger.cases.handle(case_no, CompleteStep(opinion="同意"), at=at(3, 4, 10), by=r)
    ledger.cases.handle(case_no, HandOff(to_person_id=a.person_id), at=at(3, 4, 11), by=r)
    ledger.cases.handle(case_no, ReceiveHandOff(), at=at(3, 4, 12), by=a)
    ledger.cases.handle(case_no, CompleteStep(opinion="准予"), at=at(3, 11, 10), by=a)  # budget ended Fri 3-6
    # When the watcher runs afterwards
    views.watcher.run_once(at(3, 11, 12))
    # Then the step warnings name the approve step (index 2), never an index past the last step
    steps = {
        (e.details["step_index"], e.details["level"])  # type: ignore[attr-defined]
        for e in ledger.audit.history(case_no)
        if e.type in ("WarningRaised", "DeadlineBreached") and e.details.get("clock") == "STEP"  # type: ignore[attr-defined]
    }
    assert steps == {(2, "yellow"), (2, "red")}
