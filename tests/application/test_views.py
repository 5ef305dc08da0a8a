"""Given events (recorded through the ledger's commands), then these view rows: on every backend."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from application.cases.commands import (
    Accept,
    CompleteStep,
    Decide,
    Deliver,
    EndSpecialProcedure,
    HandOff,
    ProvideSupplement,
    ReceiveHandOff,
    RequestSupplement,
    StartSpecialProcedure,
    Withdraw,
)
from application.ledger import CaseLedger
from application.reports.filters import ReportFilters
from domain.case.values import DeliveryMethod, Outcome
from domain.organisation.actors import Actor
from infrastructure.settings import Settings
from interface.composition import Views, build_views
from tests.application.helpers import receive, set_up_centre
from tests.support import at


@pytest.fixture
def views(ledger: CaseLedger, database_url: str) -> Iterator[Views]:
    built = build_views(Settings(database_url=database_url), ledger)
    yield built
    built.close()


def rows(views: Views, sql: str, **params: object) -> list[dict[str, object]]:
    return views.store.rows(sql, dict(params))


def run(views: Views, name: str, today: date, ledger: CaseLedger, **filters: object) -> list[dict[str, object]]:
    return views.reports.run(name, ReportFilters(**filters), today, ledger.calendars.working_days(today.year))  # type: ignore[arg-type]


def worked_case(ledger: CaseLedger, staff: dict[str, Actor]) -> str:
    """Received Mon 3-2; one-time notice 3-3, supplied 3-5, accepted 3-5; handler holds it 3-6..3-13
    (承办 budget 4 WD: due 3-11, two days over); an expert review 3-16..3-18; reviewer and approver
    sign; decided 3-23, delivered 3-24."""
    w, h, r, a = staff["w1"], staff["h1"], staff["r1"], staff["a1"]
    case_no = receive(ledger, w).case_no
    ledger.cases.handle(case_no, RequestSupplement(missing=("章程",), notice_no="补正-1"), at=at(3, 3), by=w)
    ledger.cases.handle(case_no, ProvideSupplement(materials=("章程",)), at=at(3, 5, 9), by=w)
    ledger.cases.handle(case_no, Accept(), at=at(3, 5, 10), by=w)
    ledger.cases.handle(case_no, HandOff(to_person_id=h.person_id), at=at(3, 5, 11), by=w)
    ledger.cases.handle(case_no, ReceiveHandOff(), at=at(3, 6, 9), by=h)
    ledger.cases.handle(case_no, CompleteStep(opinion="同意"), at=at(3, 13, 16), by=h)
    ledger.cases.handle(case_no, HandOff(to_person_id=r.person_id), at=at(3, 13, 17), by=h)
    ledger.cases.handle(case_no, ReceiveHandOff(), at=at(3, 16, 9), by=r)
    ledger.cases.handle(
        case_no,
        StartSpecialProcedure(procedure="expert_review", legal_basis="第四十五条", notice_no="告知-1", expected_days=3),
        at=at(3, 16, 10),
        by=r,
    )
    ledger.cases.handle(case_no, EndSpecialProcedure(result="通过"), at=at(3, 18, 15), by=r)
    ledger.cases.handle(case_no, CompleteStep(opinion="同意"), at=at(3, 19, 10), by=r)
    ledger.cases.handle(case_no, HandOff(to_person_id=a.person_id), at=at(3, 19, 11), by=r)
    ledger.cases.handle(case_no, ReceiveHandOff(), at=at(3, 20, 9), by=a)
    ledger.cases.handle(case_no, CompleteStep(opinion="准予"), at=at(3, 23, 9), by=a)
    ledger.cases.handle(case_no, Decide(outcome=Outcome.GRANTED), at=at(3, 23, 10), by=a)
    ledger.cases.handle(case_no, HandOff(to_person_id=w.person_id), at=at(3, 23, 11), by=a)
    ledger.cases.handle(case_no, ReceiveHandOff(), at=at(3, 24, 9), by=w)
    ledger.cases.handle(case_no, Deliver(method=DeliveryMethod.WINDOW), at=at(3, 24, 10), by=w)
    return case_no


def test_custody_buckets_and_overrun_are_attributed_by_hand(ledger: CaseLedger, views: Views) -> None:
    case_no = worked_case(ledger, set_up_centre(ledger))
    views.runner.catch_up()
    custody = rows(
        views,
        "SELECT bucket, person_id, working_days, overrun_days FROM view_custody WHERE case_no = :c ORDER BY seq",
        c=case_no,
    )
    by_bucket: dict[str, int] = {}
    for row in custody:
        key = f"{row['bucket']}:{row['person_id']}" if row["person_id"] else str(row["bucket"])
        by_bucket[key] = by_bucket.get(key, 0) + int(row["working_days"])  # type: ignore[arg-type]
    # Working days after each interval's start day through its end day (March 2026: no holidays).
    assert by_bucket == {
        "GOVT:w1": 1 + 0 + 1 + 0,  # 3-2..3-3 notice; 3-5 acceptance; 3-5..3-6 in transit to h1; delivery 3-24
        "APPLICANT": 2,  # 3-3..3-5: supplementing before acceptance is the applicant's time
        "GOVT:h1": 5 + 1,  # 3-6..3-13 in 承办; 3-13..3-16 in transit to the reviewer
        "GOVT:r1": 0 + 1 + 1,  # 3-16 until the pause; 3-18..3-19; 3-19..3-20 in transit to the approver
        "EXCLUDED:expert_review": 2,  # 3-16..3-18: Art. 45 time
        "GOVT:a1": 1 + 0 + 1,  # 3-20..3-23 in 批准; the decision; 3-23..3-24 in transit to the window
    }
    overrun = {row["person_id"]: row["overrun_days"] for row in custody if row["overrun_days"]}
    assert overrun == {"h1": 2}  # 承办 was due 3-11: 3-12 and 3-13 are the handler's overrun
    attribution = rows(
        views,
        "SELECT total_days, elapsed_days, on_time, delay_days FROM view_case_attribution WHERE case_no = :c",
        c=case_no,
    )[0]
    assert sum(by_bucket.values()) == attribution["total_days"] == 16  # 3-2 .. 3-24: 16 working days
    assert attribution["on_time"] and attribution["delay_days"] == 0  # KC due 3-19, + 2 paused days: 3-23


def test_the_case_list_follows_the_holder_and_the_dues(ledger: CaseLedger, views: Views) -> None:
    staff = set_up_centre(ledger)
    case_no = receive(ledger, staff["w1"]).case_no
    ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=staff["w1"])
    ledger.cases.handle(case_no, HandOff(to_person_id=staff["h1"].person_id), at=at(3, 2, 11), by=staff["w1"])
    views.runner.catch_up()
    row = rows(views, "SELECT * FROM view_case_list WHERE case_no = :c", c=case_no)[0]
    assert (row["status"], row["holder_id"], row["in_transit_to"], row["step_name"]) == (
        "in_progress",
        "w1",
        "h1",
        "承办",
    )
    assert (row["kc_due"], row["ks_due"], row["step_due"]) == ("2026-03-16", "2026-03-30", "2026-03-06")
    ledger.cases.handle(case_no, ReceiveHandOff(), at=at(3, 3), by=staff["h1"])
    views.runner.catch_up()
    queue = run(views, "queue", date(2026, 3, 3), ledger, person="h1")
    assert [r["case_no"] for r in queue] == [case_no]
    assert run(views, "queue", date(2026, 3, 3), ledger, person="w1") == []


def test_the_watcher_records_each_threshold_once_with_the_instant_it_was_crossed(
    ledger: CaseLedger, views: Views
) -> None:
    staff = set_up_centre(ledger)
    case_no = receive(ledger, staff["w1"]).case_no
    ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=staff["w1"])
    # KC prompt, yellow, red; the step's yellow and red; and B001 on the step's alarm, which no supervision
    # order took up by its last day (16 March)
    assert views.watcher.run_once(at(3, 20, 12)) == 6
    assert views.watcher.run_once(at(3, 20, 13)) == 0  # a restart finds nothing new
    history = {
        (e.details.get("clock"), e.details.get("level")): e
        for e in ledger.audit.history(case_no)
        if e.type in ("WarningRaised", "DeadlineBreached")
    }
    assert history[("KC", "yellow")].details["crossed_at"] == at(3, 12, 0)  # 8 of 10 WD used on 3-12
    assert history[("KC", "prompt")].details["crossed_at"] == at(3, 13, 0)
    assert history[("KC", "red")].details["crossed_at"] == at(3, 17, 0)  # due 3-16 ended at 24:00
    assert history[("STEP", "red")].details["crossed_at"] == at(3, 7, 0)  # 承办 due Fri 3-6
    views.runner.catch_up()
    warnings = run(views, "warnings", date(2026, 3, 20), ledger)
    assert sorted((w["clock"], w["level"]) for w in warnings) == sorted(history)
    assert {w["holder_id"] for w in warnings} == {"w1"}
    overdue = run(views, "overdue", date(2026, 3, 20), ledger)
    assert overdue[0]["case_no"] == case_no and overdue[0]["days_over_committed"] == 4


def test_a_second_watcher_does_not_duplicate(ledger: CaseLedger, views: Views, database_url: str) -> None:
    staff = set_up_centre(ledger)
    case_no = receive(ledger, staff["w1"]).case_no
    ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=staff["w1"])
    first = ledger.automatic.record_due_alerts(case_no, at=at(3, 12, 12), policy=views.watcher.policy)
    second = ledger.automatic.record_due_alerts(case_no, at=at(3, 12, 12), policy=views.watcher.policy)
    assert (first, second) == (3, 0)  # KC yellow, the step's yellow and red: once


def test_red_flags_for_inspectors(ledger: CaseLedger, views: Views) -> None:
    staff = set_up_centre(ledger)
    w = staff["w1"]
    late = receive(ledger, w).case_no
    ledger.automatic.deem_accepted(late, at=at(3, 10, 0, 5), by=Actor.system())
    chief = receive(ledger, w, day=3).case_no
    ledger.cases.handle(chief, Accept(), at=at(3, 3, 10), by=w)
    ledger.cases.handle(chief, HandOff(to_person_id=staff["sh"].person_id), at=at(3, 3, 11), by=w)
    ledger.cases.handle(chief, ReceiveHandOff(), at=at(3, 3, 12), by=staff["sh"])
    ledger.cases.handle(chief, CompleteStep(opinion="同意"), at=at(3, 3, 13), by=staff["sh"])  # as handler
    ledger.cases.handle(chief, CompleteStep(opinion="同意"), at=at(3, 3, 14), by=staff["sh"])  # and as reviewer
    views.runner.catch_up()
    flags = {(f["case_no"], f["flag"]) for f in run(views, "redflags", date(2026, 3, 20), ledger)}
    assert flags == {(late, "deemed_acceptance"), (chief, "same_signer")}


def test_responsibility_totals_add_up_to_the_custody(ledger: CaseLedger, views: Views) -> None:
    staff = set_up_centre(ledger)
    case_no = worked_case(ledger, staff)
    views.runner.catch_up()
    people = {r["person_id"]: r for r in run(views, "responsibility", date(2026, 3, 31), ledger)}
    assert people["h1"]["overrun_working_days"] == 2 and people["h1"]["overrun_steps"] == 1
    assert people["h1"]["on_time_pct"] == 100.0
    total = sum(int(r["working_days_held"]) for r in people.values())
    assert total == 16 - 2 - 2  # the applicant's and the expert review's days belong to no one of staff
    departments = run(views, "responsibility", date(2026, 3, 31), ledger, group="department")
    assert [(d["department"], d["working_days_held"]) for d in departments] == [("SJJ", total)]
    assert case_no


def test_the_queue_filters_by_status_warning_level_and_due_date(ledger: CaseLedger, views: Views) -> None:
    staff = set_up_centre(ledger)
    early = receive(ledger, staff["w1"]).case_no
    ledger.cases.handle(early, Accept(), at=at(3, 2, 10), by=staff["w1"])
    later = receive(ledger, staff["w1"], day=9).case_no
    ledger.automatic.record_due_alerts(early, at=at(3, 13, 9), policy=views.watcher.policy)
    views.runner.catch_up()
    today = date(2026, 3, 13)
    assert [r["case_no"] for r in run(views, "queue", today, ledger, status="received")] == [later]
    assert [r["case_no"] for r in run(views, "queue", today, ledger, level="yellow")] == [early]  # above the prompt
    assert [r["case_no"] for r in run(views, "queue", today, ledger, due_before=date(2026, 3, 16))] == [early]
    assert {w["level"] for w in run(views, "warnings", today, ledger, level="yellow")} == {"yellow"}


def test_warning_thresholds_are_configuration(ledger: CaseLedger) -> None:
    from domain.case.alerts import WarningPolicy

    staff = set_up_centre(ledger)
    case_no = receive(ledger, staff["w1"]).case_no
    ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=staff["w1"])
    assert (
        ledger.automatic.record_due_alerts(
            case_no, at=at(3, 9, 12), policy=WarningPolicy(prompt_days=1, yellow_ratio=0.5)
        )
        == 3
    )
    levels = {
        (e.details["clock"], e.details["level"]) for e in ledger.audit.history(case_no) if e.type == "WarningRaised"
    }
    assert ("KC", "yellow") in levels  # half of 10 WD used by 3-9, where the default 4/5 would wait for 3-12


def test_the_watcher_records_what_a_case_crossed_before_it_ended_unseen(
    ledger: CaseLedger, views: Views, database_url: str
) -> None:
    """Given a case withdrawn on 10 March, its first step (due 6 March) overrun and no watcher pass since
    acceptance, when the watcher passes (a running one, or one just started), then the step's warnings
    are recorded with their true instants and cleared by the withdrawal."""
    staff = set_up_centre(ledger)
    case_no = receive(ledger, staff["w1"]).case_no
    ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=staff["w1"])
    views.watcher.run_once(at(3, 2, 11))  # a running watcher: nothing due yet
    ledger.cases.handle(case_no, Withdraw(reason="申请人撤回"), at=at(3, 10, 9), by=staff["w1"])
    views.watcher.run_once(at(3, 10, 10))  # the case ended since its last pass
    other = receive(ledger, staff["w1"]).case_no  # a case ended before a watcher started
    ledger.cases.handle(other, Accept(), at=at(3, 2, 10), by=staff["w1"])
    ledger.cases.handle(other, Withdraw(reason="申请人撤回"), at=at(3, 10, 9), by=staff["w1"])
    started = build_views(Settings(database_url=database_url), ledger)
    try:
        started.watcher.run_once(at(3, 10, 11))
    finally:
        started.close()
    views.runner.catch_up()
    for number in (case_no, other):
        rows = views.store.rows("SELECT * FROM view_warnings WHERE case_no = :c AND clock = 'STEP'", {"c": number})
        got = {(r["level"], r["status"], r["cause"]) for r in rows}
        assert got == {("yellow", "superseded", "superseded:STEP:0:red"), ("red", "cleared", "Withdrawn")}
