"""Calendar sources: ``chinesecalendar`` seed data (2004-2026) and provisional years from the holiday law."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from lunar_python import Lunar

from domain.calendar.schedule import YearSchedule

STATUTORY_HOLIDAYS = "全国年节及纪念日放假办法 (2024 revision): statutory holidays only, no adjusted weekends"


def _lunar(year: int, month: int, day: int) -> date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def statutory_holidays(year: int) -> frozenset[date]:
    """The 13 days the 2024 holiday law fixes (in force from 2025-01-01), lunar dates converted.

    New Year 1; Spring Festival 4 (New Year's Eve and days 1-3); Qingming 1 (the solar term); Labour Day 2;
    Dragon Boat 1; Mid-Autumn 1; National Day 3. Weekend swaps come only from the State Council notice.
    """
    new_year = _lunar(year, 1, 1)
    qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
    days = {
        date(year, 1, 1),
        new_year - timedelta(days=1),
        new_year,
        new_year + timedelta(days=1),
        new_year + timedelta(days=2),
        date(qingming.getYear(), qingming.getMonth(), qingming.getDay()),
        date(year, 5, 1),
        date(year, 5, 2),
        _lunar(year, 5, 5),
        _lunar(year, 8, 15),
        date(year, 10, 1),
        date(year, 10, 2),
        date(year, 10, 3),
    }
    return frozenset(d for d in days if d.year == year)


class SeedCalendarSource:
    """Official schedules from the ``chinesecalendar`` package where it has them; provisional after that."""

    def __init__(self) -> None:
        holidays: dict[int, set[date]] = {}
        for day in chinese_calendar.holidays:
            holidays.setdefault(day.year, set()).add(day)
        adjusted: dict[int, set[date]] = {}
        for day in chinese_calendar.workdays:
            if day.weekday() >= 5:
                adjusted.setdefault(day.year, set()).add(day)
        self._holidays = holidays
        self._adjusted = adjusted

    @property
    def official_years(self) -> range:
        return range(min(self._holidays), max(self._holidays) + 1)

    def schedule_for(self, year: int) -> YearSchedule:
        if year in self.official_years:
            return YearSchedule(
                year=year,
                holidays=frozenset(self._holidays.get(year, ())),
                adjusted_workdays=frozenset(self._adjusted.get(year, ())),
                source=f"State Council holiday notice for {year} (chinesecalendar {_version()})",
            )
        return YearSchedule(
            year=year,
            holidays=statutory_holidays(year),
            adjusted_workdays=frozenset(),
            source=STATUTORY_HOLIDAYS,
            provisional=True,
        )


def _version() -> str:
    from importlib.metadata import version

    return version("chinesecalendar")
