"""The auditor's case file (案卷评查) on a simulated year, on each stored backend: every case's documents and
deadlines equal a plain reading of its raw events; the reports are filtered by period and department."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest

from application.ledger import CaseLedger
from application.projections import casefile
from application.reports.filters import ReportFilters
from domain.case.aggregate import Case
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.settings import Settings, persistence_env
from interface.composition import Views, build_views
from tests.application.helpers import simulate_year
from tests.reference_model import PlainCase, plain_casefile

TODAY = date(2026, 11, 20)
GAPS = {
    casefile.DEEMED: "deemed",
    casefile.SECOND_NOTICE: "second notice",
    casefile.NO_OPINION: "no opinion",
    casefile.NO_DECISION_NO: "no decision number",
    casefile.NO_ACCEPTANCE_NO: "no acceptance number",
    casefile.LATE_DECISION: "late decision",
}


@pytest.fixture
def year(stored_database_url: str) -> Iterator[tuple[CaseLedger, Views]]:
    ledger = CaseLedger(env=persistence_env(stored_database_url), calendar_source=SeedCalendarSource())
    views = build_views(Settings(database_url=stored_database_url), ledger)
    simulate_year(ledger, seed=13, cases=400)
    views.runner.catch_up()
    yield ledger, views
    views.close()
    ledger.close()


def test_every_case_file_equals_its_raw_events(year: tuple[CaseLedger, Views]) -> None:
    ledger, views = year
    calendar = ledger.calendars.working_days(2026)
    documents = {r["case_no"]: r for r in views.reports.run("documents", ReportFilters(), TODAY, calendar)}
    deadlines = {r["case_no"]: r for r in views.reports.run("deadlines", ReportFilters(), TODAY, calendar)}
    assert set(documents) == set(deadlines) == set(views.reports.reader.case_numbers(ReportFilters()))
    seen_gaps: set[str] = set()
    for case_no, doc in documents.items():
        plain = plain_casefile(PlainCase(list(ledger.store.events.get(Case.id_for(case_no))), calendar))
        row = deadlines[case_no]
        got = {
            "supplement_notices": doc["supplement_notices"],
            "steps_signed": doc["steps_signed"],
            "returns": doc["returns"],
            "extension_days": row["extension_days"],
            "gaps": {GAPS[g] for g in doc["gaps"].split("; ") if g in GAPS},
        }
        if "wd_used" in plain:
            got |= {"wd_used": row["wd_used"], "committed_breach": row["committed_breach"]}
        assert got == plain, case_no
        assert doc["gap_count"] == len([g for g in doc["gaps"].split("; ") if g])
        seen_gaps |= plain["gaps"]
        if row["kc_due_at_start"] is not None:
            assert row["due_history"].startswith(row["received_at"][:10]) or "Accepted" in row["due_history"]
    assert {"late decision", "deemed"} <= seen_gaps, "the year has the gaps an auditor looks for"
    assert any(r["pauses"] for r in deadlines.values()) and any(r["extensions"] for r in deadlines.values())


def test_the_reports_are_filtered_by_period_and_department(year: tuple[CaseLedger, Views]) -> None:
    ledger, views = year
    calendar = ledger.calendars.working_days(2026)
    everything = views.reports.run("deadlines", ReportFilters(), TODAY, calendar)
    documents = views.reports.run("documents", ReportFilters(), TODAY, calendar)
    # the department with the most cases received in March
    department = Counter(r["department"] for r in documents if r["received_at"][:7] == "2026-03").most_common(1)[0][0]
    march = ReportFilters(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31), department=department)
    rows = views.reports.run("documents", march, TODAY, calendar)
    assert rows and len(rows) < len(everything)
    assert all(r["department"] == department and r["received_at"][:7] == "2026-03" for r in rows)
