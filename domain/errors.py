"""Named domain errors: every rule of the service hall that a command can break has one.

Each error carries a stable ``rule`` name (used as the problem ``type`` at the HTTP edge) and a
human message. Errors never leave a partial event behind: guards run before any event is triggered.

A message is a *template* with named values (``"{case_no} is held by {name}"``, ``case_no=...``), never
a sentence composed beforehand: the edge says it in the reader's language by translating the template
(a catalogue msgid), each enum value by its glossary word and each ``Phrase`` by its own msgid, then
filling the values in. ``tests/test_architecture.py`` keeps every raise site to a literal template.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping


class Phrase(str):
    """A piece of a rule's message said by the domain (``"the reason"``, ``"case {case_no}"``): a
    template of its own with its values, in English as a string, translated where the message is."""

    template: str
    values: Mapping[str, object]

    def __new__(cls, template: str, /, **values: object) -> Phrase:
        said = super().__new__(cls, in_english(template, values))
        said.template, said.values = template, values
        return said


def phrase(template: str, /, **values: object) -> Phrase:
    """Marks the literal ``template`` as a phrase of a message (the catalogue finds it by this name; a
    phrase whose template is a msgid found otherwise is made with ``Phrase``)."""
    return Phrase(template, **values)


def in_english(template: str, values: Mapping[str, object]) -> str:
    """The template with its values: an enum by its value, a tuple as a list."""
    if not values:
        return template
    return template.format_map({name: _english(value) for name, value in values.items()})


def _english(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return ", ".join(str(_english(each)) for each in value)
    return value


class DomainError(Exception):
    """A command broke a rule of the ledger. ``rule`` is stable; the message is for people, composed
    from ``template`` and ``values``."""

    rule: str = "domain-rule"
    title: str = "Domain rule violated"

    def __init__(self, template: str, /, **values: object) -> None:
        message = in_english(template, values)
        super().__init__(message)
        self.template = template
        self.values = values
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
