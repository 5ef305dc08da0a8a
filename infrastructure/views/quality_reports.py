"""Report queries for quality managers: KPIs, nonconformities, corrective actions, the catalogue."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from application.reports.filters import ReportFilters
from domain.case.events.conclusion import NEGATIVE_STARS
from infrastructure.views.sql_store import SqlViewStore

# Counts are named *_n: SQLite hands a view's boolean columns back as booleans by name, and a count of 1
# under a boolean column's name would come back as True.
KPI = """SELECT {group} AS grp, COUNT(*) AS received,
    SUM(CASE WHEN accepted_at IS NOT NULL OR immediate THEN 1 ELSE 0 END) AS accepted,
    SUM(CASE WHEN concluded_at IS NOT NULL THEN 1 ELSE 0 END) AS concluded_n,
    SUM(CASE WHEN immediate THEN 1 ELSE 0 END) AS immediate_n,
    SUM(CASE WHEN on_time THEN 1 ELSE 0 END) AS on_time_n, SUM(CASE WHEN early THEN 1 ELSE 0 END) AS early_n,
    SUM(CASE WHEN concluded_at IS NOT NULL AND NOT immediate THEN wd_used ELSE 0 END) AS wd_used,
    SUM(CASE WHEN concluded_at IS NOT NULL AND NOT immediate THEN committed ELSE 0 END) AS wd_committed,
    SUM(CASE WHEN concluded_at IS NOT NULL AND NOT immediate THEN 1 ELSE 0 END) AS clocked,
    SUM(CASE WHEN concluded_at IS NOT NULL THEN compressed ELSE 0 END) AS days_compressed,
    SUM(CASE WHEN rating IS NOT NULL THEN 1 ELSE 0 END) AS rated,
    SUM(CASE WHEN rating >= 4 THEN 1 ELSE 0 END) AS satisfied,
    SUM(CASE WHEN rating <= {negative} THEN 1 ELSE 0 END) AS negative_n
    FROM view_kpi_facts WHERE {where} GROUP BY {group} ORDER BY {group}"""
NONCONFORMITIES = """SELECT nc.nc_id, nc.source, nc.case_no, nc.description, nc.sources, nc.raised_at, nc.department,
    nc.person_id, l.capa_id
    FROM view_nonconformities nc LEFT JOIN view_capa_links l ON l.nc_id = nc.nc_id
    WHERE nc.status = 'open' AND {where} ORDER BY nc.raised_at, nc.nc_id"""
CAPA = """SELECT capa_id, title, status, nonconformities, root_cause, action, owner_department, due_on, raised_at,
    raised_by, done_at, effective, evidence, verified_at, closed_at
    FROM view_capa WHERE {where} ORDER BY raised_at, capa_id"""
REVISED = "SELECT {what} FROM view_catalogue_revisions r WHERE r.department = i.department AND {period}"
CATALOGUE = (
    "SELECT i.department, COUNT(*) AS items, SUM(CASE WHEN i.kind = 'immediate' THEN 1 ELSE 0 END) AS immediate_items, "
    "("
    + REVISED.format(what="COUNT(*)", period="r.revision = 'turned_immediate' AND {period}")
    + ") AS turned_immediate, "
    "("
    + REVISED.format(what="COUNT(*)", period="r.revision = 'limit_shortened' AND {period}")
    + ") AS limits_shortened, "
    "(" + REVISED.format(what="COUNT(DISTINCT r.code)", period="{period}") + ") AS items_optimised, "
    "(" + REVISED.format(what="COALESCE(SUM(r.days_cut), 0)", period="{period}") + ") AS working_days_cut "
    "FROM view_catalogue_items i WHERE {where} GROUP BY i.department ORDER BY i.department"
)


def kpi_months(
    store: SqlViewStore,
    filters: ReportFilters,
    months: Sequence[tuple[str, date]],
    end: date,
    where: str,
    params: dict[str, Any],
) -> list[dict[str, Any]]:
    """Per month and department in one pass (a trend's twelve months would otherwise be twelve scans):
    each case's month is found by comparing its receipt with the months' first days, the same way on
    both backends."""
    cases = " ".join(f"WHEN received_at < :month_{i + 1} THEN :name_{i}" for i in range(len(months)))
    bounds = {f"month_{i + 1}": first for i, (_, first) in enumerate(months[1:])} | {f"month_{len(months)}": end}
    names = {f"name_{i}": name for i, (name, _) in enumerate(months)}
    period = "received_at >= :month_0 AND received_at < :end"
    group = "item_code" if filters.department else "department"  # as ``kpi`` groups
    statement = KPI.format(group=group, where=f"{where} AND {period}", negative=NEGATIVE_STARS)
    statement = statement.replace(f"SELECT {group} AS grp,", f"SELECT CASE {cases} END AS month, {group} AS grp,")
    statement = statement.replace(f"GROUP BY {group} ORDER BY {group}", "GROUP BY 1, 2 ORDER BY 1, 2")
    first = {"month_0": months[0][1], "end": end} if months else {}
    return store.rows(statement, params | bounds | names | first) if months else []


def kpi(store: SqlViewStore, filters: ReportFilters, where: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Per department, or per item within one department."""
    group = "item_code" if filters.department else "department"
    return store.rows(KPI.format(group=group, where=where, negative=NEGATIVE_STARS), params)


def nonconformities(store: SqlViewStore, where: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return store.rows(NONCONFORMITIES.format(where=where), params)


def capa(store: SqlViewStore, where: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return store.rows(CAPA.format(where=where), params)


def catalogue(store: SqlViewStore, where: str, revisions: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Per department: its items, and the revisions of the period (``revisions``) that optimised them."""
    return store.rows(CATALOGUE.format(where=where, period=revisions), params)
