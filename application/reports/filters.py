"""The filters every user asks for (period, department, section, person, ...), and their checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date

from domain.case.values import CaseStatus, WarningLevel
from domain.errors import DomainError, InvalidValue

LEVELS = frozenset(level.value for level in WarningLevel)
STATUSES = frozenset(status.value for status in CaseStatus)
GROUPS = ("person", "section", "department")


@dataclass(frozen=True)
class ReportFilters:
    """Which rows: a period (inclusive days), a department, a section, a person; ``group`` for totals."""

    date_from: date | None = None
    date_to: date | None = None
    department: str | None = None
    section: str | None = None
    person: str | None = None
    group: str = "person"  # responsibility totals by person, section or department
    status: str | None = None  # queue: one status
    level: str | None = None  # queue: warning level; warnings: level
    due_before: date | None = None  # queue: committed due date on or before

    def scope(self) -> str:
        """Whose rows were read, as the read-access log says it."""
        return f"department={self.department or '*'} section={self.section or '*'} person={self.person or '*'}"

    def named(self) -> frozenset[str]:
        """The filters given (a period counts as ``period``; ``group`` when it is not the default)."""
        given = {f.name for f in fields(self) if getattr(self, f.name) is not None and f.name != "group"}
        if given & {"date_from", "date_to"}:
            given = (given - {"date_from", "date_to"}) | {"period"}
        return frozenset(given | ({"group"} if self.group != "person" else set()))


@dataclass(frozen=True)
class Directory:
    """Who and what exists, so that a filter naming an unknown department or person is an error, not an
    empty report."""

    has_department: Callable[[str], bool]
    has_person: Callable[[str], bool]


class ViewStopped(DomainError):
    """A view this report reads stopped on an event it could not apply; it answers again once rebuilt."""

    rule = "view-stopped"
    title = "View stopped"


def check_filters(filters: ReportFilters, directory: Directory) -> None:
    """Refuse filters that could only ever give an empty answer by mistake (``InvalidValue``: 422)."""
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise InvalidValue(
            "the period ends ({date_to}) before it begins ({date_from})",
            date_to=filters.date_to,
            date_from=filters.date_from,
        )
    if filters.level is not None and filters.level not in LEVELS:
        raise InvalidValue(
            "no warning level '{level}' (levels: {levels})", level=filters.level, levels=", ".join(sorted(LEVELS))
        )
    if filters.status is not None and filters.status not in STATUSES:
        raise InvalidValue(
            "no case status '{status}' (statuses: {statuses})",
            status=filters.status,
            statuses=", ".join(sorted(STATUSES)),
        )
    if filters.group not in GROUPS:
        raise InvalidValue("responsibility totals are by person, section or department")
    if filters.department is not None and not directory.has_department(filters.department):
        raise InvalidValue("no department '{department}'", department=filters.department)
    if filters.person is not None and not directory.has_person(filters.person):
        raise InvalidValue("no person '{person}'", person=filters.person)
