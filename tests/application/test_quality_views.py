"""Given events, then the ISO 9001 rows: KPI facts and rates, nonconformities, CAPA, the catalogue report."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from itertools import islice

import pytest

from application.cases.commands import Accept, DecideOnSpot, Deliver
from application.ledger import CaseLedger
from application.reports.filters import ReportFilters
from domain.business_time import SHANGHAI
from domain.case.alerts import WarningPolicy
from domain.case.values import DeliveryMethod, Outcome
from domain.catalogue.terms import ItemKind
from domain.clocks import TimeLimit
from domain.organisation.actors import Actor, Role
from domain.quality import kpis
from infrastructure.demo.centre import load_centre
from infrastructure.demo.simulation import Simulator
from infrastructure.demo.summary import DemoSummary
from infrastructure.settings import Settings
from interface.composition import Views, build_views
from tests.application.helpers import ADMIN, receive, set_up_centre
from tests.application.test_views import worked_case
from tests.support import at, item

QM = Actor("qm", "质量主管", Role.QUALITY_MANAGER, "CENTRE")


@pytest.fixture
def views(ledger: CaseLedger, database_url: str) -> Iterator[Views]:
    built = build_views(Settings(database_url=database_url), ledger)
    yield built
    built.close()


def report(views: Views, ledger: CaseLedger, name: str, **filters: object) -> list[dict[str, object]]:
    today = date(2026, 3, 31)
    return views.reports.run(name, ReportFilters(**filters), today, ledger.calendars.working_days(2026))  # type: ignore[arg-type]


def test_kpi_facts_and_rates(ledger: CaseLedger, views: Views) -> None:
    staff = set_up_centre(ledger)
    worked = worked_case(ledger, staff)  # accepted 3-5, decided 3-23: 12 WD less 2 paused = 10 of 10 committed
    immediate = receive(ledger, staff["w1"], ItemKind.IMMEDIATE, day=3).case_no
    ledger.cases.handle(immediate, DecideOnSpot(outcome=Outcome.GRANTED), at=at(3, 3, 9, 10), by=staff["w1"])
    ledger.cases.handle(immediate, Deliver(method=DeliveryMethod.WINDOW), at=at(3, 3, 9, 20), by=staff["w1"])
    ledger.cases.rate(immediate, stars=2, comment="态度差", at=at(3, 3, 10), by=Actor.applicant("subject-1"))
    open_case = receive(ledger, staff["w1"], day=4).case_no
    views.runner.catch_up()
    facts = {r["case_no"]: r for r in views.store.rows("SELECT * FROM view_kpi_facts", {})}
    worked_facts = facts[worked]
    assert (worked_facts["wd_used"], bool(worked_facts["on_time"]), bool(worked_facts["early"])) == (10, True, False)
    assert worked_facts["compressed"] == 20 - 10  # days compressed against the statutory limit
    assert bool(facts[immediate]["immediate"]) and facts[open_case]["concluded_at"] is None
    [department, total] = report(views, ledger, "kpi")
    assert department["group"] == "SJJ" and total["group"] == "ALL"
    assert (total["received"], total["concluded"], total["immediate_rate_pct"], total["on_time_rate_pct"]) == (
        3,
        2,
        50.0,
        100.0,
    )
    assert (total["rated"], total["negative_rating_pct"]) == (1, 100.0)


def test_nonconformities_come_from_breaches_and_red_flags_and_link_to_corrective_actions(
    ledger: CaseLedger, views: Views
) -> None:
    staff = set_up_centre(ledger)
    late = receive(ledger, staff["w1"]).case_no
    ledger.cases.handle(late, Accept(), at=at(3, 2, 10), by=staff["w1"])
    ledger.automatic.record_due_alerts(late, at=at(3, 20), policy=WarningPolicy())
    views.runner.catch_up()
    ncs = report(views, ledger, "nonconformities")
    assert {(n["source"], n["case_no"]) for n in ncs} == {("overdue", late)}
    assert {n["description"] for n in ncs} == {"KC red (due 2026-03-16)", "STEP red (due 2026-03-06)"}
    capa_id = ledger.quality.raise_corrective_action(
        title="承办超时", nonconformities=(str(ncs[0]["nc_id"]),), at=at(3, 21), by=QM, register=views.reports
    )
    ledger.quality.record_root_cause(capa_id, root_cause="窗口人员不足", at=at(3, 22), by=QM)
    views.runner.catch_up()
    linked = {n["nc_id"]: n["capa_id"] for n in report(views, ledger, "nonconformities")}
    assert linked[ncs[0]["nc_id"]] == capa_id
    [capa] = report(views, ledger, "capa")
    assert (capa["capa_id"], capa["status"], capa["root_cause"]) == (capa_id, "root_cause_found", "窗口人员不足")


def test_the_catalogue_report_counts_the_reform(ledger: CaseLedger, views: Views) -> None:
    set_up_centre(ledger)
    ledger.catalogue.shorten_item_limit(item().code, TimeLimit(9), reason="压缩", by=ADMIN)
    ledger.catalogue.turn_item_immediate(item().code, reason="即办", by=ADMIN)
    views.runner.catch_up()
    rows = report(views, ledger, "catalogue")
    assert rows[-1] == {
        "department": "ALL",
        "items": 3,
        "immediate_items": 2,
        "turned_immediate": 1,
        "limits_shortened": 1,
        "items_optimised": 1,  # the same item, shortened then turned immediate
        "working_days_cut": 1 + 9,
    }


def test_the_demo_summary_and_the_kpi_report_give_one_on_time_and_one_early_rate(
    ledger: CaseLedger, database_url: str
) -> None:
    """One definition of each KPI (domain/quality/kpis.py): the simulated year's summary and the report agree."""
    views = build_views(Settings(database_url=database_url), ledger)
    try:
        centre = load_centre(ledger, seed=11)
        until = datetime(2026, 11, 20, 18, 0, tzinfo=SHANGHAI)
        calendar = ledger.calendars.working_days(2026)
        summary = DemoSummary()
        cases = Simulator(centre, calendar, seed=11, until=until).cases(300)
        while batch := list(islice(cases, 100)):
            ledger.cases.import_cases(batch)
            for case in batch:
                summary.add(case, calendar)
        views.runner.catch_up()
        total = views.reports.run("kpi", ReportFilters(), date(2026, 11, 20), calendar)[-1]
        assert total["group"] == "ALL" and summary.concluded == total["concluded"] > 100
        assert kpis.rate(summary.on_time, summary.concluded) == total["on_time_rate_pct"]
        assert kpis.rate(summary.early, summary.clocked) == total["early_rate_pct"]
        # The trend counts every month in one pass; each month equals the kpi report read for that month
        # alone, and the department filter groups by item as the kpi report does.
        today = date(2026, 11, 20)
        for department in (None, centre.items[0].department):
            scoped = ReportFilters(department=department)
            trend = views.reports.run("kpi_trend", scoped, today, calendar)
            months = ["2025-12"] + [f"2026-{m:02d}" for m in range(1, 12)]  # the last twelve, this one included
            assert {row["month"] for row in trend} <= set(months) and trend
            for month in months:
                first = date(int(month[:4]), int(month[5:]), 1)
                last = date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(days=1)
                alone = ReportFilters(department=department, date_from=first, date_to=min(last, today))
                expected = views.reports.run("kpi", alone, today, calendar)
                shown = [{k: v for k, v in row.items() if k != "month"} for row in trend if row["month"] == month]
                assert shown == [{k: row[k] for k in shown[0]} for row in expected] if shown else not expected
    finally:
        views.close()


def test_a_statutory_breach_and_its_red_flag_are_one_nonconformity_with_both_sources(
    ledger: CaseLedger, views: Views
) -> None:
    staff = set_up_centre(ledger)
    late = receive(ledger, staff["w1"]).case_no
    ledger.cases.handle(late, Accept(), at=at(3, 2, 10), by=staff["w1"])
    ledger.automatic.record_due_alerts(late, at=at(4, 30), policy=WarningPolicy())  # KS (20 WD) ran out on 30 March
    views.runner.catch_up()
    assert [f["flag"] for f in report(views, ledger, "redflags")] == ["statutory_breach"]
    ncs = {n["nc_id"]: n for n in report(views, ledger, "nonconformities")}
    assert set(ncs) == {f"NC-{late}-KC-red--1", f"NC-{late}-STEP-red-0", f"NC-{late}-KS-statutory_breach--1"}
    assert ncs[f"NC-{late}-KS-statutory_breach--1"]["sources"] == "S01 KS statutory_breach; red flag statutory_breach"
