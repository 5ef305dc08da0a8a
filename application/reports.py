"""Reports over the views, with the filters every user asks for (period, department, section, person).

Each report is a list of plain rows (dicts); a row about a case carries its ``case_no``. Most are read
straight from the views; the responsibility report adds up custody intervals, counting the working
days of intervals still open up to the day asked about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from application.projections.responsibility import GROUP_KEYS
from application.projections.store import ViewStatus
from domain.business_time import SHANGHAI, legal_day, start_of_day
from domain.calendar.working_days import WorkingDays
from domain.case.values import CaseStatus, WarningLevel
from domain.errors import DomainError, InvalidValue
from domain.quality import kpis

REPORTS = ("queue", "responsibility", "overdue", "warnings", "redflags", "kpi", "nonconformities", "capa", "catalogue")
# The views each report reads: a stopped one makes the report refuse to answer rather than answer short.
REPORT_VIEWS: dict[str, tuple[str, ...]] = {
    "queue": ("queue",),
    "responsibility": ("responsibility", "supervision"),
    "overdue": ("queue", "supervision"),
    "warnings": ("supervision",),
    "redflags": ("supervision",),
    "kpi": ("quality",),
    "nonconformities": ("supervision", "quality"),
    "capa": ("quality",),
    "catalogue": ("catalogue",),
}


@dataclass(frozen=True)
class Directory:
    """Who and what exists, so that a filter naming an unknown department or person is an error, not an
    empty report."""

    has_department: Callable[[str], bool]
    has_person: Callable[[str], bool]


def check_filters(filters: ReportFilters, directory: Directory) -> None:
    """Refuse filters that could only ever give an empty answer by mistake (``InvalidValue``: 422)."""
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise InvalidValue(f"the period ends ({filters.date_to}) before it begins ({filters.date_from})")
    if filters.level is not None and filters.level not in LEVELS:
        raise InvalidValue(f"no warning level '{filters.level}' (levels: {', '.join(sorted(LEVELS))})")
    if filters.status is not None and filters.status not in STATUSES:
        raise InvalidValue(f"no case status '{filters.status}' (statuses: {', '.join(sorted(STATUSES))})")
    if filters.department is not None and not directory.has_department(filters.department):
        raise InvalidValue(f"no department '{filters.department}'")
    if filters.person is not None and not directory.has_person(filters.person):
        raise InvalidValue(f"no person '{filters.person}'")


LEVELS = frozenset(level.value for level in WarningLevel)
STATUSES = frozenset(status.value for status in CaseStatus)


class ViewStopped(DomainError):
    """A view this report reads stopped on an event it could not apply; it answers again once rebuilt."""

    rule = "view-stopped"
    title = "View stopped"


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


class ViewReader(Protocol):
    """Read-only queries over the views (implemented in SQL by the infrastructure)."""

    def report(self, name: str, filters: ReportFilters, today: date) -> list[dict[str, Any]]: ...

    def responsibility(self, filters: ReportFilters, group: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Responsibility totals of the closed custody intervals per ``group`` (the ``GROUP_KEYS`` columns,
        then ``cases_held``, ``working_days``, ``overrun_days``, ``overrun_steps``, ``concluded``,
        ``on_time``, ``negative``), and the open intervals (with ``from_at``, ``day_zero``, ``step_due``
        and ``overrun_counted``: whether that step already counts as overrun in the group)."""

    def warning_counts(self, filters: ReportFilters, group: str) -> dict[tuple[str, ...], int]:
        """Warnings and breaches by the holder's person, section or department."""

    def open_cases(self) -> list[str]: ...

    def ended_cases(self, *, after_position: int | None, closed_since: date) -> list[str]:
        """The cases no longer running whose last event came after ``after_position`` (if None: that ended
        on or after ``closed_since``)."""

    def open_nonconformities(self, nc_ids: tuple[str, ...]) -> set[str]:
        """Which of ``nc_ids`` stand in the nonconformity register."""

    def breaches(self, filters: ReportFilters) -> list[dict[str, Any]]:
        """Every breach (red, statutory) not withdrawn whose overdue time meets the filters' period: its
        case (item, current status), clock, step, due date, holder, and when it was crossed and cleared."""

    def case_numbers(self, filters: ReportFilters) -> list[str]:
        """Every case received in the period (and department) of ``filters``."""


class Reports:
    def __init__(self, reader: ViewReader, status: Callable[[str], ViewStatus], directory: Directory) -> None:
        self.reader, self.status, self.directory = reader, status, directory

    def ensure_running(self, name: str) -> None:
        """Raise ``ViewStopped`` if a view the report ``name`` reads has stopped."""
        for view in REPORT_VIEWS.get(name, ()):
            status = self.status(view)
            if status.stopped:
                raise ViewStopped(
                    f"the {view} view stopped at position {status.position} ({status.error}); "
                    f"rebuild it: caseledger project rebuild {view}"
                )

    def case_numbers(self, filters: ReportFilters) -> list[str]:
        return self.reader.case_numbers(filters)

    def unknown_nonconformities(self, nc_ids: tuple[str, ...]) -> list[str]:
        """Those of ``nc_ids`` the nonconformity register does not hold open."""
        self.ensure_running("nonconformities")
        held = self.reader.open_nonconformities(nc_ids)
        return [nc_id for nc_id in nc_ids if nc_id not in held]

    def run(self, name: str, filters: ReportFilters, today: date, calendar: WorkingDays) -> list[dict[str, Any]]:
        if name not in REPORTS:
            raise InvalidValue(f"no report '{name}' (reports: {', '.join(REPORTS)})")
        check_filters(filters, self.directory)
        self.ensure_running(name)
        if filters.group not in ("person", "section", "department"):
            raise InvalidValue("responsibility totals are by person, section or department")
        if name == "responsibility":
            warnings = self.reader.warning_counts(filters, filters.group)
            closed, running = self.reader.responsibility(filters, filters.group)
            return responsibility_totals(closed, running, warnings, filters.group, today, calendar)
        if name == "overdue" and (filters.date_from or filters.date_to):
            return overdue_in_period(self.reader.breaches(filters), filters, today, calendar)
        rows = self.reader.report(name, filters, today)
        if name == "overdue":
            return [row | days_over(row, today, calendar) for row in rows]
        if name in ("kpi", "catalogue"):
            return with_total(rows, name)
        return rows


def days_over(row: dict[str, Any], today: date, calendar: WorkingDays) -> dict[str, int]:
    """Working days past the committed, statutory and step due dates (the overdue register's columns)."""

    def over(due: str | None) -> int:
        return calendar.count(date.fromisoformat(due), today) if due else 0

    delivering = row["status"] == "decided"  # only the delivery clock still runs
    return {
        "days_over_committed": 0 if delivering else over(row["kc_due"]),
        "days_over_statutory": 0 if delivering else over(row["ks_due"]),
        "step_days_over": 0 if delivering else over(row["step_due"]),
        "delivery_days_over": over(row["kd_due"]) if delivering else 0,
    }


OVERDUE_COLUMN = {"KC": "days_over_committed", "KS": "days_over_statutory", "STEP": "step_days_over"}


def overdue_in_period(
    breaches: list[dict[str, Any]], filters: ReportFilters, today: date, calendar: WorkingDays
) -> list[dict[str, Any]]:
    """The cases overdue at any time in the period, and by how many working days within it on each clock.

    A breach is overdue from the first working day after its due date (or, on a run that resumed past
    it, after the day it resumed) until it was cleared (its run ended) or, if it still stands, today;
    only the working days inside the period count, so pauses (which end runs) never do.
    """
    first = filters.date_from
    last = min(filters.date_to or today, today)
    cases: dict[str, dict[str, Any]] = {}
    for row in breaches:
        crossed = _instant(row["crossed_at"])
        after = max(_day(row["due_on"]), legal_day(crossed) - timedelta(days=1 if _is_midnight(crossed) else 0))
        if first is not None:
            after = max(after, first - timedelta(days=1))
        cleared = _instant(row["cleared_at"]) if row["cleared_at"] else None
        through = min(legal_day(cleared), last) if cleared is not None else last
        days = calendar.count(after, through) if through > after else 0
        case = cases.setdefault(
            row["case_no"],
            {
                "case_no": row["case_no"],
                "item_name": row["item_name"],
                "department": row["department"],
                "section": row["section"],
                "holder_id": row["holder_id"],
                "holder_name": row["holder_name"],
                "status": row["status"],
                "first_overdue_at": max(crossed, start_of_day(first)) if first else crossed,
                "days_over_committed": 0,
                "days_over_statutory": 0,
                "step_days_over": 0,
                "delivery_days_over": 0,
            },
        )
        case[OVERDUE_COLUMN.get(row["clock"], "delivery_days_over")] += days
    return [
        {**case, "first_overdue_at": case["first_overdue_at"].isoformat()}
        for case in sorted(cases.values(), key=lambda c: (c["first_overdue_at"], c["case_no"]))
    ]


def _instant(value: Any) -> datetime:
    found = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return found.astimezone(SHANGHAI)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _is_midnight(instant: datetime) -> bool:
    return instant.timetz().replace(tzinfo=None) == time(0)


def working_days_of(row: dict[str, Any], today: date, calendar: WorkingDays) -> tuple[int, int]:
    """The interval's working days and overrun days (an open interval counts up to ``today``)."""
    if row["working_days"] is not None:
        return int(row["working_days"]), int(row["overrun_days"] or 0)
    start = max(date.fromisoformat(row["from_at"][:10]), date.fromisoformat(row["day_zero"]))
    days = calendar.count(start, today)
    overrun = calendar.count(max(start, date.fromisoformat(row["step_due"])), today) if row.get("step_due") else 0
    return days, overrun


def responsibility_totals(
    closed: Iterable[dict[str, Any]],
    running: Iterable[dict[str, Any]],
    warnings: dict[tuple[str, ...], int],
    group: str,
    today: date,
    calendar: WorkingDays,
) -> list[dict[str, Any]]:
    """Per person, section or department: cases held, working days held, overrun steps and days,
    on-time rate of the cases they held that concluded, warnings and negative ratings on their watch.

    ``closed`` carries each group's totals over its closed custody intervals (counts over all of them);
    the ``running`` intervals add the working days they have lasted up to ``today``.
    """
    keys = GROUP_KEYS[group]
    totals: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in closed:
        key = tuple(row[k] or "" for k in keys)
        total = totals.setdefault(key, dict.fromkeys(AGGREGATES, 0))
        for name in AGGREGATES:
            total[name] += int(row[name] or 0)
    for row in running:
        total = totals[tuple(row[k] or "" for k in keys)]
        days, overrun = working_days_of(row | {"working_days": None}, today, calendar)
        total["working_days"] += days
        total["overrun_days"] += overrun
        if overrun and not row["overrun_counted"]:
            total["overrun_steps"] += 1
    result = [
        dict(zip(keys, key, strict=True))
        | {
            "cases_held": t["cases_held"],
            "working_days_held": t["working_days"],
            "on_time_pct": kpis.rate(t["on_time"], t["concluded"]),
            "overrun_steps": t["overrun_steps"],
            "overrun_working_days": t["overrun_days"],
            "warnings": warnings.get(key[:1], 0),
            "negative_ratings": t["negative"],
        }
        for key, t in totals.items()
    ]
    return sorted(result, key=lambda r: (-r["overrun_working_days"], -r["cases_held"], str(r[keys[0]])))


AGGREGATES = ("cases_held", "working_days", "overrun_days", "overrun_steps", "concluded", "on_time", "negative")


def kpi_rates(row: dict[str, Any]) -> dict[str, Any]:
    """The ISO 9001 KPI figures of one group: counts, then 即办率, 按时办结率, 提前办结率, satisfaction, as
    ``domain/quality/kpis.py`` defines them."""
    concluded, clocked, rated = row["concluded"], row["clocked"], row["rated"]
    return {
        "received": row["received"],
        "accepted": row["accepted"],
        "concluded": concluded,
        "immediate_rate_pct": kpis.rate(row["immediate"], concluded),
        "on_time_rate_pct": kpis.rate(row["on_time"], concluded),
        "early_rate_pct": kpis.rate(row["early"], clocked),  # only a case with a limit to beat can be early
        "avg_wd_used": round(int(row["wd_used"] or 0) / clocked, 2) if clocked else None,
        "avg_wd_committed": round(int(row["wd_committed"] or 0) / clocked, 2) if clocked else None,
        "days_compressed": row["days_compressed"],
        "rated": rated,
        "satisfaction_pct": kpis.rate(row["satisfied"], rated),
        "negative_rating_pct": kpis.rate(row["negative"], rated),
    }


def with_total(rows: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """Each group's row, then a total row (``ALL``)."""
    if not rows:
        return rows
    label = "grp" if name == "kpi" else "department"
    total = {k: sum(int(r[k] or 0) for r in rows) for k in rows[0] if k != label}
    rows = [*rows, {label: "ALL", **total}]
    if name == "kpi":
        return [{"group": r["grp"], **kpi_rates(r)} for r in rows]
    return rows
