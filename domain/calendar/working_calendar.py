"""The ``WorkingCalendar`` aggregate: one year's legal calendar, versioned by events."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate

from domain.calendar.schedule import YearSchedule
from domain.errors import InvalidValue
from domain.ids import natural_id


class WorkingCalendar(Aggregate):
    """工作日历 for one year. Version 1 is seeded (from the library data, or provisional from the
    holiday law); each published State Council notice is a new version. Old versions stay readable,
    and every due date names the version it was computed with.
    """

    class Seeded(Aggregate.Created):
        schedule: YearSchedule

    class Published(Aggregate.Event):
        """A State Council notice for the year, recorded as the calendar in force from now on."""

        schedule: YearSchedule

        def apply(self, aggregate: Any) -> None:
            aggregate.schedule = self.schedule

    def __init__(self, schedule: YearSchedule) -> None:
        self.schedule = schedule

    @staticmethod
    def id_for(year: int) -> Any:
        return natural_id("working-calendar", str(year))

    @classmethod
    def seed(cls, schedule: YearSchedule) -> WorkingCalendar:
        return cls._create(cls.Seeded, id=cls.id_for(schedule.year), schedule=schedule)

    @property
    def year(self) -> int:
        return self.schedule.year

    def publish(self, schedule: YearSchedule) -> None:
        if schedule.year != self.year:
            raise InvalidValue(
                "a {year} schedule cannot be published on the {year2} calendar", year=schedule.year, year2=self.year
            )
        if schedule.provisional:
            raise InvalidValue("a published schedule cannot be provisional")
        if schedule == self.schedule:
            return  # publishing the same notice again changes nothing
        self.trigger_event(self.Published, schedule=schedule)
