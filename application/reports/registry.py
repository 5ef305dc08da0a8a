"""Every report, defined once: the CLI (``caseledger report``), the REST routes (``GET /reports/{name}``,
with the row as response model) and the console read this table.

A report names the views it reads (a stopped one makes it refuse to answer rather than answer short), the
filters it honours (any other is refused: a filter silently ignored would pass a whole register off as a
filtered one), its row, and how its rows are made from a ``Query``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from application.reports import folds
from application.reports.filters import ReportFilters
from application.reports.reader import ViewReader
from application.reports.review import review_pack
from application.reports.rows import (
    AgencyRow,
    AttributionRow,
    AuditCheckRow,
    CapaRow,
    CatalogueRow,
    ComplaintRow,
    ComplaintStatsRow,
    ConsultationRow,
    DeadlinesRow,
    DocumentsRow,
    EvaluationRow,
    FindingRow,
    KpiRow,
    KpiTrendRow,
    MandateRow,
    MeetingActionRow,
    NonconformityRow,
    OrderRow,
    OrderStatsRow,
    OverdueRow,
    PreReviewRegisterRow,
    ProjectRow,
    QueueRow,
    RedFlagRow,
    ResponsibilityRow,
    ReviewPackRow,
    ScreenPersonRow,
    ScreenRow,
    WarningRow,
)
from domain.calendar.working_days import WorkingDays
from domain.errors import InvalidValue
from domain.quality.management_review import QualityObjectives

ORGANISATION = frozenset({"period", "department", "section", "person"})
PERIOD_DEPARTMENT = frozenset({"period", "department"})


@dataclass(frozen=True)
class Query:
    """One asking of a report: its filters, the day open intervals and days over count to, the calendars."""

    reader: ViewReader
    filters: ReportFilters
    today: date
    calendar: WorkingDays


@dataclass(frozen=True)
class Report:
    name: str
    title: str  # zh-CN, in the glossary's words
    title_en: str
    views: tuple[str, ...]
    filters: frozenset[str]  # of ``ReportFilters.named``
    row: type  # a TypedDict of ``rows``
    rows: Callable[[Query], list[dict[str, Any]]]
    personal: bool = False  # about people's conduct: staff who are not its readers see only their own rows
    required: frozenset[str] = frozenset()  # of ``filters``: those it cannot be read without


def _responsibility(q: Query) -> list[dict[str, Any]]:
    warnings = q.reader.warning_counts(q.filters, q.filters.group)
    closed, running = q.reader.responsibility(q.filters, q.filters.group)
    return folds.responsibility_totals(closed, running, warnings, q.filters.group, q.today, q.calendar)


def _complaints(q: Query) -> list[dict[str, Any]]:
    return folds.complaint_rows(q.reader.complaints(q.filters), q.today)


def _orders(q: Query) -> list[dict[str, Any]]:
    return folds.order_rows(q.reader.supervision_orders(q.filters), q.today, q.calendar)


def _review_pack(q: Query) -> list[dict[str, Any]]:
    first, last = q.filters.date_from, q.filters.date_to
    if first is None or last is None:
        raise InvalidValue("a review pack is read for a period: give both its first and its last day")
    return [vars(line) for line in review_pack(q.reader, first, last, QualityObjectives())]


def _screen(q: Query) -> list[dict[str, Any]]:
    # The red flags of the screen are those on open cases, whenever they were raised.
    return folds.screen_rows(q.reader.queue(q.filters), q.reader.red_flags(q.filters), q.today)


def _screen_people(q: Query) -> list[dict[str, Any]]:
    by = ("department", "holder_id", "holder_name")
    return folds.screen_rows(q.reader.queue(q.filters), q.reader.red_flags(q.filters), q.today, by)


TREND_MONTHS = 12  # a trend without a period: the last twelve months, this one included


def _kpi_trend(q: Query) -> list[dict[str, Any]]:
    """The KPIs of each month of the period (by default the last twelve), as the kpi report reads each."""
    last = q.filters.date_to or q.today
    first = q.filters.date_from or _months_before(last.replace(day=1), TREND_MONTHS - 1)
    months: list[tuple[str, date]] = []
    month = first.replace(day=1)
    while month <= last:
        months.append((month.strftime("%Y-%m"), max(first, month)))
        month = _months_before(month, -1)
    counted = q.reader.kpi_months(q.filters, months, last + timedelta(days=1))  # one pass, every month
    rows = []
    for name, _ in months:
        of_month = [{k: v for k, v in r.items() if k != "month"} for r in counted if r["month"] == name]
        for row in folds.kpi_rows(of_month):
            figures = {k: row[k] for k in KpiTrendRow.__annotations__ if k in row}
            rows.append({"month": name, **figures})
    return rows


def _months_before(first_of_month: date, months: int) -> date:
    """The first day of the month ``months`` before (after, if negative) ``first_of_month``'s."""
    index = first_of_month.year * 12 + first_of_month.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _overdue(q: Query) -> list[dict[str, Any]]:
    if q.filters.date_from or q.filters.date_to:
        return folds.overdue_in_period(q.reader.breaches(q.filters), q.filters, q.today, q.calendar)
    return [row | folds.days_over(row, q.today, q.calendar) for row in q.reader.overdue(q.filters, q.today)]


REPORTS: tuple[Report, ...] = (
    Report(
        "screen",
        "电子监察总览",
        "supervision screen",
        ("queue", "supervision"),
        frozenset({"department"}),
        ScreenRow,
        _screen,
    ),
    Report(
        "screen_people",
        "电子监察·承办人员",
        "supervision screen by holder",
        ("queue", "supervision"),
        frozenset({"department"}),
        ScreenPersonRow,
        _screen_people,
    ),
    Report(
        "queue",
        "办件列表",
        "work queue",
        ("queue",),
        ORGANISATION | {"status", "level", "due_before"},
        QueueRow,
        lambda q: q.reader.queue(q.filters),
    ),
    Report(
        "responsibility",
        "责任倒查",
        "responsibility",
        ("responsibility", "supervision"),
        ORGANISATION | {"group"},
        ResponsibilityRow,
        _responsibility,
    ),
    Report(
        "attribution",
        "责任倒查明细",
        "delay attribution",
        ("responsibility",),
        ORGANISATION,
        AttributionRow,
        lambda q: q.reader.attribution(q.filters),
    ),
    Report("overdue", "超期办件", "overdue cases", ("queue", "supervision"), ORGANISATION, OverdueRow, _overdue),
    Report(
        "warnings",
        "预警记录",
        "warnings and breaches",
        ("supervision",),
        ORGANISATION | {"level"},
        WarningRow,
        lambda q: q.reader.warnings(q.filters),
    ),
    Report(
        "redflags",
        "红牌",
        "red flags",
        ("supervision",),
        frozenset({"period", "department", "person"}),
        RedFlagRow,
        lambda q: q.reader.red_flags(q.filters),
    ),
    Report(
        "kpi",
        "质量目标",
        "KPIs",
        ("quality",),
        frozenset({"period", "department"}),
        KpiRow,
        lambda q: folds.kpi_rows(q.reader.kpi(q.filters)),
    ),
    Report(
        "kpi_trend",
        "质量目标月度趋势",
        "KPIs month by month",
        ("quality",),
        frozenset({"period", "department"}),
        KpiTrendRow,
        _kpi_trend,
    ),
    Report(
        "nonconformities",
        "不合格项",
        "nonconformities",
        ("supervision", "quality"),
        frozenset({"period", "department", "person"}),
        NonconformityRow,
        lambda q: q.reader.nonconformities(q.filters),
    ),
    Report(
        "capa",
        "纠正措施",
        "corrective actions",
        ("quality",),
        frozenset({"period", "department"}),
        CapaRow,
        lambda q: q.reader.capa(q.filters),
    ),
    Report(
        "catalogue",
        "事项梳理",
        "catalogue",
        ("catalogue",),
        frozenset({"period", "department"}),
        CatalogueRow,
        lambda q: folds.with_total(q.reader.catalogue(q.filters), "department"),
    ),
    Report(
        "agency",
        "代办员工作量",
        "agents' workload",
        ("agency",),
        PERIOD_DEPARTMENT,
        AgencyRow,
        lambda q: folds.agency_rows(q.reader.agency_cases(q.filters)),
    ),
    Report(
        "consultations",
        "网上咨询台账",
        "online consultations",
        ("consultations",),
        PERIOD_DEPARTMENT,
        ConsultationRow,
        lambda q: folds.consultation_rows(q.reader.consultations(q.filters), q.today),
    ),
    Report(
        "mandates",
        "代办授权台账",
        "agents' mandates",
        ("mandates",),
        frozenset({"period"}),
        MandateRow,
        lambda q: folds.mandate_rows(q.reader.mandates(q.filters), q.today),
    ),
    Report(
        "projects",
        "投资项目台账",
        "investment projects",
        ("projects",),
        frozenset({"period"}),
        ProjectRow,
        lambda q: q.reader.projects(q.filters),
    ),
    Report(
        "meeting_actions",
        "协调会交办事项",
        "coordination meetings' actions",
        ("meetings",),
        PERIOD_DEPARTMENT,
        MeetingActionRow,
        lambda q: folds.meeting_action_rows(q.reader.meeting_actions(q.filters), q.today),
    ),
    Report(
        "pre_reviews",
        "网上预审台账",
        "pre-reviews",
        ("pre_reviews",),
        PERIOD_DEPARTMENT,
        PreReviewRegisterRow,
        lambda q: folds.pre_review_rows(q.reader.pre_reviews(q.filters), q.today),
    ),
    Report(
        "orders", "督办台账", "supervision orders", ("orders",), frozenset({"period", "department"}), OrderRow, _orders
    ),
    Report(
        "order_stats",
        "督办情况统计",
        "supervision orders by department",
        ("orders",),
        PERIOD_DEPARTMENT,
        OrderStatsRow,
        lambda q: folds.order_stats(_orders(q)),
    ),
    Report(
        "complaints",
        "投诉台账",
        "complaints",
        ("complaints",),
        PERIOD_DEPARTMENT | {"person"},
        ComplaintRow,
        _complaints,
    ),
    Report(
        "complaint_stats",
        "投诉情况统计",
        "complaints by department",
        ("complaints",),
        PERIOD_DEPARTMENT,
        ComplaintStatsRow,
        lambda q: folds.complaint_stats(_complaints(q)),
    ),
    Report(
        "findings",
        "责任追究台账",
        "responsibility findings",
        ("findings",),
        PERIOD_DEPARTMENT | {"person"},
        FindingRow,
        lambda q: q.reader.findings(q.filters),
        personal=True,
    ),
    Report(
        "evaluations",
        "季度考评",
        "quarterly evaluations",
        ("evaluations",),
        PERIOD_DEPARTMENT,
        EvaluationRow,
        lambda q: q.reader.evaluations(q.filters),
    ),
    Report(
        "documents",
        "案卷材料完整性",
        "document completeness",
        ("casefile",),
        PERIOD_DEPARTMENT,
        DocumentsRow,
        lambda q: q.reader.documents(q.filters),
    ),
    Report(
        "deadlines",
        "时限核对",
        "deadline reconciliation",
        ("casefile",),
        PERIOD_DEPARTMENT,
        DeadlinesRow,
        lambda q: q.reader.deadlines(q.filters),
    ),
    Report(
        "audit_checks",
        "内部审核抽样",
        "internal audit sample",
        ("audits",),
        PERIOD_DEPARTMENT,
        AuditCheckRow,
        lambda q: q.reader.audit_checks(q.filters),
    ),
    Report(
        "review_pack",
        "管理评审输入",
        "management review pack",
        ("quality", "complaints", "responsibility", "supervision", "audits", "queue"),
        frozenset({"period"}),
        ReviewPackRow,
        _review_pack,
        required=frozenset({"period"}),
    ),
)
BY_NAME = {report.name: report for report in REPORTS}
NAMES = tuple(BY_NAME)
