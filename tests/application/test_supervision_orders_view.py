"""The register of supervision orders and its statistics equal a plain computation from the raw events
(``tests/reference_model.py``), on generated histories of orders on each stored backend."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from application.ledger import CaseLedger
from application.reports.filters import ReportFilters
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
