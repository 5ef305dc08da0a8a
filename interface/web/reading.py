"""What a page reads, as the signed-in person: reports of the registry and a case's records, through the
same services (and the same role and department checks) as the API, each read logged."""

from __future__ import annotations

from typing import Any

from application.reports.filters import ReportFilters
from interface.api.routes.reports import wait_for_views as wait_views
from interface.web.visitors import Visitor


def report(who: Visitor, name: str, filters: ReportFilters | None = None) -> list[dict[str, Any]]:
    """The rows of the report ``name`` as ``who`` may read them (and the read, in the read-access log)."""
    calendar = who.ledger.calendars.working_days(who.today.year)
    scoped, rows = who.views.reports.read(name, who.actor, filters or ReportFilters(), who.today, calendar)
    who.read(f"report:{name}", scoped.scope())
    return rows


def department_names(who: Visitor, rows: list[dict[str, Any]]) -> dict[str, str]:
    """The names of the departments ``rows`` name (a department the directory does not hold: its code)."""
    names = {}
    for code in {str(row["department"]) for row in rows if row.get("department") not in (None, "ALL")}:
        found = who.ledger.organisation.has_department(code)
        names[code] = who.ledger.organisation.department(code).name if found else code
    return names


def wait_for_views(who: Visitor, position: int) -> None:
    """Read-your-writes: wait (a few seconds at most, then 503) until the views hold ``position``, the act
    this person has just recorded."""
    wait_views(who.views, position, who.settings.view_wait_seconds)
