"""``DataSubject``: an applicant as a holder of personal data, without any of that data.

Its events say what may happen to the data: how long it is kept, whether a legal hold stops its
deletion, and when it was erased (the key that encrypts it destroyed). None of them carries a name,
an ID number, a phone or an address.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.business_time import require_aware
from domain.errors import DomainError, InvalidValue
from domain.ids import natural_id
from domain.organisation.actors import Actor


class LegalHoldInForce(DomainError):
    """Data under a legal hold (an audit, a lawsuit, an inspection) is not erased until the hold is lifted."""

    rule = "legal-hold-in-force"
    title = "Legal hold in force"


class AlreadyErased(DomainError):
    """The subject's data was already erased."""

    rule = "already-erased"
    title = "Already erased"


class DataSubject(Aggregate):
    @staticmethod
    def create_id(subject_id: str) -> Any:
        return natural_id("data-subject", subject_id)

    @event("Registered")
    def __init__(self, subject_id: str) -> None:
        self.subject_id = subject_id
        self.holds: dict[str, str] = {}
        self.retain_until: date | None = None
        self.erased_at: datetime | None = None

    def set_retention(self, *, until: date, basis: str, at: datetime, by: Actor) -> None:
        if not basis.strip():
            raise InvalidValue("a retention period needs its basis (the archive rule)")
        self._retention(until=until, basis=basis, occurred_at=require_aware(at), by=by)

    @event("RetentionSet")
    def _retention(self, until: date, basis: str, occurred_at: datetime, by: Actor) -> None:
        self.retain_until = until

    def place_hold(self, *, hold_id: str, reason: str, at: datetime, by: Actor) -> None:
        if not reason.strip():
            raise InvalidValue("a legal hold needs its reason")
        self._hold(hold_id=hold_id, reason=reason, occurred_at=require_aware(at), by=by)

    @event("LegalHoldPlaced")
    def _hold(self, hold_id: str, reason: str, occurred_at: datetime, by: Actor) -> None:
        self.holds[hold_id] = reason

    def release_hold(self, *, hold_id: str, at: datetime, by: Actor) -> None:
        if hold_id not in self.holds:
            raise InvalidValue("no legal hold {hold_id} on this subject", hold_id=hold_id)
        self._release(hold_id=hold_id, occurred_at=require_aware(at), by=by)

    @event("LegalHoldReleased")
    def _release(self, hold_id: str, occurred_at: datetime, by: Actor) -> None:
        del self.holds[hold_id]

    def erase(self, *, reason: str, at: datetime, by: Actor) -> None:
        """Record the erasure; the key is destroyed once this is recorded."""
        if self.erased_at is not None:
            raise AlreadyErased(
                "subject {subject_id} was erased on {erased_at:%Y-%m-%d}",
                subject_id=self.subject_id,
                erased_at=self.erased_at,
            )
        if self.holds:
            raise LegalHoldInForce(
                "subject {subject_id} is under {holds}", subject_id=self.subject_id, holds=", ".join(self.holds)
            )
        self._erase(reason=reason, occurred_at=require_aware(at), by=by)

    @event("Erased")
    def _erase(self, reason: str, occurred_at: datetime, by: Actor) -> None:
        self.erased_at = occurred_at
