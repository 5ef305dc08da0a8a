"""Response bodies: command results, cases, clocks, events and the public status."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from application.dto import CaseView, CommandResult, EventView, PersonView
from domain.clocks import ClockReading


class CommandOut(BaseModel):
    """What a command reached; ``position`` is the ledger position for read-your-writes. A keyed command
    repeated answers exactly this again, with the header ``Idempotent-Replayed: true``."""

    case_no: str
    version: int
    position: int

    @classmethod
    def of(cls, result: CommandResult) -> CommandOut:
        return cls(case_no=result.case_no, version=result.version, position=result.position)


class ReceiptOut(CommandOut):
    """The answer to a receipt: what the command reached, and the applicant's query code (查询码), shown
    here and on the printed receipt only (the ledger never stores it)."""

    query_code: str


class PersonOut(BaseModel):
    person_id: str
    name: str
    role: str
    department: str | None
    section: str | None
    active: bool
    tokens: list[str]  # the ids of bearer tokens in force (revoke one by its id)

    @classmethod
    def of(cls, person: PersonView) -> PersonOut:
        return cls(**vars(person))


class ClockOut(BaseModel):
    name: str
    started_on: date
    limit: int
    extension: int
    due_on: date
    calendar: str
    provisional: bool
    elapsed: int
    remaining: int
    overdue: int
    running: bool
    paused: bool

    @classmethod
    def of(cls, reading: ClockReading) -> ClockOut:
        values = {k: v for k, v in vars(reading).items() if k != "name"}
        return cls(name=reading.name.value, overdue=reading.overdue, **values)


class StepOut(BaseModel):
    index: int  # from 0, as a joint signature names it
    name: str


class CaseOut(BaseModel):
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
    holder: PersonOut
    in_transit_to: PersonOut | None
    current_step: str | None
    step_index: int
    steps_total: int
    green_channel: str | None  # the project whose green channel the case runs in (绿色通道)
    joined_steps: list[StepOut]  # the joined steps still to be signed (并联审查)
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
    clocks: list[ClockOut]

    @classmethod
    def of(cls, view: CaseView) -> CaseOut:
        values = dict(vars(view))
        values["holder"] = PersonOut.of(view.holder)
        values["in_transit_to"] = PersonOut.of(view.in_transit_to) if view.in_transit_to else None
        values["clocks"] = [ClockOut.of(c) for c in view.clocks]
        values["joined_steps"] = [StepOut(index=s.index, name=s.name) for s in view.joined_steps]
        return cls(**values)


class EventOut(BaseModel):
    version: int
    type: str
    occurred_at: datetime | None
    recorded_at: datetime
    actor: PersonOut | None
    channel: str | None
    details: dict[str, Any]
    clocks_after: list[ClockOut] = []

    @classmethod
    def of(cls, view: EventView) -> EventOut:
        actor = PersonOut.of(view.actor) if view.actor else None
        return cls(
            version=view.version,
            type=view.type,
            occurred_at=view.occurred_at,
            recorded_at=view.recorded_at,
            actor=actor,
            channel=view.channel,
            details=view.details,
            clocks_after=[ClockOut.of(c) for c in view.clocks_after],
        )


class PublicStatusOut(BaseModel):
    """What an applicant may learn with the case number and the query code: nothing personal."""

    case_no: str
    status: str
    item_name: str
    current_step: str | None
    due_on: date | None
    provisional: bool


class PositionOut(BaseModel):
    position: int
