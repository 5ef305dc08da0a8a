"""Given-when-then: an hour at a window booked ahead within the days and hours the hall takes, up to its
capacity and once per applicant; cancelled two hours ahead at the latest; kept or missed."""

from __future__ import annotations

from datetime import date

import pytest

from domain.case.errors import NotAuthorised
from domain.organisation.actors import Actor, Role
from domain.prereview.appointment import AppointmentRuleBroken, AppointmentStatus, WindowDay
from tests.support import AGENT, CLERK, STATION, at, calendar

DAY = date(2026, 3, 4)  # a Wednesday
# Booked on Monday 2 March: bookable from the next working day (3 March) to the fifth (9 March).
HALL = Actor("online", "网上办事大厅", Role.SYSTEM, None)


def window_day(capacity: int = 2) -> WindowDay:
    record = WindowDay.open(window="SJJ-W1", department="SJJ", day=DAY, capacity=capacity)
    record.collect_events()
    return record


def book(record: WindowDay, ref: str, subject: str, hour: int = 9, by: Actor = HALL) -> None:
    record.book(
        ref=ref, hour=hour, subject_id=subject, item_code="SJJ-003", at=at(3, 2, 10), by=by, calendar=calendar()
    )


def test_an_hour_takes_its_capacity_and_an_applicant_books_once_a_day() -> None:
    record = window_day(capacity=2)
    book(record, "A", "subject-1")
    book(record, "B", "subject-2", by=AGENT)
    with pytest.raises(AppointmentRuleBroken, match="fully booked"):
        book(record, "C", "subject-3")
    with pytest.raises(AppointmentRuleBroken, match="already has an appointment"):
        book(record, "C", "subject-1", hour=10)
    book(record, "C", "subject-3", hour=10)
    assert (record.taken(9), record.taken(10)) == (2, 1)


def test_only_the_days_ahead_and_the_halls_hours_are_booked() -> None:
    record = window_day()
    with pytest.raises(AppointmentRuleBroken, match="not bookable"):
        record.book(
            ref="A",
            hour=9,
            subject_id="s",
            item_code="SJJ-003",
            at=at(3, 4, 8),
            by=HALL,
            calendar=calendar(),  # booked on 4 March: from 5 March
        )
    with pytest.raises(AppointmentRuleBroken, match="takes appointments"):
        book(record, "A", "s", hour=12)
    with pytest.raises(NotAuthorised):
        book(record, "A", "s", by=CLERK)  # the window serves, it does not book its own hours
    assert record.collect_events() == []


def test_a_cancellation_frees_the_place_but_not_within_two_hours() -> None:
    record = window_day(capacity=1)
    book(record, "A", "subject-1", hour=10, by=STATION)
    with pytest.raises(NotAuthorised):
        record.cancel("A", at=at(3, 3), by=AGENT)  # not the one who booked it
    with pytest.raises(AppointmentRuleBroken, match="two hours"):
        record.cancel("A", at=at(3, 4, 8, 30), by=STATION)
    record.cancel("A", at=at(3, 4, 7, 59), by=STATION)
    assert record.bookings["A"].status is AppointmentStatus.CANCELLED
    book(record, "B", "subject-2", hour=10)


def test_the_window_records_who_came_and_who_did_not() -> None:
    record = window_day()
    book(record, "A", "subject-1")
    book(record, "B", "subject-2")
    with pytest.raises(NotAuthorised):
        record.arrive("A", at=at(3, 4, 9, 5), by=Actor("x", "他局", Role.WINDOW_CLERK, "ZJJ"))
    record.arrive("A", at=at(3, 4, 9, 5), by=CLERK)
    with pytest.raises(AppointmentRuleBroken, match="has not passed"):
        record.miss("B", at=at(3, 4, 9, 30), by=CLERK)
    record.miss("B", at=at(3, 4, 10, 1), by=CLERK)
    assert [b.status for b in record.bookings.values()] == [AppointmentStatus.ARRIVED, AppointmentStatus.NO_SHOW]
    with pytest.raises(AppointmentRuleBroken, match="no appointment"):
        record.cancel("B", at=at(3, 4, 11), by=HALL)
