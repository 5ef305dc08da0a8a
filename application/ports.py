"""What the application needs from outside, stated as protocols the infrastructure implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

from eventsourcing.persistence import Notification

from domain.calendar.schedule import YearSchedule


class CalendarSource(Protocol):
    """Seed data for a year: the official schedule where known, else a provisional one."""

    def schedule_for(self, year: int) -> YearSchedule: ...


PART_BITS = (1 << 48) - 1  # the last 48 bits of an aggregate's id (its last group) decide its part


def part_of_id(originator_id: Any, parts: int) -> int:
    """The part of a rebuild (of ``parts``) an aggregate's events fall in: its id's last 48 bits modulo
    ``parts``, which a database reads from the id's text as well."""
    return int(originator_id.int & PART_BITS) % parts


@runtime_checkable
class PartLog(Protocol):
    """A log that reads the events of one part of a rebuild alone, leaving the others' in the database
    (each part of a rebuild would otherwise read, and drop, the whole log)."""

    def select_notifications_of_part(
        self, start: int, limit: int, stop: int, topics: Sequence[str], part: int, parts: int
    ) -> Sequence[Notification]: ...


class PositionIndex(Protocol):
    """Where in the log an aggregate's event stands (every recorder of the ledger answers it)."""

    def position_of(self, originator_id: UUID, version: int) -> int | None: ...
