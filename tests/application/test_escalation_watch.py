"""The watcher's escalation on a simulated year, on each stored backend: every alarm that no supervision
order took up within 5 working days is flagged B001 once, as a plain computation from the raw events says;
no prompt or yellow warning stands open past its 20 working days."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest

from application.cases.commands import Accept
from application.ledger import CaseLedger
from application.reports.filters import ReportFilters
from domain.business_time import SHANGHAI, end_of_day, legal_day
from domain.case.aggregate import Case
from domain.case.escalation import LAPSED
from domain.case.events import conclusion as ce
from domain.case.values import Applicant
from domain.catalogue.terms import StepDefinition
from domain.clocks import TimeLimit
from domain.organisation.actors import Channel, Role
from domain.supervision.order import Subject, WarningType
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.settings import Settings, persistence_env
from interface.composition import Views, build_views
from tests.application.helpers import ADMIN, INSPECTOR, set_up_centre, simulate_year
from tests.support import DEPT, at, item

NOW = datetime(2026, 11, 20, 18, tzinfo=SHANGHAI)


@pytest.fixture
def stored(stored_database_url: str) -> Iterator[tuple[CaseLedger, Views]]:
    ledger = CaseLedger(env=persistence_env(stored_database_url), calendar_source=SeedCalendarSource())
    views = build_views(Settings(database_url=stored_database_url), ledger)
    yield ledger, views
    views.close()
    ledger.close()


def open_orders_on_some_alarms(ledger: CaseLedger, views: Views, seed: int) -> dict[str, list[datetime]]:
    """Orders on about half the alarms, opened from the instant of the alarm to twelve days after it."""
    rng = random.Random(seed)
    views.runner.catch_up()
    calendar = ledger.calendars.working_days(2026)
    alarms = [
        row
        for row in views.reports.run("warnings", ReportFilters(), NOW.date(), calendar)
        if row["level"] in ("red", "statutory_breach") and row["status"] != "withdrawn"
    ]
    opened: dict[str, list[datetime]] = {}
    for row in rng.sample(alarms, len(alarms) // 2):
        when = datetime.fromisoformat(row["crossed_at"]) + timedelta(hours=rng.randint(1, 12 * 24))
        if when > NOW:
            continue
        ledger.supervision.open(
            subject=Subject.CASE,
            case_no=row["case_no"],
            department=row["department"],
            rule_id=row["rule_id"],
            warning_type=WarningType.TIME,
            content="请说明超时原因并整改",
            at=when,
            by=INSPECTOR,
        )
        opened.setdefault(row["case_no"], []).append(when)
    return opened


def plain_unsupervised(events: list[object], orders: list[datetime], calendar: object, now: datetime) -> set[str]:
    """The alarms of one case's raw events that no order took up by 5 working days after their day."""
    alarms: dict[str, datetime] = {}
    for event in events:
        if isinstance(event, ce.DeadlineBreached):
            step = "" if event.step_index is None else event.step_index
            run = f":{event.run}" if event.run else ""
            alarms[f"{event.clock.value}:{step}:{event.level.value}{run}"] = event.crossed_at
        elif isinstance(event, ce.WarningsCleared):
            for key in event.withdrawn:
                alarms.pop(key, None)
    found = set()
    for key, crossed in alarms.items():
        last = calendar.add(legal_day(crossed), 5).on  # type: ignore[attr-defined]
        taken = [legal_day(o) for o in sorted(orders) if o >= crossed]
        if (taken[0] if taken else legal_day(now)) > last:
            found.add(key)
    return found


@pytest.mark.parametrize("seed", [7])
def test_alarms_no_order_took_up_are_flagged_once_as_the_raw_events_say(
    stored: tuple[CaseLedger, Views], seed: int
) -> None:
    ledger, views = stored
    simulate_year(ledger, seed, 160)
    orders = open_orders_on_some_alarms(ledger, views, seed)
    views.watcher.run_once(NOW)
    assert views.watcher.run_once(NOW) == 0  # once
    calendar = ledger.calendars.working_days(2026)
    expected, flagged = {}, {}
    for case_no in views.reports.reader.case_numbers(ReportFilters()):
        events = list(ledger.store.events.get(Case.id_for(case_no)))
        expected[case_no] = plain_unsupervised(events, orders.get(case_no, []), calendar, NOW)
        flagged[case_no] = {x.warning for x in events if isinstance(x, ce.SupervisionNotOpened)}
    assert any(expected.values()) and any(orders.get(c) and not e for c, e in expected.items())
    assert flagged == expected
    views.runner.catch_up()
    rows = views.reports.run("warnings", ReportFilters(), NOW.date(), calendar)
    assert {(r["case_no"], r["clock"], r["level"]) for r in rows if r["unsupervised_at"]} == {
        (case_no, key.split(":")[0], key.split(":")[2]) for case_no, keys in expected.items() for key in keys
    }


def test_no_advance_warning_stands_past_its_days(stored: tuple[CaseLedger, Views]) -> None:
    ledger, views = stored
    simulate_year(ledger, 11, 120)
    views.watcher.run_once(NOW)
    views.runner.catch_up()
    calendar = ledger.calendars.working_days(2026)
    rows = views.reports.run("warnings", ReportFilters(), NOW.date(), calendar)
    advance = [r for r in rows if r["level"] in ("prompt", "yellow")]
    assert advance and not [r for r in advance if r["status"] == "open" and r["lapses_after"] < str(NOW.date())]
    for row in (r for r in advance if r["cause"] == LAPSED):
        assert row["cleared_at"] == end_of_day(date.fromisoformat(row["lapses_after"])).isoformat()


def test_the_watcher_lets_an_unanswered_yellow_warning_lapse_once(stored: tuple[CaseLedger, Views]) -> None:
    """A 150-WD item: its yellow warnings come on 21 August and stand 20 WD, through 18 September."""
    ledger, views = stored
    staff = set_up_centre(ledger)
    long = item(
        code=f"{DEPT}-long",
        committed_limit=TimeLimit(150),
        statutory_limit=TimeLimit(200),
        steps=(StepDefinition("承办", Role.HANDLER, TimeLimit(150)),),
    )
    ledger.catalogue.register_item(long, by=ADMIN)
    applicant = Applicant("subject-1", "张三", "510122199001011233")
    case_no = ledger.cases.receive(
        item_code=long.code, applicant=applicant, at=at(3, 2, 9), by=staff["w1"], channel=Channel.WINDOW
    ).case_no
    ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=staff["w1"])
    assert views.watcher.run_once(at(8, 21, 12)) == 2  # KC and STEP yellow
    assert views.watcher.run_once(at(9, 18, 23)) == 0
    assert views.watcher.run_once(at(9, 21, 9)) == 2
    assert views.watcher.run_once(at(9, 22, 9)) == 0  # once
    [cleared] = [x for x in ledger.store.events.get(Case.id_for(case_no)) if isinstance(x, ce.WarningsCleared)]
    assert (cleared.act, cleared.occurred_at) == (LAPSED, end_of_day(date(2026, 9, 18)))
    views.runner.catch_up()
    rows = views.reports.run("warnings", ReportFilters(), date(2026, 9, 22), ledger.calendars.working_days(2026))
    assert {(r["status"], r["cause"], r["lapses_after"]) for r in rows} == {("cleared", LAPSED, "2026-09-18")}
