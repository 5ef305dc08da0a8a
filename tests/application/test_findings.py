"""Responsibility findings through the ledger, on each stored backend: recorded against people in the chain
of simulated cases, their register equal to a plain computation from the raw events (aggravation included);
two findings against one person recorded at once still see each other."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime

import pytest

from application.ledger import CaseLedger
from application.reports.filters import ReportFilters
from domain.business_time import SHANGHAI
from domain.case.access import AccessDenied
from domain.organisation.actors import Actor, Role
from domain.supervision.finding import ChainRole, Responsibility, ResponsibilityFinding, Sanction, Severity
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.settings import Settings, persistence_env
from interface.composition import Views, build_views
from tests.application.helpers import INSPECTOR, generate_findings, simulate_year
from tests.reference_model import plain_findings

NOW = datetime(2026, 11, 20, 18, tzinfo=SHANGHAI)


@pytest.fixture
def stored(stored_database_url: str) -> Iterator[tuple[CaseLedger, Views]]:
    ledger = CaseLedger(env=persistence_env(stored_database_url), calendar_source=SeedCalendarSource())
    views = build_views(Settings(database_url=stored_database_url), ledger)
    simulate_year(ledger, 3, 80)
    views.runner.catch_up()
    yield ledger, views
    views.close()
    ledger.close()


def test_the_register_equals_the_reference(stored: tuple[CaseLedger, Views]) -> None:
    ledger, views = stored
    numbers = generate_findings(ledger, views.reports.reader.case_numbers(ReportFilters()), 3, 40)
    views.runner.catch_up()
    events = [list(ledger.store.events.get(ResponsibilityFinding.id_for(n))) for n in numbers]
    expected = plain_findings(events)
    assert {True, False} == {f["aggravating"] for f in expected.values()}
    assert {"standing", "withdrawn"} == {f["status"] for f in expected.values()}
    rows = views.reports.run("findings", ReportFilters(), NOW.date(), ledger.calendars.working_days(2026))
    got = {r["finding_no"]: {k: r[k] for k in ("aggravating", "prior", "status", "defences")} for r in rows}
    assert got == expected
    person = rows[0]["person_id"]
    theirs = views.reports.run(
        "findings", ReportFilters(person=person), NOW.date(), ledger.calendars.working_days(2026)
    )
    assert theirs and {r["person_id"] for r in theirs} == {person}


def test_two_findings_against_one_person_at_once_see_each_other(stored: tuple[CaseLedger, Views]) -> None:
    ledger, views = stored
    cases = (ledger.case_store.case(n) for n in views.reports.reader.case_numbers(ReportFilters()))
    case = next(c for c in cases if c.steps_done and c.steps_done[0].index == 0)  # its 承办 signed
    case_no, done = case.case_no, case.steps_done[0]
    results: list[str] = []

    def record(n: int) -> None:
        results.append(
            ledger.findings.record(
                case_no=case_no,
                person_id=done.person_id,
                chain_role=ChainRole.HANDLER,
                responsibility=Responsibility.DIRECT,
                fault="超时",
                rule="《限时办结制度》",
                basis="步骤超时",
                overrun_days=1,
                severity=Severity.GENERAL,
                sanctions=(Sanction.CORRECTION,),
                at=NOW,
                by=INSPECTOR,
                finding_no=f"ZRAT{n}",
            ).number
        )

    threads = [threading.Thread(target=record, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    findings = [ledger.findings.finding(n) for n in sorted(results)]
    assert len(findings) == 2 and sorted(f.aggravating for f in findings) == [False, True]


def test_a_finding_is_read_by_its_person_and_not_by_a_colleague(stored: tuple[CaseLedger, Views]) -> None:
    ledger, views = stored
    [number] = generate_findings(ledger, views.reports.reader.case_numbers(ReportFilters()), 4, 1)
    finding = ledger.findings.finding(number)
    assert ledger.findings.finding(number, viewer=ledger.people.actor(finding.person_id)).finding_no == number
    colleague = Actor("someone", "同事", Role.HANDLER, finding.department)
    with pytest.raises(AccessDenied):
        ledger.findings.finding(number, viewer=colleague)
