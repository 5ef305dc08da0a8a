"""What the application needs from outside, stated as protocols the infrastructure implements."""

from __future__ import annotations

from typing import Protocol

from domain.calendar.schedule import YearSchedule


class CalendarSource(Protocol):
    """Seed data for a year: the official schedule where known, else a provisional one."""

    def schedule_for(self, year: int) -> YearSchedule: ...
