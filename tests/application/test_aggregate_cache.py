"""The aggregate cache, and the item terms and people kept: copies are independent, other processes'
writes are seen (at once, or for item terms and people within seconds), failures leave no trace."""

from __future__ import annotations

import dataclasses
import enum
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from application.cases.commands import Accept, HandOff, ReceiveHandOff
from application.ledger import CaseLedger
from application.personal_data import ERASED
from application.plumbing.aggregate_cache import CONTAINERS, copy_state
from application.plumbing.freshness import ERASURE_SECONDS, SEEN_WITHIN
from domain.calendar.schedule import YearSchedule
from domain.case.aggregate import Case
from domain.catalogue.terms import ItemKind
from domain.clocks import TimeLimit
from domain.errors import ConcurrencyConflict, DomainError
from domain.organisation.actors import Authority
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.privacy.subject_keys import KEY_SECONDS
from infrastructure.settings import Settings, persistence_env
from interface.composition import build_ledger
from tests.application.helpers import ADMIN, receive, set_up_centre, simulate_year
from tests.application.test_erasure import DPO
from tests.support import at, item

SCALARS = (str, int, float, bool, bytes, Decimal, UUID, date, datetime, timedelta, enum.Enum, type(None))


def immutable(value: Any) -> bool:
    """True if nothing reachable from ``value`` can be changed in place."""
    if isinstance(value, SCALARS):
        return True
    if isinstance(value, tuple | frozenset):
        return all(immutable(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        frozen = type(value).__dataclass_params__.frozen  # type: ignore[attr-defined]
        return bool(frozen) and all(immutable(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False


def test_every_aggregate_of_a_simulated_year_is_copied_safely_one_level_deep(ledger: CaseLedger) -> None:
    simulate_year(ledger, seed=5, cases=150)
    ids = {n.originator_id for n in ledger.store.recorder.select_notifications(None, 100_000)}
    kinds = set()
    for aggregate_id in ids:
        aggregate = ledger.store.repository.get(aggregate_id)
        kinds.add(type(aggregate).__name__)
        for name, value in vars(aggregate).items():
            if name == "_pending_events":
                continue
            inner = value.values() if isinstance(value, dict) else value if value.__class__ in CONTAINERS else [value]
            keys = value.keys() if isinstance(value, dict) else []
            assert all(immutable(v) for v in (*inner, *keys)), f"{type(aggregate).__name__}.{name} holds {value!r}"
    assert {"Case", "ServiceItem", "Person", "Department", "WorkingCalendar"} <= kinds


def test_a_copy_changes_alone(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    department = ledger.organisation.department("SJJ")
    twin = copy_state(department)
    twin.add_section(code="SJJ-S9", name="新科")
    assert "SJJ-S9" in twin.sections and "SJJ-S9" not in department.sections
    assert twin.version == department.version + 1
    assert staff  # the centre is set up


@pytest.fixture
def two_processes(stored_database_url: str) -> Iterator[tuple[CaseLedger, CaseLedger]]:
    """Two ledgers on one database, as two server processes would be."""
    env = persistence_env(stored_database_url)
    first = CaseLedger(env=env, calendar_source=SeedCalendarSource())
    second = CaseLedger(env=env, calendar_source=SeedCalendarSource())
    yield first, second
    second.close()
    first.close()


def test_a_cached_case_catches_up_with_another_processs_writes(two_processes: tuple[CaseLedger, CaseLedger]) -> None:
    here, there = two_processes
    staff = set_up_centre(here)
    case_no = receive(here, staff["w1"]).case_no  # cached here at version 1
    there.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=staff["w1"])  # written by the other process
    # Here, the hand-off needs the acceptance the cache has not seen: it is read from the store first.
    result = here.cases.handle(
        case_no, HandOff(to_person_id=staff["h1"].person_id), at=at(3, 2, 11), by=staff["w1"], expected_version=2
    )
    assert result.version == 3
    assert there.records.case_version(case_no) == here.records.case_version(case_no) == 3


def test_a_command_valid_on_an_outdated_copy_is_decided_on_the_latest(
    two_processes: tuple[CaseLedger, CaseLedger],
) -> None:
    here, there = two_processes
    staff = set_up_centre(here)
    case_no = receive(here, staff["w1"]).case_no  # cached here at version 1, as received
    there.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=staff["w1"])
    # Here, the outdated copy would accept again; the commit fails on the version, and the latest
    # state refuses: the case is accepted once.
    with pytest.raises(DomainError) as refused:
        here.cases.handle(case_no, Accept(), at=at(3, 2, 11), by=staff["w1"])
    assert not isinstance(refused.value, ConcurrencyConflict)
    history = [type(e).__name__ for e in here.store.events.get(Case.id_for(case_no))]
    assert history == ["Received", "Accepted"]


def test_a_refused_command_leaves_the_cached_case_as_recorded(ledger: CaseLedger) -> None:
    staff = set_up_centre(ledger)
    case_no = receive(ledger, staff["w1"]).case_no
    with pytest.raises(DomainError):
        ledger.cases.handle(case_no, ReceiveHandOff(), at=at(3, 2, 10), by=staff["h1"])  # nothing was handed off
    with pytest.raises(DomainError):
        ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=staff["w1"], expected_version=7)
    assert ledger.records.case_version(case_no) == 1
    assert ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=staff["w1"]).version == 2
    history = list(ledger.store.events.get(Case.id_for(case_no)))
    assert [type(e).__name__ for e in history] == ["Received", "Accepted"]


def test_an_erasure_elsewhere_reaches_a_cached_case_when_its_entry_expires(
    stored_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(database_url=stored_database_url)
    here, there = build_ledger(settings), build_ledger(settings)
    try:
        staff = set_up_centre(here)
        case_no = receive(here, staff["w1"]).case_no
        assert here.records.case(case_no, as_of=at(3, 2, 10)).applicant_name == "张三"
        there.privacy.erase_subject("subject-1", reason="申请人要求删除个人信息", at=at(3, 3), by=DPO)
        assert there.records.case(case_no, as_of=at(3, 3, 10)).applicant_name == ERASED
        assert here.records.case(case_no, as_of=at(3, 3, 10)).applicant_name == "张三"  # cached, for a while
        later = time.monotonic() + max(ERASURE_SECONDS, KEY_SECONDS) + 1
        with monkeypatch.context() as clock:
            clock.setattr(time, "monotonic", lambda: later)
            assert here.records.case(case_no, as_of=at(3, 3, 10)).applicant_name == ERASED
    finally:
        there.close()
        here.close()


def test_item_terms_are_pinned_fresh_here_and_within_seconds_elsewhere(
    two_processes: tuple[CaseLedger, CaseLedger], monkeypatch: pytest.MonkeyPatch
) -> None:
    here, there = two_processes
    set_up_centre(here)
    code = item(ItemKind.COMMITMENT).code
    before = here.catalogue.item_terms(code)
    here.catalogue.shorten_item_limit(code, TimeLimit(9), reason="承诺提速", by=ADMIN)
    assert here.catalogue.item_terms(code).committed_limit == TimeLimit(9) != before.committed_limit  # here: at once
    assert there.catalogue.item_terms(code).committed_limit == TimeLimit(9)
    there.catalogue.turn_item_immediate(code, reason="即办", by=ADMIN)
    assert here.catalogue.item_terms(code).kind is ItemKind.COMMITMENT  # elsewhere: not yet
    later = time.monotonic() + SEEN_WITHIN + 1
    with monkeypatch.context() as clock:
        clock.setattr(time, "monotonic", lambda: later)
        assert here.catalogue.item_terms(code).kind is ItemKind.IMMEDIATE


def test_a_person_as_they_act_is_fresh_here_at_once_and_within_seconds_elsewhere(
    two_processes: tuple[CaseLedger, CaseLedger], monkeypatch: pytest.MonkeyPatch
) -> None:
    here, there = two_processes
    staff = set_up_centre(here)
    assert Authority.APPROVE not in here.people.actor("w1").authorities
    here.people.delegate_authority("w1", Authority.APPROVE, granted_by=staff["head"], basis="授权书 2 号")
    assert Authority.APPROVE in here.people.actor("w1").authorities  # here: at once
    assert Authority.APPROVE in there.people.actor("w1").authorities
    there.people.delegate_authority("w1", Authority.DECIDE, granted_by=staff["head"], basis="授权书 3 号")
    assert Authority.DECIDE in there.people.actor("w1").authorities
    assert Authority.DECIDE not in here.people.actor("w1").authorities  # elsewhere: not yet
    later = time.monotonic() + SEEN_WITHIN + 1
    with monkeypatch.context() as clock:
        clock.setattr(time, "monotonic", lambda: later)
        assert Authority.DECIDE in here.people.actor("w1").authorities


def test_a_calendar_notice_counts_here_at_once_and_within_seconds_elsewhere(
    two_processes: tuple[CaseLedger, CaseLedger], monkeypatch: pytest.MonkeyPatch
) -> None:
    here, there = two_processes
    start = date(2027, 1, 1)
    assert here.calendars.add_working_days(start, 1) == there.calendars.add_working_days(start, 1)
    before = here.calendars.add_working_days(start, 1)
    notice = YearSchedule(
        year=2027,
        holidays=frozenset({date(2027, 1, 1), date(2027, 1, 4)}),
        adjusted_workdays=frozenset(),
        source="国办发明电〔2026〕X号",
    )
    here.calendar_notices.publish(notice, at=at(12, 29, 12), by=ADMIN)
    after = here.calendars.add_working_days(start, 1)
    assert after.on > before.on and not after.provisional  # here: at once
    assert there.calendars.add_working_days(start, 1) == before  # elsewhere: not yet
    later = time.monotonic() + SEEN_WITHIN + 1
    with monkeypatch.context() as clock:
        clock.setattr(time, "monotonic", lambda: later)
        assert there.calendars.add_working_days(start, 1) == after


def test_the_cache_can_be_sized_or_turned_off(database_url: str) -> None:
    env = persistence_env(database_url)
    for size, kept in (("0", False), ("10", True)):
        ledger = CaseLedger(env={**env, "CACHED_AGGREGATES": size}, calendar_source=SeedCalendarSource())
        try:
            staff = (
                set_up_centre(ledger)
                if not ledger.organisation.has_department("SJJ")
                else {"w1": ledger.people.actor("w1")}
            )
            case_no = receive(ledger, staff["w1"]).case_no
            assert ledger.store.cached(Case.id_for(case_no)) is kept
            assert ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=staff["w1"]).version == 2
        finally:
            ledger.close()
