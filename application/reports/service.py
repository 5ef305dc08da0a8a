"""``Reports``: a report of the registry run with its filters checked and its views known to be running."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from application.projections.store import ViewStatus
from application.reports.filters import Directory, ReportFilters, ViewStopped, check_filters
from application.reports.reader import ViewReader
from application.reports.registry import BY_NAME, NAMES, Query, Report
from domain.calendar.working_days import WorkingDays
from domain.case.access import report_scope
from domain.errors import InvalidValue
from domain.organisation.actors import Actor
from domain.supervision.access import personal_scope


class Reports:
    def __init__(self, reader: ViewReader, status: Callable[[str], ViewStatus], directory: Directory) -> None:
        self.reader, self.status, self.directory = reader, status, directory

    def run(self, name: str, filters: ReportFilters, today: date, calendar: WorkingDays) -> list[dict[str, Any]]:
        report = self.definition(name)
        check_filters(filters, self.directory)
        unknown = filters.named() - report.filters
        if unknown:
            honoured = ", ".join(sorted(report.filters))
            raise InvalidValue(
                "the {name} report is not filtered by {unknown} (only {honoured})",
                name=name,
                unknown=", ".join(sorted(unknown)),
                honoured=honoured,
            )
        missing = report.required - filters.named()
        if missing:
            raise InvalidValue(
                "the {name} report is read with {missing} given", name=name, missing=", ".join(sorted(missing))
            )
        self.ensure_running(report.views)
        return report.rows(Query(self.reader, filters, today, calendar))

    def read(
        self, name: str, reader: Actor, filters: ReportFilters, today: date, calendar: WorkingDays
    ) -> tuple[ReportFilters, list[dict[str, Any]]]:
        """A report as ``reader`` may read it: a department's staff see their department's rows, and a
        personal report shows those who are not its readers their own rows only. The filters it was
        read with (as scoped, for the read-access log) and its rows; the API and the console both ask here."""
        report = self.definition(name)
        department = report_scope(reader, filters.department)
        person = personal_scope(reader, filters.person) if report.personal else filters.person
        scoped = replace(filters, department=department, person=person)
        return scoped, self.run(name, scoped, today, calendar)

    @staticmethod
    def definition(name: str) -> Report:
        if name not in BY_NAME:
            raise InvalidValue("no report '{name}' (reports: {names})", name=name, names=", ".join(NAMES))
        return BY_NAME[name]

    def ensure_running(self, views: tuple[str, ...]) -> None:
        """Raise ``ViewStopped`` if one of ``views`` has stopped."""
        for view in views:
            status = self.status(view)
            if status.stopped:
                raise ViewStopped(
                    "the {view} view stopped at position {position} ({error}); "
                    "rebuild it: caseledger project rebuild {view}",
                    view=view,
                    position=status.position,
                    error=status.error,
                )

    def case_numbers(self, filters: ReportFilters) -> list[str]:
        return self.reader.case_numbers(filters)

    def unknown_nonconformities(self, nc_ids: tuple[str, ...]) -> list[str]:
        """Those of ``nc_ids`` the nonconformity register does not hold open."""
        self.ensure_running(BY_NAME["nonconformities"].views)
        held = self.reader.open_nonconformities(nc_ids)
        return [nc_id for nc_id in nc_ids if nc_id not in held]
