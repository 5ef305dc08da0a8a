"""Appointments (预约) over HTTP: an hour at a department's window booked ahead (by the online hall for the
applicant, an agent or a village station), cancelled, and kept or missed as the window records it."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from domain.errors import phrase
from domain.prereview.appointment import AppointmentStatus
from domain.supervision.access import check_may_read_record
from interface.api.deps import CommandDep, LedgerDep, ReadLogDep, UserDep
from interface.api.problems import COMMAND_PROBLEMS
from interface.api.routes.paths import Key
from interface.api.schemas.base import Code, Timed, example

router = APIRouter(prefix="/appointments", tags=["pre-review"], responses=COMMAND_PROBLEMS)
Ref = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Z0-9]+$")]


class BookingIn(Timed):
    model_config = example(
        department="SJJ",
        window="SJJ-W1",
        day="2026-03-04",
        hour=9,
        subject_id="91510100MA6C8XYU1E",
        item_code="SJJ-003",
    )
    department: Code
    window: Code
    day: date
    hour: Annotated[int, Field(ge=0, le=23)]
    subject_id: Code
    item_code: Code


class ActIn(Timed):
    pass


class BookedOut(BaseModel):
    ref: str


class Recorded(BaseModel):
    position: int


class BookingOut(BaseModel):
    ref: str
    hour: int
    subject_id: str
    item_code: str
    booked_by: str
    status: AppointmentStatus


class WindowDayOut(BaseModel):
    window: str
    department: str
    day: date
    capacity: int
    bookings: list[BookingOut]


@router.post("", status_code=201, summary="预约: book an hour at a window")
async def book(body: BookingIn, cmd: CommandDep) -> BookedOut:
    at = cmd.at(body.occurred_at)

    def command() -> str:
        return cmd.ledger.appointments.book(
            department=body.department,
            window=body.window,
            day=body.day,
            hour=body.hour,
            subject_id=body.subject_id,
            item_code=body.item_code,
            at=at,
            by=cmd.user,
        )

    return BookedOut(ref=await cmd.threads.run(command))


Act = Literal["cancellation", "arrival", "no-show"]


@router.post(
    "/{department}/{window}/{day}/{ref}/{act}",
    summary="取消 (two hours before the hour at the latest), 到场 (came and was seen), 失约 (the hour passed)",
)
async def settle(department: Key, window: Key, day: date, ref: Ref, act: Act, body: ActIn, cmd: CommandDep) -> Recorded:
    at = cmd.at(body.occurred_at)
    appointments = cmd.ledger.appointments
    record = {"cancellation": appointments.cancel, "arrival": appointments.arrive, "no-show": appointments.miss}[act]
    position = await cmd.threads.run(lambda: record(department, window, day, ref, at=at, by=cmd.user))
    return Recorded(position=position)


@router.get("/{department}/{window}/{day}", summary="a window's appointments on a day")
def window_day(
    department: Key, window: Key, day: date, ledger: LedgerDep, user: UserDep, log: ReadLogDep
) -> WindowDayOut:
    check_may_read_record(phrase("appointments at {window} on {day}", window=window, day=day), department, user)
    record = ledger.appointments.window_day(window, day)
    log("appointments", f"{window}:{day.isoformat()}")
    return WindowDayOut(
        window=record.window,
        department=record.department,
        day=record.day,
        capacity=record.capacity,
        bookings=[BookingOut(**vars(b)) for b in sorted(record.bookings.values(), key=lambda b: (b.hour, b.ref))],
    )
