"""The quarterly department evaluation (电子监察季度考评): computed from the views, published once per quarter
by an inspector with a supervision recommendation (监察建议书) for each failing department, followed as a
supervision order on the department; and recomputed later to show what has changed since."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from application.calendars import Calendars
from application.idempotency import IdempotencyKey
from application.plumbing.store import LedgerStore
from application.projections.runner import ProjectionRunner
from application.reports.reader import ViewReader
from application.supervision.records import Acted, Records
from domain.business_time import legal_day
from domain.errors import phrase
from domain.organisation.actors import Actor
from domain.supervision.evaluation import (
    DepartmentFigures,
    DepartmentGrade,
    EvaluationPolicy,
    Grade,
    QuarterlyEvaluation,
    Recommendation,
    evaluate,
    quarter_days,
)
from domain.supervision.order import Subject, SupervisionOrder, WarningType

RECOMMENDATION_RULE = "E001"  # 考评不合格: a supervision recommendation to a failing department
SOURCES = ("queue", "quality", "supervision", "orders", "complaints")  # the views the figures come from


@dataclass(frozen=True)
class Draft:
    """A quarter's evaluation as the ledger computes it now (not recorded)."""

    quarter: str
    figures: tuple[DepartmentFigures, ...]
    grades: tuple[DepartmentGrade, ...]


class Evaluations:
    def __init__(
        self,
        store: LedgerStore,
        calendars: Calendars,
        runner: ProjectionRunner,
        reader: ViewReader,
        policy: EvaluationPolicy | None = None,
    ) -> None:
        self.store, self.calendars, self.runner, self.reader = store, calendars, runner, reader
        self.policy = policy or EvaluationPolicy()
        self.records = Records(store, QuarterlyEvaluation, phrase("evaluation"), QuarterlyEvaluation.id_for)

    def figures(self, quarter: str) -> tuple[DepartmentFigures, ...]:
        """Each department's figures of ``quarter``, from views brought up to date first."""
        first, last = quarter_days(quarter)
        self.runner.catch_up(list(SOURCES))
        return tuple(DepartmentFigures(**row) for row in self.reader.evaluation_figures(first, last))

    def draft(self, quarter: str) -> Draft:
        figures = self.figures(quarter)
        return Draft(quarter, figures, evaluate(figures, self.policy))

    def publish(self, quarter: str, *, at: datetime, by: Actor) -> Acted:
        """Publish ``quarter``'s evaluation as computed now; each failing department receives a recommendation
        to improve within the policy's working days, opened as a supervision order on the department in the
        same transaction. ``AlreadyExists`` if the quarter was published."""
        draft = self.draft(quarter)
        due = self.calendars.add_working_days(legal_day(at), self.policy.recommendation_days).on
        orders, letters = [], []
        for grade in draft.grades:
            if grade.grade is not Grade.FAIL:
                continue
            text = (
                f"监察建议书：{quarter} 季度电子监察考评得分 {grade.score}，评为不合格。"
                f"请于 {due} 前查找原因、限期改进并书面报告。"
            )
            number = recommendation_number(quarter, grade.department)
            letters.append(Recommendation(grade.department, number, due, text))
            orders.append(
                SupervisionOrder.open(
                    order_no=number,
                    subject=Subject.DEPARTMENT,
                    department=grade.department,
                    rule_id=RECOMMENDATION_RULE,
                    warning_type=WarningType.OTHER,
                    content=text,
                    due_on=due,
                    at=at,
                    by=by,
                )
            )
        evaluation = QuarterlyEvaluation.publish(
            quarter=quarter,
            figures=draft.figures,
            policy=self.policy,
            recommendations=tuple(letters),
            at=at,
            by=by,
        )
        return self.records.create(quarter, evaluation, *orders)

    def once(self, key: IdempotencyKey, run: Callable[[], Acted]) -> Acted:
        return self.records.once(key, run)

    def published(self, quarter: str) -> QuarterlyEvaluation:
        quarter_days(quarter)  # a malformed quarter is refused as such, not as not found
        return self.records.get(quarter)

    def recomputation(self, quarter: str) -> list[dict[str, Any]]:
        """What has changed since ``quarter`` was published: its figures recomputed now, under the policy it
        was published with (the publication itself is never rewritten)."""
        return self.published(quarter).differences(self.figures(quarter))


def recommendation_number(quarter: str, department: str) -> str:
    """The order number of a quarter's recommendation to a department (an..20): readable when it fits."""
    number = f"JY{quarter}{department}"
    if len(number) <= 20:
        return number
    return f"JY{quarter}{hashlib.sha256(department.encode()).hexdigest()[:12].upper()}"
