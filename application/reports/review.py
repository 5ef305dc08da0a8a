"""A management review's pack (ISO 9001 9.3.2, 管理评审输入) from the views: the quality objectives against the
period's actuals, the month-by-month satisfaction and complaints, step overruns by step, nonconformities and
corrective actions, the internal audits and the backlog left at the end of the period."""

from __future__ import annotations

from datetime import date, timedelta

from application.reports.reader import ViewReader
from domain.errors import InvalidValue
from domain.quality.kpis import rate
from domain.quality.management_review import PackLine, QualityObjectives

MONTHS_AT_MOST = 24  # a review looks back a year or two, not at the ledger's whole history


def review_pack(reader: ViewReader, first: date, last: date, objectives: QualityObjectives) -> list[PackLine]:
    months = _months(first, last)
    if not months or len(months) > MONTHS_AT_MOST:
        raise InvalidValue(
            "a review pack covers 1 to {MONTHS_AT_MOST} months, from its first day to its last",
            MONTHS_AT_MOST=MONTHS_AT_MOST,
        )
    figures = reader.review_figures(first, last)
    cases, complaints = figures["cases"][0], figures["complaints"][0]
    concluded = int(cases["concluded_n"] or 0)
    rated = int(cases["rated_n"] or 0)
    objective_lines = [
        _at_least("on-time rate 按时办结率", rate(cases["on_time_n"], concluded), objectives.on_time_pct),
        _at_least("satisfaction 满意率", rate(cases["satisfied_n"], rated), objectives.satisfaction_pct),
        _at_most("negative ratings 差评率", rate(cases["negative_n"], rated), objectives.negative_pct),
        _at_most(
            "complaints per thousand cases 投诉率",
            None if not concluded else round(1000 * int(complaints["filed_n"] or 0) / concluded, 2),
            objectives.complaints_per_thousand,
            unit="‰",
        ),
    ]
    lines = [PackLine("objectives", *line) for line in objective_lines]
    satisfaction, complaint_lines = [], []
    for month_first, month_last in months:
        month = reader.review_figures(month_first, month_last)
        totals, filed = month["cases"][0], month["complaints"][0]
        label = f"{month_first:%Y-%m}"
        satisfied = rate(totals["satisfied_n"], int(totals["rated_n"] or 0))
        rated_text = "no ratings" if satisfied is None else f"{satisfied}% of {totals['rated_n']} ratings"
        satisfaction.append(PackLine("satisfaction", label, None, rated_text, None))
        upheld = int(filed["upheld_n"] or 0)
        complaint_lines.append(PackLine("complaints", label, None, f"{filed['filed_n']} filed, {upheld} upheld", None))
    lines += satisfaction + complaint_lines
    for row in figures["steps"]:
        actual = f"{row['overruns_n']} overruns, {row['days_n']} WD over"
        lines.append(PackLine("step_overruns", str(row["step_name"]), None, actual, None))
    for row in figures["nonconformities"]:
        lines.append(
            PackLine(
                "nonconformities", str(row["source"]), None, f"{row['raised_n']} raised, {row['open_n']} open", None
            )
        )
    for row in figures["capa"]:
        lines.append(PackLine("corrective_actions", str(row["status"]), None, str(row["capa_n"]), None))
    for row in figures["audits"]:
        actual = f"{row['checked_n']} cases checked, {row['failing_n']} with findings"
        lines.append(PackLine("audits", str(row["audit_no"]), None, actual, None))
    for row in figures["backlog"]:
        lines.append(PackLine("backlog", str(row["department"]), None, f"{row['open_n']} open on {last}", None))
    return lines


def _at_least(item: str, actual: float | None, target: float) -> tuple[str, str, str, bool | None]:
    met = None if actual is None else actual >= target
    return item, f"≥ {target}%", "no data" if actual is None else f"{actual}%", met


def _at_most(item: str, actual: float | None, target: float, unit: str = "%") -> tuple[str, str, str, bool | None]:
    met = None if actual is None else actual <= target
    return item, f"≤ {target}{unit}", "no data" if actual is None else f"{actual}{unit}", met


def _months(first: date, last: date) -> list[tuple[date, date]]:
    months, start = [], first
    while start <= last:
        following = (start.replace(day=1) + timedelta(days=32)).replace(day=1)
        months.append((start, min(last, following - timedelta(days=1))))
        start = following
    return months
