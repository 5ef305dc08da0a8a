"""The quarterly evaluation on a simulated year, on each stored backend: each department's figures equal a
plain computation from the raw events (red flags: the red-flag register's, itself checked against the raw
events through the nonconformities); publishing records them once, with a supervision order for each
failing department; an act entered later changes the recomputation, never the publication."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from application.ledger import CaseLedger
from application.reports.filters import ReportFilters
from domain.business_time import SHANGHAI
from domain.case.aggregate import Case
from domain.errors import AlreadyExists, InvalidValue
from domain.organisation.actors import Actor, Channel
from domain.supervision.complaint import Complaint
from domain.supervision.evaluation import Grade, quarter_days
from domain.supervision.order import Subject, SupervisionOrder
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.settings import Settings, persistence_env
from interface.composition import Views, build_views
from tests.application.helpers import INSPECTOR, generate_complaints, generate_orders, simulate_year
from tests.reference_model import PlainCase, plain_evaluation_figures

NOW = datetime(2026, 11, 20, 18, tzinfo=SHANGHAI)


@pytest.fixture
def year(stored_database_url: str) -> Iterator[tuple[CaseLedger, Views]]:
    """A simulated year (graded by a strict centre, 99/98/95, so that some departments fail)."""
    ledger = CaseLedger(env=persistence_env(stored_database_url), calendar_source=SeedCalendarSource())
    settings = Settings(database_url=stored_database_url, grade_thresholds=(99.0, 98.0, 95.0))
    views = build_views(settings, ledger)
    simulate_year(ledger, seed=9, cases=500)
    generate_orders(ledger, seed=9, count=30)
    generate_complaints(ledger, seed=9, count=30)
    views.runner.catch_up()
    yield ledger, views
    views.close()
    ledger.close()


def events(ledger: CaseLedger, ids: list[object]) -> list[list[object]]:
    return [list(ledger.store.events.get(i)) for i in ids]  # type: ignore[arg-type]


@pytest.mark.parametrize("quarter", ["2026Q1", "2026Q2"])
def test_the_figures_equal_the_raw_events(year: tuple[CaseLedger, Views], quarter: str) -> None:
    ledger, views = year
    first, last = quarter_days(quarter)
    calendar = ledger.calendars.working_days(2026)
    numbers = views.reports.reader.case_numbers(ReportFilters())
    cases = [PlainCase(list(ledger.store.events.get(Case.id_for(n))), calendar) for n in numbers]
    orders = [r["order_no"] for r in views.reports.run("orders", ReportFilters(), NOW.date(), calendar)]
    complaints = [r["complaint_no"] for r in views.reports.run("complaints", ReportFilters(), NOW.date(), calendar)]
    expected = plain_evaluation_figures(
        cases,
        events(ledger, [SupervisionOrder.id_for(n) for n in orders]),
        events(ledger, [Complaint.id_for(n) for n in complaints]),
        first,
        last,
    )
    flags = views.reports.run("redflags", ReportFilters(date_from=first, date_to=last), NOW.date(), calendar)
    got = {f.department: vars(f) for f in views.evaluations.figures(quarter)}
    for department, figures in got.items():
        assert figures.pop("department") == department
        assert figures.pop("red_flags") == sum(1 for f in flags if f["department"] == department)
    assert got == expected
    assert sum(f["concluded"] for f in got.values()) > 50 and any(f["step_overruns"] for f in got.values())


def test_a_quarter_is_published_once_and_a_recomputation_shows_what_changed(year: tuple[CaseLedger, Views]) -> None:
    ledger, views = year
    draft = views.evaluations.draft("2026Q2")
    assert {g.grade for g in draft.grades} - {None} and all(
        g.score is None or 0 <= g.score <= 100 for g in draft.grades
    )
    with pytest.raises(InvalidValue, match="after it ends"):
        views.evaluations.publish("2026Q4", at=NOW, by=INSPECTOR)
    views.evaluations.publish("2026Q2", at=NOW, by=INSPECTOR)
    with pytest.raises(AlreadyExists):
        views.evaluations.publish("2026Q2", at=NOW, by=INSPECTOR)
    published = views.evaluations.published("2026Q2")
    failing = {g.department for g in published.grades if g.grade is Grade.FAIL}
    assert failing and {r.department for r in published.recommendations} == failing
    for letter in published.recommendations:
        order = ledger.supervision.order(letter.order_no)
        assert (order.subject, order.department, order.rule_id) == (Subject.DEPARTMENT, letter.department, "E001")
        assert order.due_on == letter.due_on
    assert views.evaluations.recomputation("2026Q2") == []
    # an act entered late: a case concluded in the quarter is rated now
    calendar = ledger.calendars.working_days(2026)
    cases = (ledger.case_store.case(n) for n in views.reports.reader.case_numbers(ReportFilters()))
    case = next(c for c in cases if c.decided_at is not None and c.decided_at.month in (4, 5, 6) and c.rating is None)
    applicant = Actor.applicant(case.applicant.subject_id)
    ledger.cases.rate(case.case_no, stars=1, comment="迟到的差评", at=NOW, by=applicant, channel=Channel.ONLINE)
    [change] = views.evaluations.recomputation("2026Q2")
    assert change["department"] == case.item.department
    assert change["figures"]["rated"][1] == change["figures"]["rated"][0] + 1
    assert views.evaluations.published("2026Q2").figures == published.figures  # never rewritten
    views.runner.catch_up()
    report = views.reports.run("evaluations", ReportFilters(), NOW.date(), calendar)
    assert {(r["department"], r["grade"]) for r in report} == {
        (g.department, None if g.grade is None else g.grade.value) for g in published.grades
    }
    assert {r["recommendation"] for r in report} - {None} == {r.order_no for r in published.recommendations}
