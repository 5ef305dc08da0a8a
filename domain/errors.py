"""Named domain errors: every rule of the service hall that a command can break has one.

Each error carries a stable ``rule`` name (used as the problem ``type`` at the HTTP edge) and a
human message. Errors never leave a partial event behind: guards run before any event is triggered.
"""

from __future__ import annotations


class DomainError(Exception):
    """A command broke a rule of the ledger. ``rule`` is stable; the message is for people."""

    rule: str = "domain-rule"
    title: str = "Domain rule violated"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    rule = "not-found"
    title = "No such record"


class InvalidValue(DomainError):
    """A value object was built from values the domain does not accept."""

    rule = "invalid-value"
    title = "Invalid value"


class CalendarUnavailable(DomainError):
    """No working calendar (official or provisional) is loaded for a year a clock needs."""

    rule = "calendar-unavailable"
    title = "No working calendar for that year"


class ConcurrencyConflict(DomainError):
    """Somebody else changed the record between our read and our write."""

    rule = "concurrency-conflict"
    title = "The record was changed concurrently"


class AlreadyExists(DomainError):
    """Creating something whose natural key is taken (an item code, a person id, a case number)."""

    rule = "already-exists"
    title = "Already exists"
