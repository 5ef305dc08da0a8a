"""Given-when-then: what the watcher asks of a case's warnings after they are raised (domain.md 2.2): an
alarm no supervision order took up within 5 working days is flagged B001, once; a prompt or yellow warning
no one acted on lapses after 20 working days; a red one never lapses.

A case accepted on Monday 2 March 2026 has its 4-WD first step due on Friday 6 March: its step alarm is
crossed at 00:00 on Saturday 7 March, counted from Monday 9 March, so the last day to open supervision on
it is Monday 16 March.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from domain.business_time import end_of_day
from domain.case import errors as e
from domain.case.aggregate import Case
from domain.case.alerts import WarningPolicy, due_alerts
from domain.case.escalation import LAPSED
from domain.case.events import conclusion as ce
from domain.case.runs import WarningStatus
from domain.catalogue.terms import StepDefinition
from domain.clocks import TimeLimit
from domain.organisation.actors import Role
from tests.domain.scenario import accepted, new_events, take
from tests.support import APPROVER, CLERK, HANDLER, WATCHER, at, calendar


def watch(case: Case, until: datetime) -> None:
    alerts = due_alerts(case, until, calendar(), WarningPolicy())
    case.record_alerts(alerts, at=max(until, case.last_occurred_at), by=WATCHER, calendar=calendar())
    case.collect_events()


def flag(case: Case, when: datetime, *orders_opened: datetime) -> list[Any]:
    case.flag_unsupervised_alarms(orders_opened=orders_opened, at=when, by=WATCHER, calendar=calendar())
    return new_events(case)


@pytest.fixture
def alarmed() -> Case:
    """The first step ran out on Friday 6 March: STEP:0:red crossed at 00:00 on 7 March."""
    case = accepted()
    watch(case, at(3, 7, 12))
    assert case.warnings["STEP:0:red"].crossed_at == at(3, 7, 0)
    return case


def test_an_alarm_no_order_took_up_in_five_working_days_is_flagged_once(alarmed: Case) -> None:
    assert flag(alarmed, at(3, 16, 18)) == []  # its last day
    [event] = flag(alarmed, at(3, 17, 9))
    assert isinstance(event, ce.SupervisionNotOpened)
    assert (event.warning, event.rule_id, event.due_on) == ("STEP:0:red", "B001", date(2026, 3, 16))
    assert event.crossed_at == end_of_day(date(2026, 3, 16)) and event.occurred_at == at(3, 17, 9)
    assert alarmed.unsupervised == {"STEP:0:red"}
    assert flag(alarmed, at(3, 20, 9)) == []  # once


def test_an_order_opened_by_the_last_day_takes_the_alarm_up(alarmed: Case) -> None:
    assert flag(alarmed, at(4, 1), at(3, 16, 17)) == []


def test_an_order_opened_before_the_alarm_or_after_its_last_day_does_not(alarmed: Case) -> None:
    [before] = flag(alarmed, at(3, 17, 9), at(3, 5, 9))
    assert before.warning == "STEP:0:red"
    again = accepted()
    watch(again, at(3, 7, 12))
    [late] = flag(again, at(3, 19, 9), at(3, 18, 9))  # the order came, but after the last day
    assert late.due_on == date(2026, 3, 16)


def test_an_alarm_whose_run_ended_still_needs_supervision(alarmed: Case) -> None:
    take(alarmed, HANDLER, at(3, 9, 10))
    alarmed.complete_step(opinion="同意", at=at(3, 9, 10), by=HANDLER, calendar=calendar())
    alarmed.collect_events()
    assert alarmed.warnings["STEP:0:red"].status is WarningStatus.CLEARED
    assert [x.warning for x in flag(alarmed, at(3, 17, 9))] == ["STEP:0:red"]


def test_advance_warnings_are_not_alarms() -> None:
    case = accepted()
    watch(case, at(3, 6, 12))  # the step's yellow warning only
    assert set(case.warnings) == {"STEP:0:yellow"}
    assert flag(case, at(3, 31)) == []


def test_only_the_watcher_records_it(alarmed: Case) -> None:
    with pytest.raises(e.NotAuthorised):
        alarmed.flag_unsupervised_alarms(orders_opened=(), at=at(3, 17), by=CLERK, calendar=calendar())
    with pytest.raises(e.NotAuthorised):
        alarmed.lapse_warnings(at=at(3, 17), by=APPROVER, calendar=calendar())


@pytest.fixture
def long_case() -> Case:
    """A 150-WD commitment in one step: its yellow warnings (4/5 used) come on 21 August and stand 20 WD,
    through Friday 18 September, long before the limit runs out."""
    case = accepted(
        committed_limit=TimeLimit(150),
        statutory_limit=TimeLimit(200),
        steps=(StepDefinition("承办", Role.HANDLER, TimeLimit(150)),),
    )
    watch(case, at(8, 21, 12))
    assert {k: w.crossed_at for k, w in case.warnings.items()} == {
        "KC::yellow": at(8, 21, 0),
        "STEP:0:yellow": at(8, 21, 0),
    }
    return case


def test_a_yellow_warning_no_one_acted_on_lapses_after_twenty_working_days(long_case: Case) -> None:
    assert long_case.lapse_warnings(at=at(9, 18, 23), by=WATCHER, calendar=calendar()) == 0
    assert long_case.lapse_warnings(at=at(9, 21, 9), by=WATCHER, calendar=calendar()) == 2
    [cleared] = new_events(long_case)
    assert isinstance(cleared, ce.WarningsCleared)
    assert cleared.cleared == ("KC::yellow", "STEP:0:yellow") and cleared.withdrawn == ()
    assert (cleared.act, cleared.occurred_at) == (LAPSED, end_of_day(date(2026, 9, 18)))
    assert all(w.status is WarningStatus.CLEARED for w in long_case.warnings.values())
    assert long_case.lapse_warnings(at=at(9, 30), by=WATCHER, calendar=calendar()) == 0  # once


def test_a_red_warning_never_lapses(alarmed: Case) -> None:
    assert alarmed.lapse_warnings(at=at(6, 30), by=WATCHER, calendar=calendar()) == 0
    assert alarmed.warnings["STEP:0:red"].status is WarningStatus.OPEN


def test_a_lapsed_warning_is_still_superseded_when_the_limit_runs_out(long_case: Case) -> None:
    long_case.lapse_warnings(at=at(9, 21, 9), by=WATCHER, calendar=calendar())
    watch(long_case, at(12, 31))
    assert long_case.warnings["KC::yellow"].status is WarningStatus.SUPERSEDED
    assert long_case.warnings["KC::red"].status is WarningStatus.OPEN
