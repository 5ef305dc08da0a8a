"""Appointments (预约): an hour at a department's window booked ahead, cancelled, kept or missed.

Which days may be booked is the domain's rule (``WindowDay.book``, on the calendar in force). Each window
and day is one record (``WindowDay``), made at its first booking with the hour's capacity (``CAPACITY``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from application.calendars import Calendars
from application.catalogue import Catalogue
from application.organisation import Organisation
from application.plumbing.store import LedgerStore
from application.supervision.orders import new_number
from domain.business_time import legal_day
from domain.errors import InvalidValue, phrase
from domain.organisation.actors import Actor
from domain.prereview.appointment import WindowDay

CAPACITY = 4  # appointments an hour takes at a window


class Appointments:
    def __init__(
        self, store: LedgerStore, calendars: Calendars, organisation: Organisation, catalogue: Catalogue
    ) -> None:
        self.store, self.calendars, self.organisation, self.catalogue = store, calendars, organisation, catalogue

    def book(
        self,
        *,
        department: str,
        window: str,
        day: date,
        hour: int,
        subject_id: str,
        item_code: str,
        at: datetime,
        by: Actor,
    ) -> str:
        """预约: the appointment's reference (``YY`` and the day, then a random part)."""
        if window not in self.organisation.department(department).windows:
            raise InvalidValue("{department} has no window {window}", department=department, window=window)
        if self.catalogue.item_terms(item_code).department != department:
            raise InvalidValue("{code} is not an item of {department}", code=item_code, department=department)
        calendar = self.calendars.working_days(legal_day(at).year)
        ref = new_number("YY", at)

        def booked(record: WindowDay) -> None:
            record.book(ref=ref, hour=hour, subject_id=subject_id, item_code=item_code, at=at, by=by, calendar=calendar)

        self._on(department, window, day, booked, create=True)
        return ref

    def cancel(self, department: str, window: str, day: date, ref: str, *, at: datetime, by: Actor) -> int:
        return self._on(department, window, day, lambda record: record.cancel(ref, at=at, by=by))

    def arrive(self, department: str, window: str, day: date, ref: str, *, at: datetime, by: Actor) -> int:
        return self._on(department, window, day, lambda record: record.arrive(ref, at=at, by=by))

    def miss(self, department: str, window: str, day: date, ref: str, *, at: datetime, by: Actor) -> int:
        return self._on(department, window, day, lambda record: record.miss(ref, at=at, by=by))

    def window_day(self, window: str, day: date) -> WindowDay:
        what = phrase("appointments at {window} on {day}", window=window, day=day)
        return self.store.load(WindowDay, WindowDay.id_for(window, day), what)

    def _on(
        self, department: str, window: str, day: date, act: Callable[[WindowDay], None], create: bool = False
    ) -> int:
        def attempt() -> int:
            if create and not self.store.exists(WindowDay.id_for(window, day)):
                record = WindowDay.open(window=window, department=department, day=day, capacity=CAPACITY)
            else:
                record = self.window_day(window, day)
            act(record)
            return self.store.commit(record)

        # Two bookings of the same window and day at once: the second is decided again on fresh state, so
        # the capacity holds however many book at the same moment.
        return self.store.retrying(attempt, retry=True, tries=10)
