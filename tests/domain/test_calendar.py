"""The legal calendar: the State Council's 2026 notice, provisional years, published schedules."""

from __future__ import annotations

from datetime import date

import pytest

from domain.calendar.schedule import DayKind, YearSchedule
from domain.calendar.working_days import Pause, WorkingDays
from domain.errors import CalendarUnavailable, InvalidValue
from infrastructure.calendars.published import parse_schedule
from infrastructure.calendars.sources import SeedCalendarSource, statutory_holidays
from tests.support import calendar

# 国办发明电〔2025〕7号: the 2026 holidays and the weekend days worked in exchange.
HOLIDAYS_2026 = {
    "New Year": ("2026-01-01", "2026-01-03"),
    "Spring Festival": ("2026-02-15", "2026-02-23"),
    "Qingming": ("2026-04-04", "2026-04-06"),
    "Labour Day": ("2026-05-01", "2026-05-05"),
    "Dragon Boat": ("2026-06-19", "2026-06-21"),
    "Mid-Autumn": ("2026-09-25", "2026-09-27"),
    "National Day": ("2026-10-01", "2026-10-07"),
}
ADJUSTED_2026 = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


def _span(first: str, last: str) -> list[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [date.fromordinal(o) for o in range(start.toordinal(), end.toordinal() + 1)]


@pytest.mark.parametrize("name", HOLIDAYS_2026)
def test_every_2026_holiday_is_a_day_off(name: str) -> None:
    for day in _span(*HOLIDAYS_2026[name]):
        assert not calendar().is_working_day(day), f"{day} ({name}) should be off"


def test_2026_adjusted_weekends_are_working_days() -> None:
    for iso in ADJUSTED_2026:
        day = date.fromisoformat(iso)
        assert day.weekday() >= 5
        assert calendar().kind_of(day) is DayKind.ADJUSTED_WORKDAY


def test_2026_has_the_notices_number_of_working_days() -> None:
    # 261 weekdays - 19 weekdays given off + 6 weekend days worked = 248 working days.
    weekdays = sum(
        1
        for o in range(date(2026, 1, 1).toordinal(), date(2027, 1, 1).toordinal())
        if date.fromordinal(o).weekday() < 5
    )
    holiday_weekdays = sum(1 for span in HOLIDAYS_2026.values() for d in _span(*span) if d.weekday() < 5)
    expected = weekdays - holiday_weekdays + len(ADJUSTED_2026)
    assert calendar().count(date(2025, 12, 31), date(2026, 12, 31)) == expected == 248


# Due dates computed by hand across the 2026 holidays (day 0 is not counted; adjusted weekends count).
HAND_COMPUTED = [
    ("2026-02-13", 5, "2026-02-27"),  # Sat 2-14 worked (1), 2-15..2-23 off, 2-24..2-27 (2..5)
    ("2026-09-30", 3, "2026-10-10"),  # 10-1..10-7 off, 10-8, 10-9, Sat 10-10 worked
    ("2026-04-30", 5, "2026-05-11"),  # 5-1..5-5 off, 5-6, 5-7, 5-8, Sat 5-9 worked, Mon 5-11
    ("2026-01-03", 1, "2026-01-05"),  # received on a holiday: day 0 is Sun 1-4 (worked), WD1 is 1-5
    ("2025-12-31", 2, "2026-01-05"),  # 1-1..1-3 off, Sun 1-4 worked (1), 1-5 (2)
    ("2026-06-18", 1, "2026-06-22"),  # Dragon Boat 6-19..6-21
    ("2026-09-18", 3, "2026-09-22"),  # Sun 9-20 worked (1), 9-21 (2), 9-22 (3)
    ("2026-09-21", 20, "2026-10-26"),  # across Mid-Autumn and National Day with Sat 10-10 worked
    ("2026-03-02", 0, "2026-03-02"),  # immediate items are due the same day
    ("2024-09-27", 5, "2024-10-10"),  # domain.md 5c worked example (Sun 9-29 worked)
]


@pytest.mark.parametrize(("start", "count", "due"), HAND_COMPUTED)
def test_hand_computed_due_dates(start: str, count: int, due: str) -> None:
    result = calendar().add(date.fromisoformat(start), count)
    assert result.on == date.fromisoformat(due)
    assert not result.provisional


def test_a_pause_excludes_the_days_after_it_starts_through_the_day_it_ends() -> None:
    # Mon 3-2 + 5 WD is Mon 3-9; a pause from Tue 3-3 to Thu 3-5 excludes 3-4 and 3-5.
    paused = calendar().add(date(2026, 3, 2), 5, [Pause(date(2026, 3, 3), date(2026, 3, 5), "hearing")])
    assert paused.on == date(2026, 3, 11)
    same_day = calendar().add(date(2026, 3, 2), 5, [Pause(date(2026, 3, 3), date(2026, 3, 3), "hearing")])
    assert same_day.on == date(2026, 3, 9)


def test_2027_is_provisional_with_the_statutory_holidays_only() -> None:
    schedule = SeedCalendarSource().schedule_for(2027)
    assert schedule.provisional
    assert schedule.adjusted_workdays == frozenset()
    assert sorted(schedule.holidays) == [
        date(2027, 1, 1),
        date(2027, 2, 5),  # New Year's Eve (lunar 12-29 in 2027)
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),
        date(2027, 4, 5),  # Qingming, the solar term
        date(2027, 5, 1),
        date(2027, 5, 2),
        date(2027, 6, 9),  # Dragon Boat, lunar 5-5
        date(2027, 9, 15),  # Mid-Autumn, lunar 8-15
        date(2027, 10, 1),
        date(2027, 10, 2),
        date(2027, 10, 3),
    ]


def test_the_holiday_law_gives_thirteen_days_in_2026_as_the_notice_does() -> None:
    law = statutory_holidays(2026)
    assert len(law) == 13
    official = SeedCalendarSource().schedule_for(2026).holidays
    assert law <= official  # every statutory day is off in the notice too


def test_a_due_date_over_a_provisional_year_says_so() -> None:
    due = calendar().add(date(2026, 12, 30), 3)
    assert due.on == date(2027, 1, 5)  # 12-31, (1-1 off), 1-4, 1-5
    assert due.provisional
    assert due.calendar == "2026#1,2027#1p"


def test_a_year_without_a_calendar_is_refused() -> None:
    with pytest.raises(CalendarUnavailable):
        WorkingDays({}).is_working_day(date(2026, 1, 5))


def test_published_schedule_file_parses_days_and_ranges() -> None:
    schedule = parse_schedule(
        'year = 2027\nnotice = "国办发明电〔2026〕9号"\n'
        'holidays = ["2027-01-01", "2027-02-05..2027-02-11"]\nadjusted_workdays = ["2027-02-20"]\n'
    )
    assert schedule.year == 2027 and not schedule.provisional
    assert len(schedule.holidays) == 8
    assert schedule.kind_of(date(2027, 2, 20)) is DayKind.ADJUSTED_WORKDAY


@pytest.mark.parametrize(
    "text",
    [
        'year = 2027\nholidays = ["2027-01-01"]',  # no notice number
        'year = 2027\nnotice = "N"\nholidays = ["2027-13-01"]',  # not a date
        'year = 2027\nnotice = "N"\nholidays = ["2027-02-11..2027-02-05"]',  # backwards range
        'year = 2027\nnotice = "N"\nadjusted_workdays = ["2027-02-22"]',  # a Monday is no adjusted weekend
        'year = 2027\nnotice = "N"\nholidays = ["2026-12-31"]',  # outside the year
        "year = ",  # not TOML
    ],
)
def test_bad_schedule_files_are_refused_with_a_clear_error(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_schedule(text)


def test_a_day_cannot_be_both_holiday_and_working_day() -> None:
    with pytest.raises(InvalidValue):
        YearSchedule(2027, frozenset({date(2027, 2, 6)}), frozenset({date(2027, 2, 6)}), "x")
