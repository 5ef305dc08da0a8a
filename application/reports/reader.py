"""What the reports read of the views: one query per report (SQL in the infrastructure, the same on
SQLite and PostgreSQL), and the few the folds and the watcher need besides."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol

from application.reports.filters import ReportFilters

Rows = list[dict[str, Any]]


class ViewReader(Protocol):
    """Read-only queries over the views."""

    def queue(self, filters: ReportFilters) -> Rows:
        """The running cases (and decided ones awaiting delivery) by committed due date."""

    def overdue(self, filters: ReportFilters, today: date) -> Rows:
        """The cases past a due date on ``today``, with the due dates (the fold counts the days)."""

    def warnings(self, filters: ReportFilters) -> Rows: ...

    def red_flags(self, filters: ReportFilters) -> Rows: ...

    def kpi(self, filters: ReportFilters) -> Rows:
        """KPI counts per department (per item within one department): ``grp`` and the counts."""

    def kpi_months(self, filters: ReportFilters, months: Sequence[tuple[str, date]], end: date) -> Rows:
        """``kpi`` of each month at once: ``months`` are their names and first days, ``end`` the day after the
        last; each row names its ``month``."""

    def nonconformities(self, filters: ReportFilters) -> Rows: ...

    def capa(self, filters: ReportFilters) -> Rows: ...

    def catalogue(self, filters: ReportFilters) -> Rows: ...

    def complaints(self, filters: ReportFilters) -> Rows:
        """The register of complaints filed in the period (against the department), by filing."""

    def findings(self, filters: ReportFilters) -> Rows:
        """The responsibility findings decided in the period, by department and person."""

    def evaluation_figures(self, first: date, last: date) -> Rows:
        """Each department's figures from ``first`` to ``last`` (``DepartmentFigures``'s fields), one row per
        department with something in the quarter."""

    def evaluations(self, filters: ReportFilters) -> Rows:
        """The published evaluations of the quarters beginning in the period, by department."""

    def documents(self, filters: ReportFilters) -> Rows:
        """The case files' documents, of the cases received in the period, by department."""

    def deadlines(self, filters: ReportFilters) -> Rows:
        """The case files' deadlines reconciled, of the cases received in the period, by department."""

    def concluded_cases(self, first: date, last: date) -> dict[str, list[str]]:
        """Each department's cases concluded from ``first`` to ``last`` (an audit's population)."""

    def custody(self, case_no: str) -> Rows:
        """A case's custody intervals in order: bucket, holder, step, from and to, working days, overrun."""

    def case_file(self, case_no: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """A case's documents and deadlines rows."""

    def audit_checks(self, filters: ReportFilters) -> Rows:
        """The internal audits' checked cases, in the period they were checked, by department."""

    def review_figures(self, first: date, last: date) -> dict[str, Rows]:
        """A management review's figures from ``first`` to ``last``, by what they measure: ``cases`` and
        ``complaints`` (one row of totals each), ``steps``, ``nonconformities``, ``capa``, ``audits`` and
        ``backlog`` (open at the end of the period, per department)."""

    def attribution(self, filters: ReportFilters) -> Rows:
        """The custody intervals held past their step's budget, begun in the period, by holder."""

    def complaints_past_due(self, today: date) -> list[str]:
        """The complaints not yet flagged whose rectification was due before ``today`` and not reported by then."""

    def agency_cases(self, filters: ReportFilters) -> Rows:
        """The cases agents filed in the period (of a department): agent, enterprise, turnaround."""

    def consultations(self, filters: ReportFilters) -> Rows:
        """The questions asked in the period (of a department), answered or not."""

    def mandates(self, filters: ReportFilters) -> Rows:
        """The agents' mandates signed in the period, as each stands now (its scope, period, termination)."""

    def projects(self, filters: ReportFilters) -> Rows:
        """The investment projects registered in the period, with their plans' totals."""

    def pre_reviews(self, filters: ReportFilters) -> Rows:
        """The pre-reviews submitted in the period (of a department), in the order they came."""

    def supervision_orders(self, filters: ReportFilters) -> Rows:
        """The register of supervision orders opened in the period (and department), by opening."""

    def responsibility(self, filters: ReportFilters, group: str) -> tuple[Rows, Rows]:
        """Responsibility totals of the closed custody intervals per ``group`` (the ``GROUP_KEYS`` columns,
        then ``cases_held``, ``working_days``, ``overrun_days``, ``overrun_steps``, ``concluded``,
        ``on_time``, ``negative``), and the open intervals (with ``from_at``, ``day_zero``, ``step_due``
        and ``overrun_counted``: whether that step already counts as overrun in the group)."""

    def warning_counts(self, filters: ReportFilters, group: str) -> dict[tuple[str, ...], int]:
        """Warnings and breaches by the holder's person, section or department."""

    def breaches(self, filters: ReportFilters) -> Rows:
        """Every breach (red, statutory) not withdrawn whose overdue time meets the filters' period: its
        case (item, current status), clock, step, due date, holder, and when it was crossed and cleared."""

    def open_cases(self) -> list[str]: ...

    def orders_past_due(self, today: date) -> list[str]:
        """The supervision orders not yet flagged whose due date passed before ``today`` while they were
        open (still open, or closed after it)."""

    def unsupervised_alarms(self, today: date) -> list[tuple[str, tuple[datetime, ...]]]:
        """The cases with an alarm not yet flagged B001 whose last day for supervision passed before
        ``today`` with no order opened on the case by then, each with when its orders were opened."""

    def lapsing_warnings(self, today: date) -> list[str]:
        """The cases with a prompt or yellow warning still open after its last day."""

    def cases_of_item(self, item_code: str) -> Rows:
        """The cases of an item (number, receipt, decision), in the order they were received."""

    def meetings_past_due(self, today: date) -> list[str]:
        """The meetings with actions past their day on ``today``, neither done nor recorded overdue."""

    def meeting_actions(self, filters: ReportFilters) -> Rows:
        """The actions of the meetings held in the period (of a department)."""

    def ratings_not_taken_up(self) -> list[str]:
        """The cases rated negatively (1 or 2 stars) whose rating is not yet a complaint."""

    def ended_cases(self, *, after_position: int | None, closed_since: date) -> list[str]:
        """The cases no longer running whose last event came after ``after_position`` (if None: that ended
        on or after ``closed_since``)."""

    def open_nonconformities(self, nc_ids: tuple[str, ...]) -> set[str]:
        """Which of ``nc_ids`` stand in the nonconformity register."""

    def case_numbers(self, filters: ReportFilters) -> list[str]:
        """Every case received in the period (and department) of ``filters``."""
