"""The published quarterly evaluations (季度考评): one row per quarter and department, with its figures, score,
grade, light and recommendation, as published (a recomputation is asked of the service, never folded in)."""

from __future__ import annotations

from typing import Any

from application.projections.base import Context, Projection, Recorded, ViewWriter, table
from application.projections.case_events import iso
from domain.quality.kpis import rate
from domain.supervision.evaluation import QuarterlyEvaluation

EVALUATIONS = table(
    "view_evaluations",
    key=("quarter", "department"),
    indexes=(("department",), ("first_day",)),
    quarter="text",
    department="text",
    first_day="date",
    received="int",
    concluded_cases="int",  # not "concluded": a boolean column of another view has that name
    on_time_rate_pct="real",
    avg_wd="real",
    step_overruns="int",
    red_flags="int",
    orders="int",
    complaints_upheld="int",
    satisfaction_pct="real",
    score="real",
    grade="text",
    red="bool",
    reasons="text",
    recommendation="text",
    recommendation_due="date",
    published_at="timestamp",
)


class EvaluationsView(Projection):
    """Every published evaluation, a row per department."""

    name = "evaluations"
    tables = (EVALUATIONS,)
    events = (QuarterlyEvaluation.Published,)

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        event = recorded.event
        if not isinstance(event, QuarterlyEvaluation.Published):
            return
        grades = {g.department: g for g in event.grades}
        letters = {r.department: r for r in event.recommendations}
        for figures in event.figures:
            grade, letter = grades[figures.department], letters.get(figures.department)
            row: dict[str, Any] = {
                "quarter": event.quarter,
                "department": figures.department,
                "first_day": iso(event.first_day),
                "received": figures.received,
                "concluded_cases": figures.concluded,
                "on_time_rate_pct": rate(figures.on_time, figures.concluded),
                "avg_wd": None if figures.avg_wd is None else round(figures.avg_wd, 2),
                "step_overruns": figures.step_overruns,
                "red_flags": figures.red_flags,
                "orders": figures.orders,
                "complaints_upheld": figures.complaints_upheld,
                "satisfaction_pct": rate(figures.satisfied, figures.rated),
                "score": grade.score,
                "grade": None if grade.grade is None else grade.grade.value,
                "red": grade.red,
                "reasons": "; ".join(grade.reasons),
                "recommendation": None if letter is None else letter.order_no,
                "recommendation_due": None if letter is None else iso(letter.due_on),
                "published_at": recorded.at,
            }
            view.upsert(EVALUATIONS.name, row)
