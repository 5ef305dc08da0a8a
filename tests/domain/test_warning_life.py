"""Given-when-then: a warning's life on its clock's run (ADR 21), and acts entered late on paper.

March 2026 has no holidays: a case accepted on Monday 2 March has its 4-WD first step due on Friday 6
March and its 10-WD committed limit due on Monday 16 March.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from domain.business_time import end_of_day
from domain.case import errors as e
from domain.case.aggregate import Case
from domain.case.alerts import WarningPolicy, due_alerts
from domain.case.events import conclusion as ce
from domain.case.runs import WarningStatus
from domain.case.values import Outcome, WarningLevel
from domain.clocks import ClockName, TimeLimit
from tests.domain.scenario import accepted, new_events, received, take, through_steps
from tests.support import AGENCY_HEAD, APPROVER, CLERK, HANDLER, REVIEWER, WATCHER, at, calendar


def watch(case: Case, until: datetime) -> list[Any]:
    """One pass of the deadline watcher as of ``until``: the events it records."""
    alerts = due_alerts(case, until, calendar(), WarningPolicy())
    case.record_alerts(alerts, at=max(until, case.last_occurred_at), by=WATCHER, calendar=calendar())
    return new_events(case)


def raised(events: list[Any]) -> dict[str, datetime]:
    keys = {}
    for event in events:
        if isinstance(event, (ce.WarningRaised, ce.DeadlineBreached)):
            run = f":{event.run}" if event.run else ""
            step = "" if event.step_index is None else event.step_index
            keys[f"{event.clock.value}:{step}:{event.level.value}{run}"] = event.crossed_at
    return keys


def settlement(events: list[Any]) -> ce.WarningsCleared:
    found = [x for x in events if isinstance(x, ce.WarningsCleared)]
    assert len(found) == 1
    return found[0]


def test_a_decision_clears_the_warnings_standing_on_its_clocks_dated_the_decision() -> None:
    case = through_steps(accepted(), start=at(3, 3))
    assert set(raised(watch(case, at(3, 13, 9)))) == {"KC::yellow", "KC::prompt"}
    take(case, APPROVER, at(3, 13, 10))
    case.decide(outcome=Outcome.GRANTED, at=at(3, 13, 10), by=APPROVER, calendar=calendar())
    events = new_events(case)
    cleared = settlement(events)
    assert set(cleared.cleared) == {"KC::yellow", "KC::prompt"} and cleared.withdrawn == ()
    assert (cleared.act, cleared.occurred_at) == ("DecisionMade", at(3, 13, 10))
    assert cleared.act_version == next(x for x in events if isinstance(x, ce.DecisionMade)).originator_version
    assert all(w.status is WarningStatus.CLEARED for w in case.warnings.values())


def test_a_higher_level_supersedes_the_lower_one_of_the_same_run() -> None:
    case = accepted()
    assert raised(watch(case, at(3, 7, 12))) == {"STEP:0:yellow": at(3, 6, 0), "STEP:0:red": at(3, 7, 0)}
    assert case.warnings["STEP:0:yellow"].status is WarningStatus.SUPERSEDED
    take(case, HANDLER, at(3, 9, 10))
    case.complete_step(opinion="同意", at=at(3, 9, 10), by=HANDLER, calendar=calendar())
    assert settlement(new_events(case)).cleared == ("STEP:0:red",)  # the yellow one had already ended


def test_a_pause_clears_and_a_resumption_past_the_threshold_raises_the_warning_again() -> None:
    case = through_steps(accepted(), until=1, start=at(3, 3))
    assert "KC::yellow" in raised(watch(case, at(3, 12, 9)))
    case.start_special_procedure(
        procedure="expert_review",
        legal_basis="第四十五条",
        notice_no="告知-1",
        expected_days=3,
        at=at(3, 12, 10),
        by=HANDLER,
    )
    cleared = settlement(new_events(case))
    assert "KC::yellow" in cleared.cleared and cleared.act == "SpecialProcedureStarted"
    assert raised(watch(case, at(3, 16, 9))) == {}  # nothing counts while paused
    case.end_special_procedure(result="完成", at=at(3, 17, 10), by=HANDLER, calendar=calendar())
    new_events(case)
    again = raised(watch(case, at(3, 17, 11)))
    assert again["KC::yellow:1"] == at(3, 17, 10)  # eight days of ten were already used
    assert "KC::prompt:1" not in again  # the ninth day is 18 March


def test_a_step_signed_before_the_watcher_saw_it_overrun_still_gets_its_warning() -> None:
    case = accepted()
    take(case, HANDLER, at(3, 9, 10))
    case.complete_step(opinion="同意", at=at(3, 9, 10), by=HANDLER, calendar=calendar())
    new_events(case)
    events = watch(case, at(3, 9, 11))
    assert raised(events) == {"STEP:0:yellow": at(3, 6, 0), "STEP:0:red": at(3, 7, 0)}
    cleared = settlement(events)
    assert cleared.cleared == ("STEP:0:red",) and cleared.occurred_at == at(3, 9, 10)


def test_no_step_warning_ever_names_a_step_past_the_last() -> None:
    case = accepted()
    for step, signer, when in ((0, HANDLER, at(3, 12)), (1, REVIEWER, at(3, 20)), (2, APPROVER, at(3, 30))):
        take(case, signer, when)
        case.complete_step(opinion="同意", at=when, by=signer, calendar=calendar())
        assert case.step_index == step + 1
    events = watch(case, at(4, 30))
    steps = {
        x.step_index
        for x in events
        if isinstance(x, (ce.WarningRaised, ce.DeadlineBreached)) and x.clock.value == "STEP"
    }
    assert steps == {0, 1, 2}


def test_a_step_reworked_after_a_return_is_a_new_run_with_warnings_of_its_own() -> None:
    case = through_steps(accepted(), until=1, start=at(3, 3))
    take(case, REVIEWER, at(3, 4, 10))
    case.return_step(reason="补正", at=at(3, 4, 10), by=REVIEWER, calendar=calendar())
    take(case, HANDLER, at(3, 12, 10))
    case.complete_step(opinion="同意", at=at(3, 12, 10), by=HANDLER, calendar=calendar())
    new_events(case)
    keys = raised(watch(case, at(3, 12, 11)))
    assert {"STEP:0:yellow:1", "STEP:0:red:1"} <= set(keys)  # 4 WD from 4 March: due on 10 March
    assert "STEP:0:red" not in keys  # the first pass was signed on its second day


def test_a_late_paper_decision_is_accepted_and_withdraws_the_breach_it_shows_never_happened() -> None:
    case = through_steps(accepted(), start=at(3, 3))
    assert set(raised(watch(case, at(3, 17, 9)))) == {"KC::yellow", "KC::prompt", "KC::red"}
    take(case, APPROVER, at(3, 16, 16))  # the paper file says: decided on the due day, entered the next
    case.decide(outcome=Outcome.GRANTED, at=at(3, 16, 16), by=APPROVER, calendar=calendar())
    events = new_events(case)
    settled = settlement(events)
    assert settled.withdrawn == ("KC::red",) and set(settled.cleared) == {"KC::yellow", "KC::prompt"}
    assert (settled.act, settled.occurred_at) == ("DecisionMade", at(3, 16, 16))
    assert "KC::red" not in case.warnings
    assert events[-1] is settled  # recorded after the act it names


def test_a_late_paper_extension_withdraws_the_statutory_breach_and_the_watcher_looks_again() -> None:
    case = accepted(statutory_limit=TimeLimit(12))  # due 18 March
    assert "KS::statutory_breach" in raised(watch(case, at(3, 19, 9)))
    case.approve_extension(
        days=5, reason="复杂", notice_no="延长-1", at=at(3, 18, 15), by=AGENCY_HEAD, calendar=calendar()
    )
    assert settlement(new_events(case)).withdrawn == ("KS::statutory_breach",)
    assert raised(watch(case, at(3, 26, 9)))["KS::statutory_breach"] == end_of_day(at(3, 25).date())


def test_an_extension_after_the_statutory_limit_ran_out_is_refused() -> None:
    case = accepted(statutory_limit=TimeLimit(12))
    with pytest.raises(e.ExtensionTooLate):
        case.approve_extension(
            days=5, reason="复杂", notice_no="延长-1", at=at(3, 19, 10), by=AGENCY_HEAD, calendar=calendar()
        )


def test_the_laws_automatic_acts_still_order_the_acts_after_them() -> None:
    case = received()
    case.deem_accepted(item=case.item, at=end_of_day(at(3, 9).date()), by=WATCHER, calendar=calendar())
    with pytest.raises(e.BusinessTimeOutOfOrder):
        case.hand_off(to=HANDLER, at=at(3, 9, 15), by=CLERK)


def test_a_warning_recorded_before_runs_were_kept_on_a_step_the_case_never_had_is_left_alone() -> None:
    """Ledgers written before clock runs (ADR 21) hold step warnings naming a step past the last; the case
    reads them back and acts on as before."""
    case = through_steps(accepted(), start=at(3, 3))
    case.trigger_event(
        ce.WarningRaised,
        occurred_at=at(3, 6),
        by=WATCHER,
        channel=case.channel,
        clock=ClockName.STEP,
        level=WarningLevel.YELLOW,
        step_index=3,  # a three-step item: there is no step 3
        crossed_at=at(3, 6, 0),
        rule_id="A01",
        holder=case.holder,
        calendar="2026#1",
    )
    take(case, APPROVER, at(3, 9, 10))
    case.decide(outcome=Outcome.GRANTED, at=at(3, 9, 10), by=APPROVER, calendar=calendar())
    assert case.warnings["STEP:3:yellow"].status is WarningStatus.OPEN
