"""The register of supervision orders and its statistics equal a plain computation from the raw events
(``tests/reference_model.py``), on generated histories of orders on each stored backend."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from application.ledger import CaseLedger
from application.reports.filters import ReportFilters
from domain.business_time import SHANGHAI, legal_day
from domain.supervision.order import SupervisionOrder
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.settings import Settings, persistence_env
from interface.composition import Views, build_views
from tests.application.helpers import generate_orders
from tests.reference_model import plain_order_stats, plain_orders

TODAY = date(2026, 7, 31)


@pytest.fixture
def stored(stored_database_url: str) -> Iterator[tuple[CaseLedger, Views]]:
    ledger = CaseLedger(env=persistence_env(stored_database_url), calendar_source=SeedCalendarSource())
    views = build_views(Settings(database_url=stored_database_url), ledger)
    yield ledger, views
    views.close()
    ledger.close()


@pytest.mark.parametrize("seed", [1, 2])
def test_the_register_and_its_statistics_equal_the_reference(stored: tuple[CaseLedger, Views], seed: int) -> None:
    ledger, views = stored
    numbers = generate_orders(ledger, seed, 60)
    views.runner.catch_up()
    calendar = ledger.calendars.working_days(TODAY.year)
    events = [list(ledger.store.events.get(SupervisionOrder.id_for(n))) for n in numbers]
    expected = plain_orders(events, calendar, TODAY)
    assert {"awaiting", "overdue_without_reply", "on_time", "late"} == {o["reply"] for o in expected.values()}
    rows = views.reports.run("orders", ReportFilters(), TODAY, calendar)
    got = {r["order_no"]: {k: r[k] for k in ("status", "reply", "days_over", "reports", "finding")} for r in rows}
    assert got == expected
    assert any(r["extensions"] for r in rows), "the histories hold granted extensions"
    departments = {r["order_no"]: r["department"] for r in rows}
    stats = views.reports.run("order_stats", ReportFilters(), TODAY, calendar)
    total = stats.pop()
    assert total["department"] == "ALL" and total["opened"] == len(numbers)
    assert {s.pop("department"): s for s in stats} == plain_order_stats(expected, departments)


def test_the_register_is_filtered_by_department_and_opening(stored: tuple[CaseLedger, Views]) -> None:
    ledger, views = stored
    generate_orders(ledger, 3, 30)
    views.runner.catch_up()
    calendar = ledger.calendars.working_days(TODAY.year)
    june = ReportFilters(date_from=date(2026, 6, 1), date_to=date(2026, 6, 30), department="ZJJ")
    rows = views.reports.run("orders", june, TODAY, calendar)
    everything = views.reports.run("orders", ReportFilters(), TODAY, calendar)
    assert rows and len(rows) < len(everything)
    assert all(r["department"] == "ZJJ" and r["opened_at"][:7] == "2026-06" for r in rows)


def test_the_watcher_flags_each_order_past_its_due_date_once(stored: tuple[CaseLedger, Views]) -> None:
    ledger, views = stored
    numbers = generate_orders(ledger, 4, 40)
    now = datetime(2026, 7, 31, 12, tzinfo=SHANGHAI)
    late = set()
    for number in numbers:
        events = list(ledger.store.events.get(SupervisionOrder.id_for(number)))
        closes = [e for e in events if isinstance(e, SupervisionOrder.Closed)]
        last_day = legal_day(closes[0].occurred_at) if closes else legal_day(now)
        if last_day > events[0].due_on:
            late.add(number)
    assert late and len(late) < len(numbers)
    assert views.watcher.run_once(now) == len(late)
    assert views.watcher.run_once(now) == 0  # once
    flagged = {n for n in numbers if ledger.supervision.order(n).flagged_at is not None}
    assert flagged == late
    views.runner.catch_up()
    rows = views.reports.run("orders", ReportFilters(), now.date(), ledger.calendars.working_days(2026))
    assert {r["order_no"] for r in rows if r["flagged_at"]} == late
