"""The quarterly department evaluation (季度考评) over HTTP: the draft computed now, the publication (an
inspector's act, once per quarter, with a supervision recommendation for each failing department), the
evaluation as published, and what a recomputation would change. A department reads its own row in
``GET /reports/evaluations``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel

from application.supervision.evaluations import Draft
from application.supervision.records import Acted
from domain.errors import phrase
from domain.quality.kpis import rate
from domain.supervision.access import check_may_read_the_centre
from domain.supervision.evaluation import DepartmentFigures, DepartmentGrade, QuarterlyEvaluation, Recommendation
from interface.api.deps import CommandDep, ReadLogDep, UserDep, ViewsDep
from interface.api.problems import COMMAND_PROBLEMS
from interface.api.routes.record_commands import RecordOut
from interface.api.schemas.base import Timed

router = APIRouter(prefix="/evaluations", tags=["supervision"], responses=COMMAND_PROBLEMS)
Quarter = Annotated[str, Path(pattern=r"^(19|20)\d{2}Q[1-4]$", description="e.g. 2026Q1")]


class PublishIn(Timed):
    """发布: publish the quarter's evaluation as computed now (after the quarter has ended)."""


class EvaluationOut(RecordOut):
    quarter: str
    version: int
    position: int

    @classmethod
    def of(cls, acted: Acted) -> EvaluationOut:
        return cls(quarter=acted.number, version=acted.version, position=acted.position)


class DepartmentResult(BaseModel):
    """A department's figures and result."""

    department: str
    figures: dict[str, Any]
    on_time_rate_pct: float | None
    avg_wd: float | None
    satisfaction_pct: float | None
    score: float | None
    grade: str | None
    red: bool
    reasons: list[str]


class RecommendationOut(BaseModel):
    department: str
    order_no: str
    due_on: date
    text: str


class EvaluationView(BaseModel):
    """A quarter's evaluation: as drafted now, or as published (with when, by whom and its recommendations)."""

    quarter: str
    published_at: datetime | None
    published_by: str | None
    departments: list[DepartmentResult]
    recommendations: list[RecommendationOut]

    @classmethod
    def of_draft(cls, draft: Draft) -> EvaluationView:
        return cls(
            quarter=draft.quarter,
            published_at=None,
            published_by=None,
            departments=_results(draft.figures, draft.grades),
            recommendations=[],
        )

    @classmethod
    def of(cls, evaluation: QuarterlyEvaluation) -> EvaluationView:
        return cls(
            quarter=evaluation.quarter,
            published_at=evaluation.published_at,
            published_by=evaluation.published_by.person_id,
            departments=_results(evaluation.figures, evaluation.grades),
            recommendations=[_letter(r) for r in evaluation.recommendations],
        )


class Difference(BaseModel):
    department: str
    figures: dict[str, tuple[int | None, int | None]]
    score: tuple[float | None, float | None]
    grade: tuple[str | None, str | None]


def _results(figures: tuple[DepartmentFigures, ...], grades: tuple[DepartmentGrade, ...]) -> list[DepartmentResult]:
    by_department = {g.department: g for g in grades}
    results = []
    for f in figures:
        grade = by_department[f.department]
        results.append(
            DepartmentResult(
                department=f.department,
                figures={k: v for k, v in vars(f).items() if k != "department"},
                on_time_rate_pct=rate(f.on_time, f.concluded),
                avg_wd=None if f.avg_wd is None else round(f.avg_wd, 2),
                satisfaction_pct=rate(f.satisfied, f.rated),
                score=grade.score,
                grade=None if grade.grade is None else grade.grade.value,
                red=grade.red,
                reasons=list(grade.reasons),
            )
        )
    return results


def _letter(r: Recommendation) -> RecommendationOut:
    return RecommendationOut(department=r.department, order_no=r.order_no, due_on=r.due_on, text=r.text)


@router.get("/{quarter}/draft", summary="the quarter's evaluation as computed now (not recorded)")
def draft(quarter: Quarter, views: ViewsDep, user: UserDep, log: ReadLogDep) -> EvaluationView:
    check_may_read_the_centre(user, phrase("the evaluation of {quarter}", quarter=quarter))
    log("evaluation-draft", quarter)
    return EvaluationView.of_draft(views.evaluations.draft(quarter))


@router.post("/{quarter}", status_code=201, summary="发布: publish the quarter's evaluation (inspectors, once)")
async def publish(quarter: Quarter, body: PublishIn, cmd: CommandDep, views: ViewsDep) -> EvaluationOut:
    def command(at: datetime, _: int | None) -> Acted:
        return views.evaluations.publish(quarter, at=at, by=cmd.user)

    return EvaluationOut.of(await cmd.execute(body.occurred_at, command, views.evaluations.once))


@router.get("/{quarter}", summary="the quarter's evaluation as published")
def published(quarter: Quarter, views: ViewsDep, user: UserDep, log: ReadLogDep) -> EvaluationView:
    check_may_read_the_centre(user, phrase("the evaluation of {quarter}", quarter=quarter))
    log("evaluation", quarter)
    return EvaluationView.of(views.evaluations.published(quarter))


@router.get("/{quarter}/recomputation", summary="what recomputing the published quarter now would change")
def recomputation(quarter: Quarter, views: ViewsDep, user: UserDep, log: ReadLogDep) -> list[Difference]:
    check_may_read_the_centre(user, phrase("the evaluation of {quarter}", quarter=quarter))
    log("evaluation-recomputation", quarter)
    return [Difference(**d) for d in views.evaluations.recomputation(quarter)]
