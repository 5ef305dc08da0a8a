"""A window's appointments (预约) in the console: the day's bookings at one window, hour by hour, and the
window recording each as kept (到场) or missed (失约), or cancelling it for the applicant (取消)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Path, Query
from starlette.responses import RedirectResponse, Response

from domain.errors import NotFound, phrase
from domain.prereview.appointment import OPENING_HOURS, Booking
from domain.supervision.access import check_may_read_record
from interface.web.visitors import PREFIX, FormDep, VisitorDep

router = APIRouter(prefix=PREFIX, include_in_schema=False)
Code = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
AskedWindow = Annotated[str | None, Query(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
AskedDay = Annotated[date | None, Query()]
Ref = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Z0-9]+$")]
Act = Literal["arrival", "no-show", "cancellation"]
Done = Annotated[str | None, Query(max_length=16, pattern=r"^[a-z-]+$")]


@router.get("/appointments")
def window_day(who: VisitorDep, window: AskedWindow = None, day: AskedDay = None, done: Done = None) -> Response:
    """One window's appointments on a day (by default this person's department's first window, today)."""
    asked = window or (f"{who.actor.department}-W1" if who.actor.department else None)
    on = day or who.today
    bookings: list[Booking] = []
    department, capacity = None, None
    if asked is not None:
        try:
            record = who.ledger.appointments.window_day(asked, on)
        except NotFound:
            record = None  # nothing booked there that day
        if record is not None:
            what = phrase("appointments at {window} on {day}", window=asked, day=on)
            check_may_read_record(what, record.department, who.actor)
            department, capacity = record.department, record.capacity
            bookings = sorted(record.bookings.values(), key=lambda b: (b.hour, b.ref))
        who.read("appointments", f"{asked}:{on.isoformat()}")
    return who.page(
        "appointments.html",
        window=asked or "",
        day=on,
        department=department,
        capacity=capacity,
        hours=OPENING_HOURS,
        bookings=bookings,
        done=done,
    )


@router.post("/appointments/{department}/{window}/{day}/{ref}/{act}")
def settle(who: VisitorDep, form: FormDep, department: Code, window: Code, day: date, ref: Ref, act: Act) -> Response:
    """到场, 失约 or 取消, recorded now by this person (the window day's rules decide who may)."""
    appointments = who.ledger.appointments
    record = {"cancellation": appointments.cancel, "arrival": appointments.arrive, "no-show": appointments.miss}[act]
    record(department, window, day, ref, at=who.now, by=who.actor)
    back = f"{PREFIX}/appointments?window={quote(window)}&day={day.isoformat()}&done={act}"
    return RedirectResponse(back, status_code=303)
