"""The centre's annual report (年度工作报告的数字): the figures a centre publishes, from the ledger alone.

Each figure is a total of a report of the registry over the year, so it says exactly what that report
says (the KPI's definitions: over the cases received in the year): cases received, accepted and
concluded, on time and early, the working days compressed against the statutory limits, the
satisfaction rate; the catalogue's optimisation (items turned immediate, limits shortened and the
working days cut); the full-process agency (its cases and the enterprises served); the investment
projects (their commitments against the statutory totals of their plans); the online pre-reviews.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from application.reports.filters import ReportFilters
from application.reports.service import Reports
from domain.calendar.working_days import WorkingDays


@dataclass(frozen=True)
class AnnualReport:
    year: int
    departments: int  # departments with cases received in the year
    received: int
    accepted: int
    concluded: int
    on_time_rate_pct: float | None
    early_rate_pct: float | None
    immediate_rate_pct: float | None
    days_compressed: int  # working days under the statutory limits, over the concluded cases
    rated: int
    satisfaction_pct: float | None
    items: int
    immediate_items: int
    items_optimised: int  # turned immediate, or their limit shortened, in the year (each item once)
    turned_immediate: int
    limits_shortened: int
    working_days_cut: int
    agency_cases: int
    agency_concluded: int
    enterprises_served: int
    projects: int
    major_projects: int
    green_channel_projects: int
    projects_committed_wd: int  # the commitments to the investors, summed
    projects_statutory_wd: int  # the statutory totals of the same plans' longest paths, summed
    pre_reviews: int
    pre_reviews_filed: int

    def lines(self) -> list[tuple[str, str]]:
        """The report as the centre says it, a figure per line (label, value), in Chinese."""

        def pct(value: float | None) -> str:
            return "–" if value is None else f"{value:.2f}%"

        return [
            ("进驻部门（有办件）", f"{self.departments}个"),
            ("受理办件", f"{self.accepted}件（收件{self.received}件）"),
            ("办结办件", f"{self.concluded}件"),
            ("按时办结率", pct(self.on_time_rate_pct)),
            ("提前办结率", pct(self.early_rate_pct)),
            ("即办件比例", pct(self.immediate_rate_pct)),
            ("较法定时限压缩", f"{self.days_compressed}个工作日"),
            ("群众满意率", f"{pct(self.satisfaction_pct)}（评价{self.rated}件）"),
            ("事项", f"{self.items}项，其中即办件{self.immediate_items}项"),
            (
                "优化事项",
                f"{self.items_optimised}项：承诺件改即办件{self.turned_immediate}项，"
                f"缩短时限{self.limits_shortened}项，共减少{self.working_days_cut}个工作日",
            ),
            (
                "全程代理",
                f"代办{self.agency_cases}件，办结{self.agency_concluded}件，服务企业{self.enterprises_served}家",
            ),
            (
                "投资项目",
                f"{self.projects}个（重大项目{self.major_projects}个，绿色通道{self.green_channel_projects}个），"
                f"承诺{self.projects_committed_wd}个工作日，法定{self.projects_statutory_wd}个工作日",
            ),
            ("网上预审", f"{self.pre_reviews}件，转为办件{self.pre_reviews_filed}件"),
        ]


def annual_report(reports: Reports, year: int, today: date, calendar: WorkingDays) -> AnnualReport:
    """The figures of ``year`` (up to ``today`` if the year is still running)."""
    period = ReportFilters(date_from=date(year, 1, 1), date_to=date(year, 12, 31))

    def run(name: str) -> list[dict[str, Any]]:
        return reports.run(name, period, today, calendar)

    def total(rows: list[dict[str, Any]], label: str) -> dict[str, Any]:
        return next((r for r in rows if r[label] == "ALL"), {})

    kpi_rows = run("kpi")
    kpi, catalogue, agency = (
        total(kpi_rows, "group"),
        total(run("catalogue"), "department"),
        total(run("agency"), "agent_id"),
    )
    projects, pre_reviews = run("projects"), run("pre_reviews")
    return AnnualReport(
        year=year,
        departments=sum(1 for r in kpi_rows if r["group"] != "ALL" and r["received"]),
        received=kpi.get("received", 0),
        accepted=kpi.get("accepted", 0),
        concluded=kpi.get("concluded", 0),
        on_time_rate_pct=kpi.get("on_time_rate_pct"),
        early_rate_pct=kpi.get("early_rate_pct"),
        immediate_rate_pct=kpi.get("immediate_rate_pct"),
        days_compressed=kpi.get("days_compressed", 0),
        rated=kpi.get("rated", 0),
        satisfaction_pct=kpi.get("satisfaction_pct"),
        items=catalogue.get("items", 0),
        immediate_items=catalogue.get("immediate_items", 0),
        items_optimised=catalogue.get("items_optimised", 0),
        turned_immediate=catalogue.get("turned_immediate", 0),
        limits_shortened=catalogue.get("limits_shortened", 0),
        working_days_cut=catalogue.get("working_days_cut", 0),
        agency_cases=agency.get("cases", 0),
        agency_concluded=agency.get("concluded", 0),
        enterprises_served=agency.get("enterprises", 0),
        projects=len(projects),
        major_projects=sum(1 for p in projects if p["major"]),
        green_channel_projects=sum(1 for p in projects if p["green_channel"]),
        projects_committed_wd=sum(p["committed_wd"] for p in projects),
        projects_statutory_wd=sum(p["statutory_path_wd"] or 0 for p in projects),
        pre_reviews=len(pre_reviews),
        pre_reviews_filed=sum(1 for p in pre_reviews if p["status"] == "filed"),
    )
