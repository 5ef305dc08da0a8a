"""Auditors' questions of one case: history with clocks after each event; the case as of a business or
record time, including a paper act entered late."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from application.cases.commands import Accept, HandOff
from application.ledger import CaseLedger
from domain.errors import NotFound
from tests.application.helpers import receive, set_up_centre
from tests.application.test_views import worked_case
from tests.support import at


def test_the_history_carries_the_clocks_after_every_event(ledger: CaseLedger) -> None:
    case_no = worked_case(ledger, set_up_centre(ledger))
    history = ledger.audit.history(case_no)
    by_type = {e.type: e for e in history}
    accepted = {c.name.value: c for c in by_type["Accepted"].clocks_after}
    assert (accepted["KC"].due_on, accepted["KC"].elapsed, accepted["KC"].remaining) == (date(2026, 3, 19), 0, 10)
    paused = {c.name.value: c for c in by_type["SpecialProcedureStarted"].clocks_after}
    assert paused["KC"].paused and paused["KS"].paused
    ended = {c.name.value: c for c in by_type["SpecialProcedureEnded"].clocks_after}
    assert ended["KC"].due_on == date(2026, 3, 23) and not ended["KC"].paused  # two days of expert review added
    decided = {c.name.value: c for c in by_type["DecisionMade"].clocks_after}
    assert not decided["KC"].running and decided["KD"].running
    assert all(c.calendar == "2026#1" for e in history for c in e.clocks_after)


def test_as_of_business_time_and_record_time_with_a_paper_act_entered_late(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    case_no = receive(ledger, staff["w1"]).case_no
    ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=staff["w1"])
    known_before_entry = datetime.now(tz=UTC)
    # The hand-off to the handler happened on 3-3 on paper; the clerk enters it into the ledger only now.
    ledger.cases.handle(case_no, HandOff(to_person_id=staff["h1"].person_id), at=at(3, 3, 9), by=staff["w1"])
    as_it_stood = ledger.audit.case_as_of(case_no, business_time=at(3, 3, 12))
    assert as_it_stood.in_transit_to is not None and as_it_stood.in_transit_to.person_id == "h1"
    as_then_known = ledger.audit.case_as_of(case_no, record_time=known_before_entry)
    assert as_then_known.in_transit_to is None and as_then_known.status == "in_progress"
    both = ledger.audit.case_as_of(case_no, business_time=at(3, 3, 12), record_time=known_before_entry)
    assert both.in_transit_to is None  # what the ledger knew then of that day
    before_acceptance = ledger.audit.case_as_of(case_no, business_time=at(3, 2, 9, 30))
    assert before_acceptance.status == "received" and before_acceptance.version == 1
    with pytest.raises(NotFound):
        ledger.audit.case_as_of(case_no, business_time=at(3, 1))


def test_a_departments_backlog_at_a_past_date_is_consistent_at_one_position(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    worked = worked_case(ledger, staff)  # open from 3-2 until its decision on 3-23
    late = receive(ledger, staff["w1"], day=3).case_no
    ledger.cases.handle(late, Accept(), at=at(3, 3, 10), by=staff["w1"])  # KC due 3-17, never concluded
    position, backlog = ledger.audit.backlog_as_of([worked, late], at(3, 20, 23))
    by_case = {v.case_no: v for v in backlog}
    assert set(by_case) == {worked, late}
    kc = by_case[late].clock("KC")
    assert kc is not None and kc.overdue == 3  # 3-18, 3-19, 3-20 past the committed date
    _, after_decision = ledger.audit.backlog_as_of([worked, late], at(3, 24, 23))
    assert [v.case_no for v in after_decision] == [late]
    ledger.cases.handle(
        late, HandOff(to_person_id=staff["h1"].person_id), at=at(3, 20, 12), by=staff["w1"]
    )  # a paper act entered later
    _, same_position = ledger.audit.backlog_as_of([worked, late], at(3, 20, 23), position=position)
    assert {v.case_no: v.in_transit_to for v in same_position}[late] is None  # consistent at the old position
    _, now = ledger.audit.backlog_as_of([worked, late], at(3, 20, 23))
    assert {v.case_no: v.in_transit_to for v in now}[late] is not None
