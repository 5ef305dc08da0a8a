"""Quarterly department evaluation (电子监察季度考评, domain.md 2.2 and 2.4, supervision-workflows.md 3).

For a quarter, each department's figures from the ledger (cases received and concluded, the on-time rate
and working days used, step overruns, red flags, supervision orders, complaints upheld, satisfaction) are
compared with the centre's: a department is lit red when its average time exceeds the centre's by
``time_ratio`` (120 %) or its on-time rate falls below ``on_time_ratio`` (80 %) of the centre's. It is
scored out of 100 by the weights of an ``EvaluationPolicy`` and graded excellent / good / pass / fail by its
thresholds; a failing department receives a supervision recommendation (监察建议书) with a deadline.

Publishing records the evaluation as it was computed, with its policy and every figure, once per quarter:
a later recomputation (acts entered late change the figures) is compared with it, never written over it.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.business_time import legal_day, require_aware
from domain.errors import InvalidValue
from domain.ids import natural_id
from domain.organisation.actors import Actor
from domain.supervision.order import INSPECTORS, NotForThisRole

QUARTER = re.compile(r"^((?:19|20)\d{2})Q([1-4])$")  # the years a ledger holds


class Grade(enum.Enum):
    EXCELLENT = "excellent"  # 优秀
    GOOD = "good"  # 良好
    PASS = "pass"  # 合格  # noqa: S105 (a grade, not a password)
    FAIL = "fail"  # 不合格


@dataclass(frozen=True)
class EvaluationPolicy:
    """The weights (summing to 100), deductions and thresholds of the evaluation: local rules, configured."""

    on_time_weight: float = 40.0  # × the on-time rate
    satisfaction_weight: float = 20.0  # × the share of ratings of 4 or 5 stars (full marks when none)
    steps_weight: float = 15.0  # × (1 − step overruns per concluded case)
    orders_weight: float = 10.0  # less ``per_order`` for each supervision order opened on the department
    complaints_weight: float = 10.0  # less ``per_complaint`` for each complaint upheld (substantiated or partly)
    red_flags_weight: float = 5.0  # less ``per_red_flag`` for each procedural red flag
    per_order: float = 2.0
    per_complaint: float = 2.0
    per_red_flag: float = 1.0
    red_light: float = 10.0  # deducted when lit red against the centre
    time_ratio: float = 1.2  # red when the average time exceeds the centre's by this ratio ...
    on_time_ratio: float = 0.8  # ... or the on-time rate falls below this share of the centre's
    excellent: float = 90.0
    good: float = 80.0
    passing: float = 60.0
    recommendation_days: int = 20  # working days a failing department has to improve (限期改进)

    def grade(self, score: float) -> Grade:
        if score >= self.excellent:
            return Grade.EXCELLENT
        if score >= self.good:
            return Grade.GOOD
        return Grade.PASS if score >= self.passing else Grade.FAIL


@dataclass(frozen=True)
class DepartmentFigures:
    """What the ledger holds of one department's quarter (concluded: decided or closed in the quarter)."""

    department: str
    received: int
    concluded: int
    on_time: int
    wd_used: int  # working days used by the concluded cases that ran a clock
    clocked: int  # how many those are
    step_overruns: int  # step budgets run out (red on a step) in the quarter
    red_flags: int
    orders: int  # supervision orders opened on the department
    orders_overdue: int  # of them, not closed by their due date (B002)
    complaints: int
    complaints_upheld: int
    rated: int
    satisfied: int  # ratings of 4 or 5 stars

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.concluded if self.concluded else None

    @property
    def avg_wd(self) -> float | None:
        return self.wd_used / self.clocked if self.clocked else None

    @property
    def satisfaction(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None


@dataclass(frozen=True)
class DepartmentGrade:
    """A department's result: its score and grade (none without a concluded case), and why it is lit red."""

    department: str
    score: float | None
    grade: Grade | None
    red: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class CentreFigures:
    """The centre's averages the departments are compared with."""

    concluded: int
    on_time_rate: float | None
    avg_wd: float | None


@dataclass(frozen=True)
class Recommendation:
    """监察建议书: to a failing department, to improve by ``due_on``; followed as a supervision order."""

    department: str
    order_no: str
    due_on: date
    text: str


def quarter_days(quarter: str) -> tuple[date, date]:
    """The first and last day of ``2026Q1``-style quarter."""
    found = QUARTER.match(quarter)
    if found is None:
        raise InvalidValue("a quarter is written like 2026Q1, not {quarter!r}", quarter=quarter)
    year, number = int(found[1]), int(found[2])
    first = date(year, 3 * number - 2, 1)
    last = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def centre_figures(figures: tuple[DepartmentFigures, ...]) -> CentreFigures:
    concluded = sum(f.concluded for f in figures)
    clocked = sum(f.clocked for f in figures)
    return CentreFigures(
        concluded=concluded,
        on_time_rate=sum(f.on_time for f in figures) / concluded if concluded else None,
        avg_wd=sum(f.wd_used for f in figures) / clocked if clocked else None,
    )


def evaluate(figures: tuple[DepartmentFigures, ...], policy: EvaluationPolicy) -> tuple[DepartmentGrade, ...]:
    """Each department's light, score and grade against the centre's averages."""
    centre = centre_figures(figures)
    return tuple(_grade(f, centre, policy) for f in figures)


def _grade(f: DepartmentFigures, centre: CentreFigures, policy: EvaluationPolicy) -> DepartmentGrade:
    reasons = []
    if f.avg_wd is not None and centre.avg_wd and f.avg_wd > policy.time_ratio * centre.avg_wd:
        reasons.append(f"average time {f.avg_wd:.1f} WD against the centre's {centre.avg_wd:.1f}")
    rate, centre_rate = f.on_time_rate, centre.on_time_rate
    if rate is not None and centre_rate and rate < policy.on_time_ratio * centre_rate:
        reasons.append(f"on time {rate:.0%} against the centre's {centre_rate:.0%}")
    if not f.concluded:
        return DepartmentGrade(f.department, None, None, bool(reasons), tuple(reasons))
    score = (
        policy.on_time_weight * (f.on_time_rate or 0.0)
        + policy.satisfaction_weight * (1.0 if f.satisfaction is None else f.satisfaction)
        + policy.steps_weight * max(0.0, 1 - f.step_overruns / f.concluded)
        + max(0.0, policy.orders_weight - policy.per_order * f.orders)
        + max(0.0, policy.complaints_weight - policy.per_complaint * f.complaints_upheld)
        + max(0.0, policy.red_flags_weight - policy.per_red_flag * f.red_flags)
        - (policy.red_light if reasons else 0.0)
    )
    score = round(max(0.0, score), 1)
    return DepartmentGrade(f.department, score, policy.grade(score), bool(reasons), tuple(reasons))


class QuarterlyEvaluation(Aggregate):
    """A quarter's published evaluation: one per quarter, never rewritten."""

    class Published(Aggregate.Created):
        quarter: str
        first_day: date
        last_day: date
        policy: EvaluationPolicy
        figures: tuple[DepartmentFigures, ...]
        centre: CentreFigures
        grades: tuple[DepartmentGrade, ...]
        recommendations: tuple[Recommendation, ...]
        occurred_at: datetime
        by: Actor

    def __init__(
        self,
        quarter: str,
        first_day: date,
        last_day: date,
        policy: EvaluationPolicy,
        figures: tuple[DepartmentFigures, ...],
        centre: CentreFigures,
        grades: tuple[DepartmentGrade, ...],
        recommendations: tuple[Recommendation, ...],
        occurred_at: datetime,
        by: Actor,
    ) -> None:
        self.quarter, self.first_day, self.last_day, self.policy = quarter, first_day, last_day, policy
        self.figures, self.centre, self.grades = figures, centre, grades
        self.recommendations, self.published_at, self.published_by = recommendations, occurred_at, by

    @staticmethod
    def id_for(quarter: str) -> Any:
        return natural_id("quarterly-evaluation", quarter)

    @classmethod
    def publish(
        cls,
        *,
        quarter: str,
        figures: tuple[DepartmentFigures, ...],
        policy: EvaluationPolicy,
        recommendations: tuple[Recommendation, ...],
        at: datetime,
        by: Actor,
    ) -> QuarterlyEvaluation:
        """Publish the quarter's evaluation as computed from ``figures``: only after the quarter has ended,
        by an inspector, with a recommendation for each failing department and none other."""
        require_aware(at)
        if by.role not in INSPECTORS:
            raise NotForThisRole("a {role} does not publish evaluations", role=by.role)
        first, last = quarter_days(quarter)
        if legal_day(at) <= last:
            raise InvalidValue(
                "{quarter} is evaluated after it ends ({last}), not on {day}",
                quarter=quarter,
                last=last,
                day=legal_day(at),
            )
        if len({f.department for f in figures}) != len(figures):
            raise InvalidValue("each department is evaluated once")
        grades = evaluate(figures, policy)
        failing = {g.department for g in grades if g.grade is Grade.FAIL}
        if {r.department for r in recommendations} != failing or len(recommendations) != len(failing):
            raise InvalidValue("a failing department, and only a failing one, receives a recommendation")
        return cls._create(
            cls.Published,
            id=cls.id_for(quarter),
            quarter=quarter,
            first_day=first,
            last_day=last,
            policy=policy,
            figures=figures,
            centre=centre_figures(figures),
            grades=grades,
            recommendations=recommendations,
            occurred_at=at,
            by=by,
        )

    def differences(self, now: tuple[DepartmentFigures, ...]) -> list[dict[str, Any]]:
        """What a recomputation from ``now``'s figures, under the published policy, changes: one entry per
        department whose figures, score or grade differ (a department new or gone counts too)."""
        then = {f.department: f for f in self.figures}
        then_grades = {g.department: g for g in self.grades}
        now_figures = {f.department: f for f in now}
        now_grades = {g.department: g for g in evaluate(now, self.policy)}
        changed = []
        for department in sorted(set(then) | set(now_figures)):
            before, after = then.get(department), now_figures.get(department)
            graded_before, graded_after = then_grades.get(department), now_grades.get(department)
            if before == after and graded_before == graded_after:
                continue
            changed.append(
                {
                    "department": department,
                    "figures": _changed_fields(before, after),
                    "score": (_score(graded_before), _score(graded_after)),
                    "grade": (_grade_value(graded_before), _grade_value(graded_after)),
                }
            )
        return changed


def _changed_fields(before: DepartmentFigures | None, after: DepartmentFigures | None) -> dict[str, tuple[Any, Any]]:
    names = [n for n in DepartmentFigures.__dataclass_fields__ if n != "department"]
    return {
        n: (getattr(before, n, None), getattr(after, n, None))
        for n in names
        if getattr(before, n, None) != getattr(after, n, None)
    }


def _score(grade: DepartmentGrade | None) -> float | None:
    return grade.score if grade is not None else None


def _grade_value(grade: DepartmentGrade | None) -> str | None:
    return grade.grade.value if grade is not None and grade.grade is not None else None
