"""Frozen answers the application gives: never an aggregate, always a snapshot a caller may keep."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.clocks import ClockReading


@dataclass(frozen=True)
class CommandResult:
    """What a command reached: the case's new version and the ledger position of its last event."""

    case_no: str
    version: int
    position: int
    replayed: bool = False  # True when an idempotency key returned an earlier result


@dataclass(frozen=True)
class PersonView:
    person_id: str
    name: str
    role: str
    department: str | None
    section: str | None
    active: bool = True
    tokens: tuple[str, ...] = ()  # the ids of bearer tokens in force (a hash's first 12 hex digits)


@dataclass(frozen=True)
class StepView:
    """A step of the case's item, by its number (from 0) and name."""

    index: int
    name: str


@dataclass(frozen=True)
class CaseView:
    """A case as it stands now, with its clocks read on ``as_of``."""

    case_no: str
    version: int
    status: str
    item_code: str
    item_name: str
    item_version: int
    department: str
    kind: str
    procedure: str
    applicant_subject: str
    applicant_name: str
    channel: str
    holder: PersonView
    in_transit_to: PersonView | None
    current_step: str | None
    step_index: int
    steps_total: int
    green_channel: str | None  # the project whose green channel the case runs in
    joined_steps: tuple[StepView, ...]  # the joined steps still to be signed (并联审查)
    returns: int
    suspension: str | None
    extension_granted: bool
    deemed_accepted: bool
    outcome: str | None
    rating: int | None
    received_at: datetime
    accepted_at: datetime | None
    decided_at: datetime | None
    delivered_at: datetime | None
    as_of: datetime
    clocks: tuple[ClockReading, ...]

    def clock(self, name: str) -> ClockReading | None:
        return next((c for c in self.clocks if c.name.value == name), None)


@dataclass(frozen=True)
class EventView:
    """One event of a case's history, as an auditor reads it."""

    version: int
    type: str
    occurred_at: datetime | None
    recorded_at: datetime
    actor: PersonView | None
    channel: str | None
    details: dict[str, Any]
    clocks_after: tuple[ClockReading, ...] = ()  # the case's clocks once the event took effect


@dataclass(frozen=True)
class PublicStatus:
    """The public status query's answer (the SMS-query stand-in): no personal data."""

    case_no: str
    status: str
    item_name: str
    current_step: str | None
    due_on: date | None
    provisional: bool
