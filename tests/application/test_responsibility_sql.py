"""The responsibility report, aggregated in SQL, agrees with a plain count over every custody interval."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from itertools import islice
from typing import Any

import pytest

from application.ledger import CaseLedger
from application.projections.responsibility import GROUP_KEYS
from application.reports.filters import ReportFilters
from application.reports.folds import working_days_of
from domain.business_time import SHANGHAI
from infrastructure.demo.centre import load_centre
from infrastructure.demo.simulation import Simulator
from infrastructure.settings import Settings
from infrastructure.views.reports import _whole_year as whole_year
from interface.composition import Views, build_views

TODAY = date(2026, 11, 20)


@pytest.fixture
def views(ledger: CaseLedger, database_url: str) -> Iterator[Views]:
    views = build_views(Settings(database_url=database_url), ledger)
    yield views
    views.close()


# Every custody interval with its case's facts taken from where they were first recorded (the case's
# attribution and list rows), not from the copies the report reads.
CUSTODY = """SELECT c.case_no, c.seq, c.bucket, c.person_id, c.person_name, c.section, c.department,
    c.step_index, c.step_due, c.from_at, c.working_days, c.overrun_days, a.day_zero, a.concluded_at, a.on_time,
    l.rating
    FROM view_custody c JOIN view_case_attribution a ON a.case_no = c.case_no
    JOIN view_case_list l ON l.case_no = c.case_no
    WHERE {where} ORDER BY c.case_no, c.seq"""


def custody_intervals(views: Views, since: date | None, before: date | None = None) -> list[dict[str, Any]]:
    if since is None:
        return views.store.rows(CUSTODY.format(where="1 = 1"), {})
    if before is None:
        return views.store.rows(CUSTODY.format(where="c.from_at >= :since"), {"since": since})
    where = "c.from_at >= :since AND c.from_at < :before"
    return views.store.rows(CUSTODY.format(where=where), {"since": since, "before": before})


def plain_count(rows: list[dict[str, Any]], group: str, ledger: CaseLedger) -> dict[tuple[str, ...], dict[str, Any]]:
    """The oracle: every custody interval of the bucket GOVT, counted one by one in Python."""
    calendar = ledger.calendars.working_days(TODAY.year)
    sets: dict[tuple[str, ...], dict[str, Any]] = defaultdict(
        lambda: (
            {"cases": set(), "days": 0, "over": 0, "steps": set(), "concluded": set(), "on_time": set()}
            | {"negative": set()}
        )
    )
    for row in rows:
        if row["bucket"] != "GOVT":
            continue
        total = sets[tuple(row[k] or "" for k in GROUP_KEYS[group])]
        days, overrun = working_days_of(row, TODAY, calendar)
        total["cases"].add(row["case_no"])
        total["days"] += days
        total["over"] += overrun
        if overrun:
            total["steps"].add((row["case_no"], row["step_index"]))
        if row["concluded_at"] is not None:
            total["concluded"].add(row["case_no"])
            if row["on_time"]:
                total["on_time"].add(row["case_no"])
        if row["rating"] is not None and row["rating"] <= 2:
            total["negative"].add(row["case_no"])
    return {
        key: {
            "cases_held": len(t["cases"]),
            "working_days_held": t["days"],
            "overrun_working_days": t["over"],
            "overrun_steps": len(t["steps"]),
            "on_time_pct": round(100 * len(t["on_time"]) / len(t["concluded"]), 1) if t["concluded"] else None,
            "negative_ratings": len(t["negative"]),
        }
        for key, t in sets.items()
    }


def simulate_a_year(ledger: CaseLedger, views: Views) -> None:
    """250 cases received in the year to 20 November 2026 (so from late 2025), the views caught up."""
    centre = load_centre(ledger, seed=3)
    until = datetime(2026, 11, 20, 18, 0, tzinfo=SHANGHAI)
    cases = Simulator(centre, ledger.calendars.working_days(2026), seed=3, until=until).cases(250)
    while batch := list(islice(cases, 200)):
        ledger.cases.import_cases(batch)
    views.runner.catch_up()


def totals(views: Views, ledger: CaseLedger, filters: ReportFilters) -> dict[tuple[str, ...], dict[str, Any]]:
    report = views.reports.run("responsibility", filters, TODAY, ledger.calendars.working_days(TODAY.year))
    return {tuple(r[k] or "" for k in GROUP_KEYS[filters.group]): r for r in report}


@pytest.mark.parametrize("group", ["person", "section", "department"])
def test_sql_totals_equal_a_plain_count_over_a_simulated_year(ledger: CaseLedger, views: Views, group: str) -> None:
    simulate_a_year(ledger, views)
    for filters in (ReportFilters(group=group), ReportFilters(group=group, date_from=date(2026, 6, 1))):
        report = views.reports.run("responsibility", filters, TODAY, ledger.calendars.working_days(TODAY.year))
        expected = plain_count(custody_intervals(views, filters.date_from), group, ledger)
        got = {
            tuple(r[k] or "" for k in GROUP_KEYS[group]): {k: r[k] for k in next(iter(expected.values()))}
            for r in report
        }
        assert got == expected
        assert views.reports.reader.responsibility(filters, group)[1]  # running intervals, counted up to today
        assert any(t["overrun_steps"] for t in expected.values())  # the data has overruns to count
        assert any(t["on_time_pct"] not in (None, 100.0) for t in expected.values())
        assert any(t["negative_ratings"] for t in expected.values())


@pytest.mark.parametrize("group", ["person", "section", "department"])
def test_the_kept_year_totals_equal_a_plain_count(ledger: CaseLedger, views: Views, group: str) -> None:
    simulate_a_year(ledger, views)
    for year in (2025, 2026):
        whole = ReportFilters(group=group, date_from=date(year, 1, 1), date_to=date(year, 12, 31))
        assert whole_year(whole, group) == year  # read from the kept totals
        expected = plain_count(custody_intervals(views, date(year, 1, 1), date(year + 1, 1, 1)), group, ledger)
        got = totals(views, ledger, whole)
        assert {k: {name: r[name] for name in next(iter(expected.values()))} for k, r in got.items()} == expected
    assert any(t["overrun_steps"] for t in expected.values())
    assert any(t["negative_ratings"] for t in expected.values())
    # Narrowed to a department or section, the kept totals answer as the intervals do (the data end on
    # 20 November, so a period to 30 December holds the same intervals but is summed from them).
    some = next(iter(got.values()))
    narrowings = [{"department": some["department"]}] + (
        [{"section": some["section"]}] if group != "department" else []
    )
    for narrowed in narrowings:
        whole = ReportFilters(group=group, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31), **narrowed)
        summed = ReportFilters(group=group, date_from=date(2026, 1, 1), date_to=date(2026, 12, 30), **narrowed)
        assert whole_year(whole, group) == 2026
        assert whole_year(summed, group) is None
        assert totals(views, ledger, whole) == totals(views, ledger, summed)
        assert 0 < len(totals(views, ledger, whole)) < len(got) or group == "department"


def plain_warning_counts(views: Views, year: int, group: str, **narrowed: str) -> dict[tuple[str, ...], int]:
    """The oracle: every row of the warnings register crossed in the year, counted one by one."""
    column = {"person": "holder_id", "section": "section", "department": "department"}[group]
    counts: dict[tuple[str, ...], int] = defaultdict(int)
    for row in views.store.rows("SELECT * FROM view_warnings WHERE status <> 'withdrawn'", {}):
        crossed = row["crossed_at"]
        crossed = crossed if isinstance(crossed, str) else crossed.astimezone(SHANGHAI).isoformat()
        if crossed.startswith(str(year)) and all(row[c] == v for c, v in narrowed.items()):
            counts[(row[column] or "",)] += 1
    return dict(counts)


@pytest.mark.parametrize("group", ["person", "section", "department"])
def test_the_kept_warning_counts_equal_a_plain_count(ledger: CaseLedger, views: Views, group: str) -> None:
    simulate_a_year(ledger, views)
    warnings = views.store.rows("SELECT department, section, holder_id FROM view_warnings", {})
    sectioned = [w for w in warnings if w["section"]]  # (a filter of None is no filter: narrow by a real section)
    some = sectioned[len(sectioned) // 2]
    narrowings: list[dict[str, str]] = [{}, {"department": some["department"]}, {"section": some["section"]}]
    narrowings.append({"holder_id": some["holder_id"]})
    for year in (2025, 2026):
        for narrowed in narrowings:
            filters = ReportFilters(
                group=group,
                date_from=date(year, 1, 1),
                date_to=date(year, 12, 31),
                department=narrowed.get("department"),
                section=narrowed.get("section"),
                person=narrowed.get("holder_id"),
            )
            kept = views.reports.reader.warning_counts(filters, group)
            assert kept == plain_warning_counts(views, year, group, **narrowed)
            # as the register counts them over a period that is not a whole year but holds the same data
            # (they run from late November 2025 to 20 November 2026: none on 1 January 2025 or 31 December 2026)
            summed = (
                replace(filters, date_from=date(year, 1, 2))
                if year == 2025
                else replace(filters, date_to=date(year, 12, 30))
            )
            assert kept == views.reports.reader.warning_counts(summed, group)
    assert sum(plain_warning_counts(views, 2026, group).values()) > 20  # the year has warnings to count


def test_the_warnings_report_reads_in_one_order_after_catching_up_and_after_a_rebuild(
    ledger: CaseLedger, views: Views
) -> None:
    simulate_a_year(ledger, views)
    filters = ReportFilters(date_from=date(2025, 1, 1), date_to=date(2026, 12, 31))
    caught_up = views.reports.run("warnings", filters, TODAY, ledger.calendars.working_days(TODAY.year))
    views.runner.rebuild(["supervision"])
    rebuilt = views.reports.run("warnings", filters, TODAY, ledger.calendars.working_days(TODAY.year))
    assert len(caught_up) > 20 and caught_up == rebuilt
    keys = [(r["crossed_at"], r["case_no"], r["clock"], r["step_index"], r["level"]) for r in rebuilt]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)  # a total order: ties cannot fall either way
