"""An internal audit of a simulated quarter, on each stored backend: the sample drawn again from the plan,
each sampled case's checklist as its case file and its events say (a case altered in the database shows a
broken chain and a major finding), findings in the nonconformity register, the audit closed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from application.ledger import CaseLedger
from application.reports.filters import ReportFilters
from domain.business_time import SHANGHAI
from domain.case.aggregate import Case
from domain.organisation.actors import Actor, Role
from domain.quality.internal_audit import AuditStatus, Nature, draw_sample
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.settings import Settings, persistence_env
from interface.composition import Views, build_views
from tests.application.helpers import simulate_year
from tests.application.test_integrity import sql_for
from tests.reference_model import PlainCase, day_of, plain_evaluation_figures

QUALITY = Actor("qm", "质量负责人", Role.QUALITY_MANAGER, "CENTRE")
AT = datetime(2026, 7, 6, 10, tzinfo=SHANGHAI)
# The acts that end a case's run in the county (decided, forwarded up) or close it otherwise
ENDS = ("DecisionMade", "DecidedOnSpot", "UpperLevelDecisionReceived", "Delivered", "Withdrawn", "Terminated")
ENDS += ("IntakeRejected",)


@pytest.fixture
def year(stored_database_url: str) -> Iterator[tuple[CaseLedger, Views, str]]:
    ledger = CaseLedger(env=persistence_env(stored_database_url), calendar_source=SeedCalendarSource())
    views = build_views(Settings(database_url=stored_database_url), ledger)
    simulate_year(ledger, seed=21, cases=300)
    yield ledger, views, stored_database_url
    views.close()
    ledger.close()


def test_an_audit_samples_checks_raises_findings_and_closes(year: tuple[CaseLedger, Views, str]) -> None:
    ledger, views, url = year
    views.runner.catch_up()
    population = views.reports.reader.concluded_cases(date(2026, 4, 1), date(2026, 6, 30))
    planned = views.audits.plan(
        first_day=date(2026, 4, 1),
        last_day=date(2026, 6, 30),
        criteria="ISO 9001:2015 7.5, 8.5; 《行政许可法》",
        per_department=4,
        seed=2026,
        at=AT,
        by=QUALITY,
    )
    audit = views.audits.audit(planned.number)
    assert dict(audit.sample) == draw_sample(population, 4, 2026)
    sampled = sorted(audit.department_of)
    # someone with database access alters one sampled case's second event
    altered = sampled[0]
    sql = sql_for(url)
    originator = Case.id_for(altered)
    key = originator.hex if url.startswith("sqlite") else originator
    [(state,)] = sql("SELECT state FROM EVENTS WHERE originator_id = %s AND originator_version = 2", (key,))
    sql(
        "UPDATE EVENTS SET state = %s WHERE originator_id = %s AND originator_version = 2",
        (bytes(state) + b" ", key),  # still JSON, but no longer the bytes the next event's hash names
    )
    views.audits.check_sample(planned.number, at=AT, by=QUALITY)
    audit = views.audits.audit(planned.number)
    assert set(audit.checked) == set(sampled)
    assert not audit.checked[altered].chain_verified
    assert all(audit.checked[c].chain_verified for c in sampled[1:])
    calendar = ledger.calendars.working_days(2026)
    for case_no in sampled[1:]:
        documents, deadlines = views.reports.reader.case_file(case_no)
        check = audit.checked[case_no]
        assert check.documents_present == (documents["gap_count"] == 0)
        assert check.deadlines_reconciled == (not deadlines["committed_breach"])
    failing = [c for c in sampled if not audit.checked[c].passed]
    views.runner.catch_up()
    ncs = views.reports.run("nonconformities", ReportFilters(), AT.date(), calendar)
    audit_ncs = {r["case_no"]: r for r in ncs if r["source"] == "audit"}
    assert set(audit_ncs) == set(failing) and altered in audit_ncs
    assert audit_ncs[altered]["description"].startswith("7.5.3 major")
    rows = views.reports.run("audit_checks", ReportFilters(), AT.date(), calendar)
    assert {r["case_no"]: r["nc_id"] is not None for r in rows} == {c: c in failing for c in sampled}
    views.audits.add_finding(
        planned.number, department=audit.department_of[sampled[1]], clause="7.1.6", nature=Nature.OBSERVATION,
        description="新版流程未组织培训", at=AT, by=QUALITY,
    )  # fmt: skip
    views.audits.close(planned.number, report=f"抽查{len(sampled)}件，不合格{len(failing)}件", at=AT, by=QUALITY)
    assert views.audits.audit(planned.number).status is AuditStatus.CLOSED


def test_a_review_pack_equals_the_raw_events_and_the_review_keeps_it(year: tuple[CaseLedger, Views, str]) -> None:
    ledger, views, _ = year
    views.runner.catch_up()
    first, last = date(2026, 1, 1), date(2026, 6, 30)
    calendar = ledger.calendars.working_days(2026)
    numbers = views.reports.reader.case_numbers(ReportFilters())
    cases = [PlainCase(list(ledger.store.events.get(Case.id_for(n))), calendar) for n in numbers]
    plain = plain_evaluation_figures(cases, [], [], first, last)
    concluded = sum(f["concluded"] for f in plain.values())
    rated = sum(f["rated"] for f in plain.values())
    pack = views.reviews.pack(first, last)
    objectives = {line.item: line for line in pack if line.section == "objectives"}
    on_time = objectives["on-time rate 按时办结率"]
    assert on_time.actual == f"{round(100 * sum(f['on_time'] for f in plain.values()) / concluded, 1)}%"
    satisfaction = objectives["satisfaction 满意率"]
    assert satisfaction.actual == f"{round(100 * sum(f['satisfied'] for f in plain.values()) / rated, 1)}%"
    assert on_time.met == (float(on_time.actual[:-1]) >= 98.0)
    assert [line.item for line in pack if line.section == "satisfaction"] == [f"2026-{m:02d}" for m in range(1, 7)]
    backlog = {line.item: line.actual for line in pack if line.section == "backlog"}
    open_at_end: dict[str, int] = {}
    for case in cases:
        kinds = {type(e).__name__: e for e in case.events}
        ends = [kinds[k].occurred_at for k in ENDS if k in kinds]
        if day_of(kinds["Received"].occurred_at) <= last and (not ends or day_of(min(ends)) > last):
            open_at_end[case.department] = open_at_end.get(case.department, 0) + 1
    assert backlog == {d: f"{n} open on {last}" for d, n in open_at_end.items()}
    held = views.reviews.hold(first_day=first, last_day=last, decisions=["维持质量目标"], actions=[], at=AT, by=QUALITY)
    assert views.reviews.review(held.number).pack == tuple(pack)
