"""Every report of the registry, run on a simulated year on each backend: its rows are what its row
type says (the REST response model), and a filter it does not honour is refused, never ignored."""

from __future__ import annotations

import typing
import uuid
from collections.abc import Iterator
from datetime import date, datetime

import psycopg
import pytest
from pydantic import TypeAdapter

from application.ledger import CaseLedger
from application.reports.filters import ReportFilters
from application.reports.registry import REPORTS
from domain.business_time import SHANGHAI
from domain.errors import InvalidValue
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.demo.working_modes import WorkingModesYear
from infrastructure.settings import Settings, persistence_env
from interface.composition import Views, build_views
from tests.application.helpers import (
    INSPECTOR,
    QUALITY,
    SIMULATED_UNTIL,
    generate_complaints,
    generate_findings,
    generate_orders,
    simulate_year,
)
from tests.conftest import STORED

TODAY = date(2026, 11, 20)
PERIOD = {"date_from": date(2026, 6, 1), "date_to": date(2026, 6, 30)}


@pytest.fixture(scope="module", params=STORED)
def year(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[CaseLedger, Views]]:
    """A simulated year on a stored backend, once per module (a year takes a while to fold)."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('year') / 'ledger.sqlite'}"
    else:
        database = request.getfixturevalue("pg_database")
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        url = f"{database}?schema={schema}"
    ledger = CaseLedger(env=persistence_env(url), calendar_source=SeedCalendarSource())
    views = build_views(Settings(database_url=url), ledger)
    centre = simulate_year(ledger, seed=5, cases=400)
    views.runner.catch_up()
    WorkingModesYear(ledger, views.reports.reader, centre, 5, SIMULATED_UNTIL).run()  # projects, pre-reviews …
    generate_orders(ledger, seed=5, count=40, until=TODAY)
    generate_complaints(ledger, seed=5, count=40, until=TODAY)
    views.runner.catch_up()
    generate_findings(ledger, views.reports.reader.case_numbers(ReportFilters()), seed=5, count=20)
    views.evaluations.publish("2026Q1", at=datetime(2026, 4, 3, 10, tzinfo=SHANGHAI), by=INSPECTOR)
    audit = views.audits.plan(
        first_day=date(2026, 4, 1), last_day=date(2026, 6, 30), criteria="ISO 9001 8.5", per_department=2, seed=1,
        at=datetime(2026, 7, 6, 10, tzinfo=SHANGHAI), by=QUALITY,
    )  # fmt: skip
    views.audits.check_sample(audit.number, at=datetime(2026, 7, 7, 10, tzinfo=SHANGHAI), by=QUALITY)
    views.runner.catch_up()
    yield ledger, views
    views.close()
    ledger.close()
    if request.param != "sqlite":
        with psycopg.connect(database, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r.name)
def test_every_row_is_its_reports_row_type(year: tuple[CaseLedger, Views], report: typing.Any) -> None:
    ledger, views = year
    calendar = ledger.calendars.working_days(TODAY.year)
    rows_type = TypeAdapter(list[report.row])  # strict: the values as they come, not coerced
    declared = set(typing.get_type_hints(report.row))
    required = report.row.__required_keys__
    seen = 0
    if report.required:
        with pytest.raises(InvalidValue, match="is read with"):
            views.reports.run(report.name, ReportFilters(), TODAY, calendar)
    periods = [ReportFilters(**PERIOD)] if "period" in report.filters else []  # the screen is of now
    for filters in (ReportFilters(), *periods):
        if not report.required <= filters.named():
            continue
        rows = views.reports.run(report.name, filters, TODAY, calendar)
        for row in rows:
            assert set(row) <= declared, f"{report.name}: undeclared columns {set(row) - declared}"
            assert required <= set(row), f"{report.name}: missing {required - set(row)}"
        rows_type.validate_python(rows, strict=True)
        seen += len(rows)
    assert seen > 0 or report.name == "capa", f"the simulated year gives the {report.name} report rows"


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r.name)
def test_a_filter_a_report_does_not_honour_is_refused(year: tuple[CaseLedger, Views], report: typing.Any) -> None:
    ledger, views = year
    calendar = ledger.calendars.working_days(TODAY.year)
    every = {
        "period": ReportFilters(**PERIOD),
        "department": ReportFilters(department="SJJ"),
        "section": ReportFilters(section="SJJ-S1"),
        "person": ReportFilters(person="SJJ-S1-HD1"),
        "group": ReportFilters(group="department"),
        "status": ReportFilters(status="in_progress"),
        "level": ReportFilters(level="red"),
        "due_before": ReportFilters(due_before=TODAY),
    }
    for name, filters in every.items():
        if name in report.filters:
            views.reports.run(report.name, filters, TODAY, calendar)
        else:
            with pytest.raises(InvalidValue, match=f"not filtered by {name}"):
                views.reports.run(report.name, filters, TODAY, calendar)


def test_every_report_reads_the_same_after_its_views_are_rebuilt(year: tuple[CaseLedger, Views]) -> None:
    """Every view is rebuildable: rebuilt from the log, in two parts, it answers each report as it did."""
    ledger, views = year
    calendar = ledger.calendars.working_days(TODAY.year)

    def answers() -> dict[str, list[dict[str, typing.Any]]]:
        return {
            r.name: views.reports.run(
                r.name, ReportFilters(**PERIOD) if r.required else ReportFilters(), TODAY, calendar
            )
            for r in REPORTS
        }

    before = answers()
    rebuild = views.runner.begin_rebuild()
    for part in range(2):
        views.runner.fold_part(rebuild, part, 2)
    assert views.runner.finish_rebuild(rebuild) == []  # none stopped
    assert answers() == before


def test_the_delay_attribution_names_the_steps_whose_budget_ran_out(year: tuple[CaseLedger, Views]) -> None:
    """What a finding rests on (责任倒查明细), from the custody intervals, names the same steps as the red step
    warnings of the register, which the watcher raised from the clocks."""
    ledger, views = year
    calendar = ledger.calendars.working_days(TODAY.year)
    held = views.reports.run("attribution", ReportFilters(), TODAY, calendar)
    warned = views.reports.run("warnings", ReportFilters(level="red"), TODAY, calendar)
    assert held and all(r["overrun_days"] > 0 and r["person_id"] for r in held)
    overrun = {(r["case_no"], r["step_index"]) for r in held}
    ran_out = {(r["case_no"], r["step_index"]) for r in warned if r["clock"] == "STEP" and r["status"] != "withdrawn"}
    assert overrun <= ran_out
