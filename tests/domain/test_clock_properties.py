"""Properties of the clock arithmetic, checked over many generated dates, limits and pauses."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.calendar.working_days import Pause
from domain.clocks import Clock, ClockName, TimeLimit
from tests.support import calendar

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 6, 30))
limits = st.integers(min_value=0, max_value=60)


@st.composite
def pauses(draw: st.DrawFn, start: date) -> list[Pause]:
    """Non-overlapping closed pauses after ``start``."""
    result, cursor = [], start
    for _ in range(draw(st.integers(0, 3))):
        begin = cursor + timedelta(days=draw(st.integers(0, 20)))
        end = begin + timedelta(days=draw(st.integers(0, 30)))
        result.append(Pause(begin, end, "expert_review"))
        cursor = end
    return result


@settings(max_examples=300, deadline=None)
@given(start=days, count=limits)
def test_adding_then_counting_working_days_round_trips(start: date, count: int) -> None:
    due = calendar().add(start, count)
    assert calendar().count(calendar().day_zero(start), due.on) == count
    assert due.on >= start
    assert count == 0 or calendar().is_working_day(due.on)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), start=days, count=limits)
def test_pausing_never_brings_a_due_date_earlier(data: st.DataObject, start: date, count: int) -> None:
    plain = calendar().add(start, count)
    paused = calendar().add(start, count, data.draw(pauses(start)))
    assert paused.on >= plain.on


@settings(max_examples=200, deadline=None)
@given(data=st.data(), start=days, count=limits)
def test_paused_working_days_are_exactly_the_days_the_due_date_moves(
    data: st.DataObject, start: date, count: int
) -> None:
    spans = data.draw(pauses(start))
    due = calendar().add(start, count, spans)
    zero = calendar().day_zero(start)
    assert calendar().count(zero, due.on, spans) == count


@settings(max_examples=200, deadline=None)
@given(start=days, count=st.integers(1, 40), extra=st.integers(1, 15))
def test_an_extension_moves_the_due_date_by_exactly_its_working_days(start: date, count: int, extra: int) -> None:
    clock = Clock.start(ClockName.KS, start, TimeLimit(count), calendar())
    extended = clock.extend(extra, calendar())
    assert calendar().count(clock.due.on, extended.due.on) == extra


@settings(max_examples=200, deadline=None)
@given(start=days, count=limits, offsets=st.lists(st.integers(0, 120), min_size=2, max_size=6))
def test_elapsed_grows_with_time_and_elapsed_plus_remaining_is_the_limit(
    start: date, count: int, offsets: list[int]
) -> None:
    clock = Clock.start(ClockName.KC, start, TimeLimit(count), calendar())
    readings = [clock.reading(start + timedelta(days=o), calendar()) for o in sorted(offsets)]
    elapsed = [r.elapsed for r in readings]
    assert elapsed == sorted(elapsed)
    assert all(r.elapsed + r.remaining == count for r in readings)
    # On the due day the clock is used up but not overdue; the next working day it is.
    on_due = clock.reading(clock.due.on, calendar())
    assert on_due.remaining == 0 and on_due.overdue == 0


@settings(max_examples=150, deadline=None)
@given(start=days, count=st.integers(1, 30), pause_after=st.integers(0, 10), length=st.integers(0, 20))
def test_a_paused_clock_stands_still_and_resumes_with_its_remaining_time(
    start: date, count: int, pause_after: int, length: int
) -> None:
    clock = Clock.start(ClockName.KS, start, TimeLimit(count), calendar())
    pause_day = start + timedelta(days=pause_after)
    paused = clock.pause(pause_day, "hearing")
    frozen = [paused.reading(pause_day + timedelta(days=d), calendar()).elapsed for d in range(length + 1)]
    assert len(set(frozen)) == 1  # nothing elapses while paused
    resumed = paused.resume(pause_day + timedelta(days=length), calendar())
    assert resumed.due.on >= clock.due.on
    assert resumed.reading(resumed.due.on, calendar()).remaining == 0
