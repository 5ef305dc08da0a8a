"""The report queries over the view tables (SQL that runs the same on SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import date, datetime, timedelta
from typing import Any

from application.projections.base import Table
from application.projections.casefile import DEADLINES as DEADLINES_TABLE
from application.projections.casefile import DOCUMENTS as DOCUMENTS_TABLE
from application.projections.responsibility import GROUP_KEYS
from application.reports.filters import ReportFilters
from domain.case.values import OPEN_STATUSES, CaseStatus
from domain.errors import NotFound
from domain.supervision.evaluation import DepartmentFigures
from infrastructure.views import quality_reports
from infrastructure.views.sql_store import SqlViewStore

ACTIVE = sorted(s.value for s in OPEN_STATUSES | {CaseStatus.DECIDED})
RUNNING = sorted(OPEN_STATUSES - {CaseStatus.FORWARDED_UP}, key=lambda s: s.value)  # KC, KS and the step run


def _where(
    filters: ReportFilters, *, period: str | None, department: str | None, section: str | None, person: str | None
) -> tuple[str, dict[str, Any]]:
    clauses: list[str] = ["1 = 1"]
    params: dict[str, Any] = {}
    if period and filters.date_from:
        clauses.append(f"{period} >= :date_from")
        params["date_from"] = filters.date_from
    if period and filters.date_to:
        clauses.append(f"{period} < :date_to")
        params["date_to"] = filters.date_to + timedelta(days=1)
    for value, column, name in (
        (filters.department, department, "department"),
        (filters.section, section, "section"),
        (filters.person, person, "person"),
    ):
        if value and column:
            clauses.append(f"{column} = :{name}")
            params[name] = value
    return " AND ".join(clauses), params


def _custody_where(filters: ReportFilters, alias: str) -> tuple[str, dict[str, Any]]:
    return _where(
        filters,
        period=f"{alias}.from_at",
        department=f"{alias}.department",
        section=f"{alias}.section",
        person=f"{alias}.person_id",
    )


def _calendar_year(filters: ReportFilters) -> int | None:
    """The year, if the filters' period is exactly one calendar year."""
    first, last = filters.date_from, filters.date_to
    if first is None or last is None or (first.month, first.day, last.month, last.day) != (1, 1, 12, 31):
        return None
    return first.year if first.year == last.year else None


def _whole_year(filters: ReportFilters, group: str) -> int | None:
    """The year, if the filters ask for exactly one calendar year and only for columns of the group's
    key (the year totals know a person's section, but a section's totals know no person)."""
    if (filters.person and group != "person") or (filters.section and group == "department"):
        return None
    return _calendar_year(filters)


def _queue_filters(filters: ReportFilters, where: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The work queue's own filters: status, warning level, due on or before a day."""
    for value, clause, name in (
        (filters.status, "status = :status", "status"),
        (filters.level, "warning_level = :level", "level"),
        (filters.due_before, "kc_due <= :due_before", "due_before"),
    ):
        if value:
            where, params = f"{where} AND {clause}", {**params, name: value}
    return where, params


def _active(alias: str = "") -> str:
    return f"{alias}status IN ({', '.join(repr(s) for s in ACTIVE)})"


QUEUE = """SELECT case_no, item_code, item_name, department, section, holder_id, holder_name, status, step_name,
    in_transit_to, received_at, kc_due, ks_due, step_due, kd_due, warning_level, paused, provisional
    FROM view_case_list WHERE {active} AND {where} ORDER BY kc_due IS NULL, kc_due, received_at, case_no"""
OVERDUE = """SELECT case_no, item_name, department, section, holder_id, holder_name, status, step_name, kc_due, ks_due,
    step_due, kd_due, warning_level,
    (SELECT MIN(w.crossed_at) FROM view_warnings w WHERE w.case_no = c.case_no) AS first_warning_at
    FROM view_case_list c WHERE {where}
    AND ((status IN ({running}) AND paused = :no AND (kc_due < :today OR ks_due < :today OR step_due < :today))
         OR (status = 'decided' AND kd_due < :today))
    ORDER BY kc_due, case_no"""
# The breaches whose overdue time meets a period: crossed before it ends, not cleared before it begins.
BREACHES = """SELECT w.case_no, c.item_name, w.department, w.section, w.holder_id, w.holder_name, c.status, w.clock,
    w.step_index, w.due_on, w.crossed_at, w.cleared_at
    FROM view_warnings w JOIN view_case_list c ON c.case_no = w.case_no
    WHERE w.level IN ('red', 'statutory_breach') AND w.status <> 'withdrawn' AND {where}
    AND (:date_to_end IS NULL OR w.crossed_at < :date_to_end)
    AND (:date_from IS NULL OR w.cleared_at IS NULL OR w.cleared_at >= :date_from)
    ORDER BY w.case_no, w.crossed_at"""
WARNINGS = """SELECT case_no, rule_id, clock, CASE WHEN step_index < 0 THEN NULL ELSE step_index END AS step_index,
    level, crossed_at, recorded_at, due_on, holder_id, holder_name, section, department, status, cleared_at, cause,
    calendar, supervise_by, unsupervised_at, lapses_after
    FROM view_warnings WHERE {where} ORDER BY crossed_at, case_no, clock, step_index, level"""
ORDERS = """SELECT order_no, subject, case_no, department, rule_id, warning_type, status, opened_at, due_on,
    first_reported_at, reports, sent_back, closed_at, finding, flagged_at, extensions
    FROM view_supervision_orders WHERE {where} ORDER BY opened_at, order_no"""
AGENCY_CASES = """SELECT case_no, agent_id, agent_name, subject_id, department, item_code, received_at, concluded_at,
    turnaround_wd, outcome FROM view_agency_cases WHERE {where} ORDER BY agent_id, received_at"""
PROJECTS = """SELECT project_no, name, investor_name, industrial_zone, scale_wan_yuan, major, green_channel,
    committed_wd, registered_at, permits, cases, committed_path_wd, statutory_path_wd
    FROM view_projects WHERE {where} ORDER BY registered_at, project_no"""
PRE_REVIEWS = """SELECT pre_review_no, item_code, department, channel, submitted_by, counts_as_receipt, status,
    submitted_at, answer_due, answers, late_answers, first_answered_at, notice_no, missing, resubmissions, case_no,
    filed_at, withdrawn_at FROM view_pre_reviews WHERE {where} ORDER BY submitted_at, pre_review_no"""
COMPLAINTS = """SELECT complaint_no, source, kind, case_no, department, person_id, status, filed_at, due_on,
    rectified_at, verification, rectifications, satisfaction, closed_at, flagged_at
    FROM view_complaints WHERE {where} ORDER BY filed_at, complaint_no"""
FINDINGS = """SELECT finding_no, case_no, person_id, department, chain_role, responsibility, severity, sanctions,
    overrun_days, aggravating, prior, order_no, decided_on, defences, status, withdrawn_at
    FROM view_findings WHERE {where} ORDER BY decided_on, finding_no"""
# A department's quarter for its evaluation (domain.supervision.evaluation), one query per source; the
# evaluation's own recommendations (rule E001) are not counted among the orders of the next quarter.
EVALUATION = {
    "received": """SELECT department, COUNT(*) AS received FROM view_kpi_facts
        WHERE received_at >= :first AND received_at < :after GROUP BY department""",
    "concluded": """SELECT department, COUNT(*) AS concluded, SUM(CASE WHEN on_time THEN 1 ELSE 0 END) AS on_time,
        SUM(CASE WHEN NOT immediate THEN wd_used ELSE 0 END) AS wd_used,
        SUM(CASE WHEN NOT immediate THEN 1 ELSE 0 END) AS clocked,
        SUM(CASE WHEN rating IS NOT NULL THEN 1 ELSE 0 END) AS rated,
        SUM(CASE WHEN rating >= 4 THEN 1 ELSE 0 END) AS satisfied
        FROM view_kpi_facts WHERE concluded_at >= :first AND concluded_at < :after GROUP BY department""",
    "steps": """SELECT department, COUNT(*) AS step_overruns FROM view_warnings WHERE clock = 'STEP'
        AND level = 'red' AND status <> 'withdrawn' AND crossed_at >= :first AND crossed_at < :after
        GROUP BY department""",
    "flags": """SELECT department, COUNT(*) AS red_flags FROM view_red_flags WHERE at >= :first AND at < :after
        GROUP BY department""",
    "orders": """SELECT department, COUNT(*) AS orders,
        SUM(CASE WHEN flagged_at IS NOT NULL THEN 1 ELSE 0 END) AS orders_overdue
        FROM view_supervision_orders WHERE rule_id <> 'E001' AND opened_at >= :first AND opened_at < :after
        GROUP BY department""",
    "complaints": """SELECT department, COUNT(*) AS complaints,
        SUM(CASE WHEN verification IN ('substantiated', 'partly') THEN 1 ELSE 0 END) AS complaints_upheld
        FROM view_complaints WHERE filed_at >= :first AND filed_at < :after GROUP BY department""",
}
EVALUATION_FIGURES = tuple(f.name for f in fields(DepartmentFigures) if f.name != "department")
EVALUATIONS = """SELECT quarter, department, received, concluded_cases, on_time_rate_pct, avg_wd, step_overruns,
    red_flags, orders, complaints_upheld, satisfaction_pct, score, grade, red, reasons, recommendation,
    recommendation_due FROM view_evaluations WHERE {where} ORDER BY quarter, department"""
AUDIT_CHECKS = """SELECT audit_no, department, case_no, checked_at, documents_present, deadlines_reconciled,
    chain_verified, gaps, nc_id FROM view_audit_checks WHERE {where} ORDER BY audit_no, department, case_no"""
# A management review's figures of a period (application.reports.review).
REVIEW = {
    "cases": """SELECT COUNT(*) AS concluded_n, SUM(CASE WHEN on_time THEN 1 ELSE 0 END) AS on_time_n,
        SUM(CASE WHEN rating IS NOT NULL THEN 1 ELSE 0 END) AS rated_n,
        SUM(CASE WHEN rating >= 4 THEN 1 ELSE 0 END) AS satisfied_n,
        SUM(CASE WHEN rating <= 2 THEN 1 ELSE 0 END) AS negative_n
        FROM view_kpi_facts WHERE concluded_at >= :first AND concluded_at < :after""",
    "complaints": """SELECT COUNT(*) AS filed_n,
        SUM(CASE WHEN verification IN ('substantiated', 'partly') THEN 1 ELSE 0 END) AS upheld_n
        FROM view_complaints WHERE filed_at >= :first AND filed_at < :after""",
    "steps": """SELECT step_name, COUNT(*) AS overruns_n, SUM(overrun_days) AS days_n FROM view_custody
        WHERE bucket = 'GOVT' AND overrun_days > 0 AND from_at >= :first AND from_at < :after
        GROUP BY step_name ORDER BY step_name""",
    "nonconformities": """SELECT source, COUNT(*) AS raised_n, SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END)
        AS open_n FROM view_nonconformities WHERE raised_at >= :first AND raised_at < :after
        GROUP BY source ORDER BY source""",
    "capa": """SELECT status, COUNT(*) AS capa_n FROM view_capa WHERE raised_at >= :first AND raised_at < :after
        GROUP BY status ORDER BY status""",
    "audits": """SELECT audit_no, COUNT(*) AS checked_n, SUM(CASE WHEN nc_id IS NOT NULL THEN 1 ELSE 0 END)
        AS failing_n FROM view_audit_checks WHERE checked_at >= :first AND checked_at < :after
        GROUP BY audit_no ORDER BY audit_no""",
    "backlog": """SELECT department, COUNT(*) AS open_n FROM view_case_list WHERE received_at < :after
        AND (COALESCE(decided_at, closed_at) IS NULL OR COALESCE(decided_at, closed_at) >= :after)
        GROUP BY department ORDER BY department""",
}
ATTRIBUTION = """SELECT c.case_no, c.step_index, c.step_name, c.person_id, c.person_name, c.role, c.section,
    c.department, c.from_at, c.to_at, c.working_days, c.overrun_days, c.step_due FROM view_custody c
    WHERE c.bucket = 'GOVT' AND c.overrun_days > 0 AND {where} ORDER BY c.from_at, c.case_no, c.seq"""
RED_FLAGS = """SELECT case_no, flag, detail, at, person_id, person_name, department FROM view_red_flags
    WHERE {where} ORDER BY at, case_no, seq"""
WARNING_COUNTS = """SELECT {column} AS k, COUNT(*) AS n FROM view_warnings WHERE status <> 'withdrawn' AND {where}
    GROUP BY {column}"""
# A whole calendar year: the counts the view keeps per year, department, section and holder.
WARNING_YEAR_COUNTS = """SELECT {column} AS k, SUM(warnings) AS n FROM view_warning_year
    WHERE year = :year AND {where} GROUP BY {column}"""
# Responsibility totals, aggregated where the rows are, from the custody table alone (each interval
# carries its case's conclusion, on-time flag and rating): the closed intervals' working days are
# summed here; only the open ones (at most one per running case) need the calendar, in the application.
RESPONSIBILITY_CLOSED = """SELECT {keys},
    COUNT(DISTINCT c.case_no) AS cases_held,
    COALESCE(SUM(c.working_days), 0) AS working_days,
    COALESCE(SUM(c.overrun_days), 0) AS overrun_days,
    COUNT(DISTINCT CASE WHEN c.overrun_days > 0 THEN c.case_no || '#' || COALESCE(c.step_index, -1) END)
        AS overrun_steps,
    COUNT(DISTINCT CASE WHEN c.concluded THEN c.case_no END) AS concluded,
    COUNT(DISTINCT CASE WHEN c.concluded AND c.on_time THEN c.case_no END) AS on_time,
    COUNT(DISTINCT CASE WHEN c.negative THEN c.case_no END) AS negative
    FROM view_custody c
    WHERE c.bucket = 'GOVT' AND {where} GROUP BY {keys}"""
# A whole calendar year: the totals the view keeps per group and year (only the running intervals are
# read one by one, as below).
RESPONSIBILITY_YEAR = """SELECT {keys}, c.cases_held, c.working_days, c.overrun_days, c.overrun_steps, c.concluded,
    c.on_time, c.negative FROM view_custody_year c WHERE c.level = :level AND c.year = :year AND {where}"""
# The running intervals, each with whether its step already counts as overrun in its group (a closed
# interval of the same case, step and group overran): one statement, whatever the number of cases.
RESPONSIBILITY_OPEN = """SELECT {keys}, c.case_no, c.step_index, c.from_at, c.step_due, c.day_zero,
    EXISTS (SELECT 1 FROM view_custody o WHERE o.case_no = c.case_no AND o.bucket = 'GOVT' AND o.overrun_days > 0
        AND COALESCE(o.step_index, -1) = COALESCE(c.step_index, -1) AND {same_group} AND {overrun_where})
        AS overrun_counted
    FROM view_custody c WHERE c.bucket = 'GOVT' AND c.working_days IS NULL AND {where}"""


class SqlViewReader:
    """``ViewReader`` over a ``SqlViewStore``."""

    def __init__(self, store: SqlViewStore) -> None:
        self.store = store

    def queue(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(
            filters, period="received_at", department="department", section="section", person="holder_id"
        )
        where, params = _queue_filters(filters, where, params)
        return self.store.rows(QUEUE.format(active=_active(), where=where), params)

    def overdue(self, filters: ReportFilters, today: date) -> list[dict[str, Any]]:
        where, params = _where(filters, period=None, department="department", section="section", person="holder_id")
        running = ", ".join(repr(s.value) for s in RUNNING)
        return self.store.rows(OVERDUE.format(running=running, where=where), {**params, "today": today, "no": False})

    def warnings(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(
            filters, period="crossed_at", department="department", section="section", person="holder_id"
        )
        if filters.level:
            where, params = f"{where} AND level = :level", {**params, "level": filters.level}
        return self.store.rows(WARNINGS.format(where=where), params)

    def red_flags(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period="at", department="department", section=None, person="person_id")
        return self.store.rows(RED_FLAGS.format(where=where), params)

    def kpi(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period="received_at", department="department", section=None, person=None)
        return quality_reports.kpi(self.store, filters, where, params)

    def kpi_months(self, filters: ReportFilters, months: Sequence[tuple[str, date]], end: date) -> list[dict[str, Any]]:
        where, params = _where(filters, period=None, department="department", section=None, person=None)
        return quality_reports.kpi_months(self.store, filters, months, end, where, params)

    def nonconformities(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period="raised_at", department="department", section=None, person="person_id")
        return quality_reports.nonconformities(self.store, where, params)

    def capa(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period="raised_at", department="owner_department", section=None, person=None)
        return quality_reports.capa(self.store, where, params)

    def catalogue(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period=None, department="i.department", section=None, person=None)
        revisions, revision_params = _where(filters, period="r.at", department="", section=None, person=None)
        return quality_reports.catalogue(self.store, where, revisions, {**params, **revision_params})

    def complaints(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period="filed_at", department="department", section=None, person="person_id")
        return self.store.rows(COMPLAINTS.format(where=where), params)

    def findings(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period="decided_on", department="department", section=None, person="person_id")
        return self.store.rows(FINDINGS.format(where=where), params)

    def evaluation_figures(self, first: date, last: date) -> list[dict[str, Any]]:
        params = {"first": first, "after": last + timedelta(days=1)}
        departments: dict[str, dict[str, Any]] = {}
        for statement in EVALUATION.values():
            for row in self.store.rows(statement, params):
                figures = departments.setdefault(row.pop("department"), dict.fromkeys(EVALUATION_FIGURES, 0))
                figures.update({name: int(value or 0) for name, value in row.items()})
        return [{"department": name, **departments[name]} for name in sorted(departments)]

    def evaluations(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period="first_day", department="department", section=None, person=None)
        return self.store.rows(EVALUATIONS.format(where=where), params)

    def documents(self, filters: ReportFilters) -> list[dict[str, Any]]:
        return self._casefile(DOCUMENTS_TABLE, filters)

    def deadlines(self, filters: ReportFilters) -> list[dict[str, Any]]:
        return self._casefile(DEADLINES_TABLE, filters)

    def _casefile(self, table: Table, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period="received_at", department="department", section=None, person=None)
        columns = ", ".join(table.column_names)
        return self.store.rows(
            f"SELECT {columns} FROM {table.name} WHERE {where} ORDER BY received_at, case_no", params
        )

    def concluded_cases(self, first: date, last: date) -> dict[str, list[str]]:
        statement = """SELECT department, case_no FROM view_kpi_facts WHERE concluded_at >= :first
            AND concluded_at < :after ORDER BY department, case_no"""
        found: dict[str, list[str]] = {}
        for row in self.store.rows(statement, {"first": first, "after": last + timedelta(days=1)}):
            found.setdefault(row["department"], []).append(row["case_no"])
        return found

    def custody(self, case_no: str) -> list[dict[str, Any]]:
        columns = "seq, bucket, person_id, person_name, role, section, step_index, step_name, from_at, to_at"
        statement = f"SELECT {columns}, working_days, overrun_days, step_due FROM view_custody WHERE case_no = :c"
        return self.store.rows(f"{statement} ORDER BY seq", {"c": case_no})

    def case_file(self, case_no: str) -> tuple[dict[str, Any], dict[str, Any]]:
        rows = []
        for table in (DOCUMENTS_TABLE, DEADLINES_TABLE):
            statement = f"SELECT {', '.join(table.column_names)} FROM {table.name} WHERE case_no = :case_no"
            found = self.store.rows(statement, {"case_no": case_no})
            if not found:
                raise NotFound(f"no case file of {case_no}")
            rows.append(found[0])
        return rows[0], rows[1]

    def audit_checks(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period="checked_at", department="department", section=None, person=None)
        return self.store.rows(AUDIT_CHECKS.format(where=where), params)

    def review_figures(self, first: date, last: date) -> dict[str, list[dict[str, Any]]]:
        params = {"first": first, "after": last + timedelta(days=1)}
        return {name: self.store.rows(statement, params) for name, statement in REVIEW.items()}

    def attribution(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _custody_where(filters, "c")
        return self.store.rows(ATTRIBUTION.format(where=where), params)

    def complaints_past_due(self, today: date) -> list[str]:
        statement = """SELECT complaint_no FROM view_complaints WHERE flagged_at IS NULL AND due_on < :today
            AND (rectified_on IS NULL OR rectified_on > due_on) ORDER BY complaint_no"""
        return [row["complaint_no"] for row in self.store.rows(statement, {"today": today})]

    def agency_cases(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period="received_at", department="department", section=None, person=None)
        return self.store.rows(AGENCY_CASES.format(where=where), params)

    def consultations(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period="asked_at", department="department", section=None, person=None)
        statement = f"""SELECT consultation_no, department, item_code, channel, kind, asked_at, answer_due,
            answered_at, answered_by FROM view_consultations WHERE {where} ORDER BY asked_at, consultation_no"""
        return self.store.rows(statement, params)

    def mandates(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period="signed_at", department=None, section=None, person=None)
        statement = f"""SELECT agent_id, subject_id, applicant_name, item_codes, valid_from, valid_until, letter,
            signed_at, renewed_at, terminated_on FROM view_mandates WHERE {where} ORDER BY agent_id, subject_id"""
        return self.store.rows(statement, params)

    def projects(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period="registered_at", department=None, section=None, person=None)
        return self.store.rows(PROJECTS.format(where=where), params)

    def pre_reviews(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period="submitted_at", department="department", section=None, person=None)
        return self.store.rows(PRE_REVIEWS.format(where=where), params)

    def supervision_orders(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period="opened_at", department="department", section=None, person=None)
        return self.store.rows(ORDERS.format(where=where), params)

    def responsibility(self, filters: ReportFilters, group: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        keys = GROUP_KEYS[group]
        where, params = _custody_where(filters, "c")
        selected = ", ".join(f"c.{k}" for k in keys)
        year = _whole_year(filters, group)
        if year is not None:
            totals, totals_params = _where(
                filters, period=None, department="c.department", section="c.section", person="c.person_id"
            )
            statement = RESPONSIBILITY_YEAR.format(keys=selected, where=totals)
            closed = self.store.rows(statement, totals_params | {"level": group, "year": year})
        else:
            closed = self.store.rows(RESPONSIBILITY_CLOSED.format(keys=selected, where=where), params)
        same_group = " AND ".join(f"COALESCE(o.{k}, '') = COALESCE(c.{k}, '')" for k in keys)
        overrun_where, _ = _custody_where(filters, "o")  # the same filters, so the same parameters
        statement = RESPONSIBILITY_OPEN.format(
            keys=selected, same_group=same_group, overrun_where=overrun_where, where=where
        )
        running = self.store.rows(statement, params)
        return closed, running

    def warning_counts(self, filters: ReportFilters, group: str) -> dict[tuple[str, ...], int]:
        column = {"person": "holder_id", "section": "section", "department": "department"}[group]
        year = _calendar_year(filters)
        period = None if year is not None else "crossed_at"
        where, params = _where(filters, period=period, department="department", section="section", person="holder_id")
        if year is not None:
            statement = WARNING_YEAR_COUNTS.format(column=column, where=where)
            rows = self.store.rows(statement, params | {"year": year})
        else:
            rows = self.store.rows(WARNING_COUNTS.format(column=column, where=where), params)
        return {(row["k"] or "",): int(row["n"]) for row in rows}

    def open_nonconformities(self, nc_ids: tuple[str, ...]) -> set[str]:
        if not nc_ids:
            return set()
        names = {f"n{i}": nc_id for i, nc_id in enumerate(nc_ids)}
        placeholders = ", ".join(f":{name}" for name in names)
        statement = f"SELECT nc_id FROM view_nonconformities WHERE status = 'open' AND nc_id IN ({placeholders})"
        rows = self.store.rows(statement, names)
        return {str(row["nc_id"]) for row in rows}

    def breaches(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(
            filters, period=None, department="w.department", section="w.section", person="w.holder_id"
        )
        end = filters.date_to + timedelta(days=1) if filters.date_to else None
        return self.store.rows(
            BREACHES.format(where=where), {**params, "date_from": filters.date_from, "date_to_end": end}
        )

    def case_numbers(self, filters: ReportFilters) -> list[str]:
        where, params = _where(filters, period="received_at", department="department", section=None, person=None)
        rows = self.store.rows(f"SELECT case_no FROM view_case_list WHERE {where} ORDER BY case_no", params)
        return [str(row["case_no"]) for row in rows]

    def ended_cases(self, *, after_position: int | None, closed_since: date) -> list[str]:
        params: dict[str, Any]
        if after_position is not None:
            where, params = "position > :after", {"after": after_position}
        else:
            where, params = "COALESCE(closed_at, decided_at) >= :since", {"since": closed_since}
        statement = f"SELECT case_no FROM view_case_list WHERE NOT ({_active()}) AND {where}"
        return [row["case_no"] for row in self.store.rows(statement, params)]

    def orders_past_due(self, today: date) -> list[str]:
        statement = """SELECT order_no FROM view_supervision_orders WHERE flagged_at IS NULL AND due_on < :today
            AND (closed_on IS NULL OR closed_on > due_on) ORDER BY order_no"""
        return [row["order_no"] for row in self.store.rows(statement, {"today": today})]

    def cases_of_item(self, item_code: str) -> list[dict[str, Any]]:
        statement = """SELECT case_no, received_at, decided_at FROM view_case_list WHERE item_code = :item
            ORDER BY received_at, case_no"""
        return self.store.rows(statement, {"item": item_code})

    def meetings_past_due(self, today: date) -> list[str]:
        statement = """SELECT DISTINCT meeting_no FROM view_meeting_actions
            WHERE done_on IS NULL AND flagged_at IS NULL AND due_on < :today ORDER BY meeting_no"""
        return [row["meeting_no"] for row in self.store.rows(statement, {"today": today})]

    def meeting_actions(self, filters: ReportFilters) -> list[dict[str, Any]]:
        where, params = _where(filters, period="held_at", department="owner_department", section=None, person=None)
        statement = f"""SELECT meeting_no, action_id, text, owner_department, held_at, due_on, done_on, flagged_at
            FROM view_meeting_actions WHERE {where} ORDER BY held_at, meeting_no, action_id"""
        return self.store.rows(statement, params)

    def unsupervised_alarms(self, today: date) -> list[tuple[str, tuple[datetime, ...]]]:
        statement = """SELECT DISTINCT w.case_no FROM view_warnings w
            WHERE w.unsupervised_at IS NULL AND w.supervise_by < :today AND w.status <> 'withdrawn'
            AND NOT EXISTS (SELECT 1 FROM view_supervision_orders o WHERE o.case_no = w.case_no
                AND o.opened_at >= w.crossed_at AND o.opened_on <= w.supervise_by)
            ORDER BY w.case_no"""
        cases = [str(row["case_no"]) for row in self.store.rows(statement, {"today": today})]
        return [(case_no, self.order_openings(case_no)) for case_no in cases]

    def order_openings(self, case_no: str) -> tuple[datetime, ...]:
        statement = "SELECT opened_at FROM view_supervision_orders WHERE case_no = :case_no ORDER BY opened_at"
        return tuple(
            datetime.fromisoformat(row["opened_at"]) for row in self.store.rows(statement, {"case_no": case_no})
        )

    def lapsing_warnings(self, today: date) -> list[str]:
        statement = """SELECT DISTINCT case_no FROM view_warnings WHERE status = 'open' AND lapses_after < :today
            ORDER BY case_no"""
        return [str(row["case_no"]) for row in self.store.rows(statement, {"today": today})]

    def ratings_not_taken_up(self) -> list[str]:
        statement = """SELECT DISTINCT f.case_no FROM view_red_flags f WHERE f.flag = 'negative_review'
            AND NOT EXISTS (SELECT 1 FROM view_complaints c WHERE c.case_no = f.case_no AND c.source = 'rating')
            ORDER BY f.case_no"""
        return [str(row["case_no"]) for row in self.store.rows(statement, {})]

    def open_cases(self) -> list[str]:
        return [row["case_no"] for row in self.store.rows(f"SELECT case_no FROM view_case_list WHERE {_active()}", {})]
