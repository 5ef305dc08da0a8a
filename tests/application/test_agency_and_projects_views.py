"""The agents' workload and the register of investment projects on each stored backend, equal to plain
computations from the raw events: a simulated year's agency cases, and projects with generated plans."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

import pytest

from application.ledger import CaseLedger
from application.reports.filters import ReportFilters
from domain.agency.mandate import Mandate, MandateTerms
from domain.case.aggregate import Case
from domain.organisation.actors import Actor, Role
from domain.projects.meeting import CoordinationMeeting, MeetingAction
from domain.projects.plan import Milestone, PlannedPermit
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.settings import Settings, persistence_env
from interface.composition import Views, build_views
from tests.application.helpers import ADMIN, simulate_year
from tests.reference_model import plain_agency, plain_longest, plain_mandates, plain_meeting_actions
from tests.support import at, item

TODAY = date(2026, 11, 20)


@pytest.fixture
def stored(stored_database_url: str) -> Iterator[tuple[CaseLedger, Views]]:
    ledger = CaseLedger(env=persistence_env(stored_database_url), calendar_source=SeedCalendarSource())
    views = build_views(Settings(database_url=stored_database_url), ledger)
    yield ledger, views
    views.close()
    ledger.close()


def test_the_agents_workload_equals_the_reference(stored: tuple[CaseLedger, Views]) -> None:
    ledger, views = stored
    simulate_year(ledger, seed=21, cases=500)
    views.runner.catch_up()
    calendar = ledger.calendars.working_days(2026)
    numbers = views.reports.reader.case_numbers(ReportFilters())
    expected = plain_agency([list(ledger.store.events.get(Case.id_for(n))) for n in numbers], calendar)
    rows = views.reports.run("agency", ReportFilters(), TODAY, calendar)
    got = {
        r["agent_id"]: {k: r[k] for k in ("cases", "concluded", "enterprises", "avg_turnaround_wd")}
        for r in rows
        if r["agent_id"] != "ALL"
    }
    assert got == expected and sum(a["cases"] for a in expected.values()) > 10
    total = rows[-1]
    assert total["agent_id"] == "ALL" and total["cases"] == sum(a["cases"] for a in expected.values())
    assert total["open"] == total["cases"] - total["concluded"]


def _plan(rng: random.Random, size: int) -> list[PlannedPermit]:
    plan: list[PlannedPermit] = []
    for n in range(size):
        earlier = [p.key for p in plan]
        after = tuple(rng.sample(earlier, k=min(len(earlier), rng.randrange(3)))) if earlier else ()
        soft = tuple(k for k in rng.sample(earlier, k=min(len(earlier), rng.randrange(2))) if k not in after)
        milestone = Milestone.START if n == 0 else (Milestone.END if n == size - 1 else None)
        if milestone is Milestone.END and "p0" not in after:  # the clock's end comes after its start
            after, soft = (*after, "p0"), tuple(k for k in soft if k != "p0")
        committed = rng.randrange(1, 15)
        statutory = committed + rng.randrange(0, 40)
        plan.append(PlannedPermit(f"p{n}", "SJJ-001", "SJJ", after, soft, committed, statutory, milestone))
    return plan


@pytest.mark.parametrize("seed", [3, 4])
def test_the_register_of_projects_equals_the_longest_paths_found_by_hand(
    stored: tuple[CaseLedger, Views], seed: int
) -> None:
    ledger, views = stored
    ledger.organisation.register_department("SJJ", "市场监督管理局")
    ledger.catalogue.register_item(item(code="SJJ-001"), by=ADMIN)
    rng = random.Random(seed)
    plans: dict[str, tuple[list[PlannedPermit], bool]] = {}
    for n in range(6):
        number, green = f"2026-510116-04-01-{seed}{n:05d}", rng.random() < 0.5
        ledger.projects.register(
            project_no=number,
            name=f"项目{n}",
            investor_id="91510100MA6C8XYU1E",
            investor_name="某公司",
            site="西航港",
            scale_wan_yuan=1000 * (n + 1),
            committed_wd=40,
            major=n % 2 == 0,
            green_channel=green,
            at=at(3, 2 + n),
            by=ADMIN,
        )
        plan = _plan(rng, rng.randrange(2, 8))
        for permit in plan:
            ledger.projects.plan_permit(number, permit, at=at(3, 2 + n, 11), by=ADMIN)
        plans[number] = (plan, green)
    views.runner.catch_up()
    rows = views.reports.run("projects", ReportFilters(), TODAY, ledger.calendars.working_days(2026))
    assert [r["project_no"] for r in rows] == list(plans)
    for row in rows:
        plan, green = plans[row["project_no"]]
        end = plan[-1].key
        assert row["permits"] == len(plan) and row["cases"] == 0 and row["green_channel"] is green
        assert row["committed_path_wd"] == plain_longest(plan, "committed_wd", end, green)
        assert row["statutory_path_wd"] == plain_longest(plan, "statutory_wd", end, green)
        totals = ledger.projects.project(row["project_no"]).totals()
        assert totals is not None and totals[0].days == row["committed_path_wd"]


def test_the_meetings_actions_equal_the_reference(stored: tuple[CaseLedger, Views]) -> None:
    ledger, views = stored
    rng = random.Random(8)
    departments = ("FGJ", "ZRZYJ", "SHJJ")
    for code in departments:
        ledger.organisation.register_department(code, code)
    numbers = []
    for n in range(12):
        held = at(3, 2) + timedelta(days=rng.randrange(60))
        actions = tuple(
            MeetingAction(
                str(i + 1),
                f"事项{i + 1}",
                rng.choice(departments),
                (held + timedelta(days=rng.randrange(3, 20))).date(),
            )
            for i in range(rng.randrange(1, 5))
        )
        number = f"XTH-{n:03d}"
        ledger.meetings.hold(
            meeting_no=number,
            chair="副县长",
            attendees=departments,
            projects=(),
            decisions=("议定",),
            actions=actions,
            at=held,
            by=ADMIN,
        )
        numbers.append(number)
        for action in actions:
            if rng.random() < 0.6:
                done = held + timedelta(days=rng.randrange(1, 25))
                ledger.meetings.complete(number, action.action_id, evidence="回复函", at=done, by=ADMIN)
    views.runner.catch_up()
    today = date(2026, 4, 1)
    events = [list(ledger.store.events.get(CoordinationMeeting.id_for(n))) for n in numbers]
    expected = plain_meeting_actions(events, today)
    rows = views.reports.run("meeting_actions", ReportFilters(), today, ledger.calendars.working_days(2026))
    assert {(r["meeting_no"], r["action_id"]): r["progress"] for r in rows} == expected
    assert set(expected.values()) == {"done", "done_late", "overdue", "open"}


def test_the_register_of_mandates_equals_the_reference(stored: tuple[CaseLedger, Views]) -> None:
    """Mandates signed, signed again with a new scope, terminated, and lapsed, each as the register shows it
    on a day, against a plain reading of their raw events."""
    ledger, views = stored
    rng = random.Random(8)
    agent = Actor("CENTRE-AG1", "代办员", Role.AGENT, "CENTRE")
    pairs: list[tuple[str, str]] = []
    for n in range(40):
        subject = f"9151010{n:04d}"
        start = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 200))
        terms = MandateTerms(f"企业{n}", tuple(rng.sample(("A-1", "A-2", "B-1"), rng.randrange(0, 3))), start,
                             start + timedelta(days=rng.randrange(30, 300)), f"授权委托书-{n}")  # fmt: skip
        signed = at(1, 2, 9) + timedelta(days=rng.randrange(0, 100))
        ledger.mandates.sign(agent_id=agent.person_id, subject_id=subject, terms=terms, at=signed, by=agent)
        later = signed + timedelta(days=rng.randrange(1, 60))
        if rng.random() < 0.3:
            ledger.mandates.terminate(agent.person_id, subject, reason="企业终止委托", at=later, by=agent)
        if rng.random() < 0.3:  # signed again, perhaps after a termination
            again = replace(terms, items=(), valid_until=terms.valid_until + timedelta(days=90))
            ledger.mandates.sign(agent_id=agent.person_id, subject_id=subject, terms=again, at=later, by=agent)
        pairs.append((agent.person_id, subject))
    views.runner.catch_up()
    calendar = ledger.calendars.working_days(2026)
    rows = views.reports.run("mandates", ReportFilters(), TODAY, calendar)
    got = {
        (r["agent_id"], r["subject_id"]): {k: r[k] for k in ("applicant_name", "item_codes", "valid_until",
                                                             "terminated_on", "in_force")}
        for r in rows
    }  # fmt: skip
    events = [list(ledger.store.events.get(Mandate.id_for(a, s))) for a, s in pairs]
    expected = plain_mandates(events, TODAY)
    assert got == expected
    assert {r["in_force"] for r in rows} == {True, False} and any(r["terminated_on"] for r in rows)
