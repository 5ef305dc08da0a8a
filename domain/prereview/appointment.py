"""``WindowDay``: the appointments (预约) booked at one window on one day (service-modes.md 4).

An applicant (or an agent, a village station, the online hall for them) books an hour at a window, from
the next working day up to ``BOOK_AHEAD_DAYS`` working days ahead, in the hall's opening hours; an hour
takes ``capacity`` appointments, an applicant one per window and day. Cancelled up to ``CANCEL_BEFORE``
before the hour; at the window the applicant is seen (arrived) or, after the hour, recorded as not
having come (no-show). One aggregate per window and day keeps the capacity exact under concurrent
bookings: two bookings of the last place cannot both be recorded.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from eventsourcing.domain import Aggregate

from domain.business_time import SHANGHAI, legal_day, require_aware
from domain.calendar.working_days import WorkingDays
from domain.case.errors import NotAuthorised
from domain.errors import DomainError, InvalidValue
from domain.ids import natural_id
from domain.organisation.actors import Actor, Authority, Role

OPENING_HOURS = (9, 10, 11, 14, 15, 16)  # the hours an appointment starts at (the hall closes 12:00-14:00)
BOOK_AHEAD_DAYS = 5  # working days ahead, at most
CANCEL_BEFORE = timedelta(hours=2)
ON_BEHALF = frozenset({Role.APPLICANT, Role.SYSTEM})  # the online hall, for the applicant
BOOKING_ROLES = ON_BEHALF | {Role.AGENT, Role.VILLAGE_STATION_CLERK}


class AppointmentRuleBroken(DomainError):
    rule = "appointment"
    title = "Appointment rule broken"


class AppointmentStatus(enum.Enum):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    ARRIVED = "arrived"
    NO_SHOW = "no_show"


@dataclass(frozen=True)
class Booking:
    ref: str
    hour: int
    subject_id: str
    item_code: str
    booked_by: str
    status: AppointmentStatus = AppointmentStatus.BOOKED

    def starts(self, day: date) -> datetime:
        return datetime.combine(day, time(self.hour), tzinfo=SHANGHAI)


class WindowDay(Aggregate):
    class Opened(Aggregate.Created):
        window: str
        department: str
        day: date
        capacity: int

    class Booked(Aggregate.Event):
        ref: str
        hour: int
        subject_id: str
        item_code: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            booking = Booking(self.ref, self.hour, self.subject_id, self.item_code, self.by.person_id)
            aggregate.bookings[self.ref] = booking

    class Settled(Aggregate.Event):
        """A booking cancelled, seen at the window, or not come."""

        ref: str
        status: AppointmentStatus
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            booking = aggregate.bookings[self.ref]
            aggregate.bookings[self.ref] = Booking(
                booking.ref, booking.hour, booking.subject_id, booking.item_code, booking.booked_by, self.status
            )

    @staticmethod
    def id_for(window: str, day: date) -> Any:
        return natural_id("window-day", f"{window}:{day.isoformat()}")

    def __init__(self, window: str, department: str, day: date, capacity: int) -> None:
        self.window, self.department, self.day, self.capacity = window, department, day, capacity
        self.bookings: dict[str, Booking] = {}

    @classmethod
    def open(cls, *, window: str, department: str, day: date, capacity: int) -> WindowDay:
        if not 1 <= capacity <= 20:
            raise AppointmentRuleBroken("an hour takes 1 to 20 appointments, not {capacity}", capacity=capacity)
        return cls._create(
            cls.Opened, id=cls.id_for(window, day), window=window, department=department, day=day, capacity=capacity
        )

    def taken(self, hour: int) -> int:
        return sum(1 for b in self.bookings.values() if b.hour == hour and b.status is not AppointmentStatus.CANCELLED)

    def book(
        self, *, ref: str, hour: int, subject_id: str, item_code: str, at: datetime, by: Actor, calendar: WorkingDays
    ) -> None:
        """Book ``hour`` for ``subject_id`` at ``at``: a working day from the next one to the
        ``BOOK_AHEAD_DAYS``-th after today."""
        require_aware(at)
        if not calendar.is_working_day(self.day):
            raise InvalidValue("{day} is not a working day", day=self.day)
        today = legal_day(at)
        first, last = calendar.add(today, 1).on, calendar.add(today, BOOK_AHEAD_DAYS).on
        if by.role not in BOOKING_ROLES:
            raise NotAuthorised("a {role} does not book appointments", role=by.role)
        if not first <= self.day <= last:
            raise AppointmentRuleBroken(
                "{day} is not bookable today: from {first} to {last}", day=self.day, first=first, last=last
            )
        if hour not in OPENING_HOURS:
            raise AppointmentRuleBroken(
                "the hall takes appointments at {hours}, not at {hour}", hours=OPENING_HOURS, hour=hour
            )
        if self.taken(hour) >= self.capacity:
            raise AppointmentRuleBroken(
                "{window} is fully booked at {hour}:00 on {day}", window=self.window, hour=hour, day=self.day
            )
        if any(b.subject_id == subject_id and b.status is AppointmentStatus.BOOKED for b in self.bookings.values()):
            raise AppointmentRuleBroken(
                "{subject} already has an appointment at {window} on {day}",
                subject=subject_id,
                window=self.window,
                day=self.day,
            )
        self.trigger_event(
            self.Booked, ref=ref, hour=hour, subject_id=subject_id, item_code=item_code, occurred_at=at, by=by
        )

    def cancel(self, ref: str, *, at: datetime, by: Actor) -> None:
        booking = self._booked(ref, at)
        if by.person_id != booking.booked_by and by.role not in ON_BEHALF:
            raise NotAuthorised("{name} did not book {ref}", name=by.name, ref=ref)
        if at > booking.starts(self.day) - CANCEL_BEFORE:
            raise AppointmentRuleBroken("{ref} is cancelled two hours before its hour at the latest", ref=ref)
        self.trigger_event(self.Settled, ref=ref, status=AppointmentStatus.CANCELLED, occurred_at=at, by=by)

    def arrive(self, ref: str, *, at: datetime, by: Actor) -> None:
        """The applicant came and was seen at the window."""
        booking = self._booked(ref, at)
        self._check_window_staff(by)
        if legal_day(at) != self.day:
            raise AppointmentRuleBroken("{ref} is for {day}", ref=ref, day=self.day)
        self.trigger_event(self.Settled, ref=booking.ref, status=AppointmentStatus.ARRIVED, occurred_at=at, by=by)

    def miss(self, ref: str, *, at: datetime, by: Actor) -> None:
        """失约: the hour passed and the applicant did not come."""
        booking = self._booked(ref, at)
        if by.role is not Role.SYSTEM:
            self._check_window_staff(by)
        if at < booking.starts(self.day) + timedelta(hours=1):
            raise AppointmentRuleBroken("{ref}'s hour has not passed", ref=ref)
        self.trigger_event(self.Settled, ref=booking.ref, status=AppointmentStatus.NO_SHOW, occurred_at=at, by=by)

    def _booked(self, ref: str, at: datetime) -> Booking:
        require_aware(at)
        booking = self.bookings.get(ref)
        if booking is None or booking.status is not AppointmentStatus.BOOKED:
            raise AppointmentRuleBroken(
                "no appointment {ref} is booked at {window} on {day}", ref=ref, window=self.window, day=self.day
            )
        return booking

    def _check_window_staff(self, by: Actor) -> None:
        if not (by.may(Authority.ACCEPT) and by.department == self.department):
            raise NotAuthorised("{name} does not work at {window}", name=by.name, window=self.window)
