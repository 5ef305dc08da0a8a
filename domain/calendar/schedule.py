"""A year's schedule of holidays and adjusted working weekends, as the State Council publishes it."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from domain.errors import InvalidValue


class DayKind(enum.Enum):
    """The three kinds of day a legal calendar needs (a weekday is not always a working day)."""

    WORKDAY = "workday"
    REST_DAY = "rest_day"  # an ordinary Saturday or Sunday
    HOLIDAY = "holiday"  # a statutory holiday or a weekday given off by the notice
    ADJUSTED_WORKDAY = "adjusted_workday"  # 调休/补班: a weekend day declared a working day


@dataclass(frozen=True)
class YearSchedule:
    """One year's holidays and adjusted working weekends.

    ``provisional`` marks a year for which no State Council notice has been published: it holds the
    statutory holidays that the law itself fixes, and no adjusted weekends (only the notice gives those).
    """

    year: int
    holidays: frozenset[date]
    adjusted_workdays: frozenset[date]
    source: str
    provisional: bool = False

    def __post_init__(self) -> None:
        for day in self.holidays | self.adjusted_workdays:
            if day.year != self.year:
                raise InvalidValue("{day} is not in the year {year}", day=day.isoformat(), year=self.year)
        for day in self.adjusted_workdays:
            if day.weekday() < 5:
                raise InvalidValue("adjusted working day {day} is not a weekend day", day=day.isoformat())
        both = self.holidays & self.adjusted_workdays
        if both:
            raise InvalidValue("{day} cannot be both a holiday and a working day", day=min(both).isoformat())

    def kind_of(self, day: date) -> DayKind:
        if day in self.adjusted_workdays:
            return DayKind.ADJUSTED_WORKDAY
        if day in self.holidays:
            return DayKind.HOLIDAY
        return DayKind.REST_DAY if day.weekday() >= 5 else DayKind.WORKDAY

    def is_working_day(self, day: date) -> bool:
        return self.kind_of(day) in (DayKind.WORKDAY, DayKind.ADJUSTED_WORKDAY)
