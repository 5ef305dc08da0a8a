"""Views and reports equal the reference model (tests/reference_model.py) over a simulated year.

The warnings register (every warning, its run, due date, state, when it ended and why), the
nonconformity register and the KPI counts are derived a second time from each case's raw events and
the calendar, and must be the same, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from itertools import chain, islice
from typing import Any

import pytest

from application.ledger import CaseLedger
from application.reports.filters import ReportFilters
from domain.business_time import SHANGHAI
from domain.case.aggregate import Case
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.demo.centre import load_centre
from infrastructure.demo.simulation import Simulator
from infrastructure.settings import Settings, persistence_env
from interface.composition import Views, build_views
from tests.reference_model import Expected, PlainCase, plain_kpi_report, plain_nonconformities, plain_overdue

UNTIL = datetime(2026, 11, 20, 18, 0, tzinfo=SHANGHAI)


def instant(value: Any) -> datetime | None:
    if value is None:
        return None
    found = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return found.astimezone(SHANGHAI)


def day(value: Any) -> date | None:
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


def events_of(ledger: CaseLedger, case_no: str) -> list[Any]:
    return list(ledger.store.events.get(Case.id_for(case_no)))


def register(views: Views) -> dict[tuple[str, str], Expected]:
    """The warnings register as the view holds it, withdrawn rows left out, keyed like the reference."""
    found: dict[tuple[str, str], Expected] = {}
    for row in views.store.rows("SELECT * FROM view_warnings WHERE status <> 'withdrawn'", {}):
        warning = Expected(
            row["case_no"],
            row["clock"],
            row["step_index"],
            row["level"],
            row["run"],
            instant(row["crossed_at"]),  # type: ignore[arg-type]
            day(row["due_on"]),  # type: ignore[arg-type]
            row["status"],
            instant(row["cleared_at"]),
            row["cause"],
        )
        found[(warning.case_no, warning.key)] = warning
    return found


def assert_equal_to_reference(
    ledger: CaseLedger,
    views: Views,
    cases: dict[str, datetime],
    today: datetime,
    periods: tuple[tuple[date, date], ...] = (),
) -> None:
    """The views of ``cases`` (each as of the watcher's last pass over it) equal the reference, and so
    does the overdue report over each of ``periods``; the views hold no other case."""
    calendar = ledger.calendars.working_days(today.year)
    plain: list[PlainCase] = []
    expected: dict[tuple[str, str], Expected] = {}
    nonconformities: dict[str, datetime] = {}
    for case_no, as_of in cases.items():
        events = events_of(ledger, case_no)
        case = PlainCase(events, calendar)
        plain.append(case)
        warnings = case.warnings(as_of)
        expected |= {(w.case_no, w.key): w for w in warnings}
        nonconformities |= plain_nonconformities(events, warnings)
    got = register(views)
    assert set(got) == set(expected), "the same warnings"
    differing = [(got[k], expected[k]) for k in expected if got[k] != expected[k]]
    assert not differing, f"{len(differing)} warnings differ, e.g. {differing[:3]}"
    rows = views.reports.run("nonconformities", ReportFilters(), today.date(), calendar)
    assert {r["nc_id"]: instant(r["raised_at"]) for r in rows} == nonconformities
    kpi = views.reports.run("kpi", ReportFilters(), today.date(), calendar)
    reported = {r.pop("group"): r for r in kpi}
    reported.pop("ALL")
    assert reported == plain_kpi_report(plain)
    for first, last in periods:
        overdue = views.reports.run("overdue", ReportFilters(date_from=first, date_to=last), today.date(), calendar)
        columns = ("days_over_committed", "days_over_statutory", "step_days_over", "delivery_days_over")
        watched = list(zip(plain, cases.values(), strict=True))
        assert {r["case_no"]: {c: r[c] for c in columns} for r in overdue} == plain_overdue(
            watched, first, last, today.date()
        )


@pytest.fixture
def stored_ledger(stored_database_url: str) -> Iterator[tuple[CaseLedger, Views]]:
    ledger = CaseLedger(env=persistence_env(stored_database_url), calendar_source=SeedCalendarSource())
    views = build_views(Settings(database_url=stored_database_url), ledger)
    yield ledger, views
    views.close()
    ledger.close()


def test_a_simulated_year_equals_the_reference(stored_ledger: tuple[CaseLedger, Views]) -> None:
    ledger, views = stored_ledger
    centre = load_centre(ledger, seed=17)
    calendar = ledger.calendars.working_days(2026)
    year = Simulator(centre, calendar, seed=17, until=UNTIL).cases(600)
    # and the last month's cases, of which some are still open, warned, at the year's end
    recent = Simulator(centre, calendar, seed=18, until=UNTIL, received_days=30).cases(80, case_no_prefix="R")
    cases = chain(year, recent)
    case_nos: list[str] = []
    while batch := list(islice(cases, 200)):
        ledger.cases.import_cases(batch)
        case_nos += [c.case_no for c in batch]
    views.runner.catch_up()
    warnings = register(views)
    statuses = {w.status for w in warnings.values()}
    assert {"open", "cleared", "superseded"} <= statuses, "the year holds warnings in every state"
    assert len(warnings) > 200
    periods = ((date(2026, 6, 1), date(2026, 6, 30)), (date(2025, 11, 1), date(2026, 11, 20)))
    assert_equal_to_reference(ledger, views, dict.fromkeys(case_nos, UNTIL), UNTIL, periods)


def test_green_channel_permits_with_joined_steps_equal_the_reference(stored_ledger: tuple[CaseLedger, Views]) -> None:
    """Permits of a green-channel project, their steps signed jointly, in every view the reference checks."""
    ledger, views = stored_ledger
    centre = load_centre(ledger, seed=23)
    simulator = Simulator(centre, ledger.calendars.working_days(2026), seed=23, until=UNTIL)
    stepped = [i for i in centre.items if len(i.steps) >= 2 and not i.co_departments]
    cases = [
        simulator.run(n, datetime(2026, 3 + n % 8, 2 + n % 20, 9, tzinfo=SHANGHAI), "GC", stepped[n % len(stepped)],
                      green_channel="2026-510116-04-01-000123")
        for n in range(80)
    ]  # fmt: skip
    ledger.cases.import_cases(cases)
    views.runner.catch_up()
    assert simulator.joint_reviews > 60 and all(c.green_channel for c in cases)
    assert sum(1 for c in cases if c.steps_complete) > 60
    assert_equal_to_reference(ledger, views, {c.case_no: UNTIL for c in cases}, UNTIL)
