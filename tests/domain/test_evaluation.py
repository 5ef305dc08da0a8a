"""Given-when-then for the quarterly department evaluation: lights against the centre's averages, scores and
grades by the policy, a recommendation for each failing department, published once and compared, never
rewritten."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from domain.errors import InvalidValue
from domain.organisation.actors import Actor, Role
from domain.supervision.evaluation import (
    DepartmentFigures,
    EvaluationPolicy,
    Grade,
    QuarterlyEvaluation,
    Recommendation,
    centre_figures,
    evaluate,
    quarter_days,
)
from domain.supervision.order import NotForThisRole
from tests.support import AGENCY_HEAD, at

INSPECTOR = Actor("jc1", "监察员", Role.INSPECTOR, "JCJ")
POLICY = EvaluationPolicy()


def figures(department: str, **changes: int) -> DepartmentFigures:
    """100 cases concluded, 95 on time, 5 WD each on average, all rated 4 or 5 stars, nothing else."""
    base = DepartmentFigures(
        department=department,
        received=100,
        concluded=100,
        on_time=95,
        wd_used=500,
        clocked=100,
        step_overruns=0,
        red_flags=0,
        orders=0,
        orders_overdue=0,
        complaints=0,
        complaints_upheld=0,
        rated=50,
        satisfied=50,
    )
    return replace(base, **changes)


def test_a_clean_department_is_excellent_and_not_lit() -> None:
    [grade] = evaluate((figures("SJJ"),), POLICY)
    assert (grade.score, grade.grade, grade.red) == (38.0 + 20 + 15 + 10 + 10 + 5, Grade.EXCELLENT, False)


def test_red_when_time_exceeds_the_centres_average_by_a_fifth_or_the_on_time_rate_falls_below_four_fifths() -> None:
    centre = (figures("A"), figures("B"), figures("C", wd_used=800), figures("D", on_time=60))
    assert centre_figures(centre).avg_wd == pytest.approx(2300 / 400)
    grades = {g.department: g for g in evaluate(centre, POLICY)}
    assert not grades["A"].red and not grades["B"].red
    assert grades["C"].red and grades["C"].reasons[0].startswith("average time 8.0 WD against the centre's 5.8")
    # D: 60 % against the centre's 86.25 % (its 80 % is 69 %)
    assert grades["D"].red and grades["D"].reasons == ("on time 60% against the centre's 86%",)
    assert grades["C"].score == pytest.approx(grades["A"].score - POLICY.red_light)


def test_the_score_counts_step_overruns_orders_complaints_red_flags_and_satisfaction() -> None:
    troubled = figures(
        "SJJ", on_time=50, step_overruns=40, orders=3, complaints=4, complaints_upheld=2, red_flags=10, satisfied=25
    )
    [grade] = evaluate((troubled,), POLICY)
    # 40×0.5 + 20×0.5 + 15×0.6 + (10−6) + (10−4) + 0 = 49; alone, it is its own centre: not lit
    assert (grade.score, grade.grade, grade.red) == (49.0, Grade.FAIL, False)


@pytest.mark.parametrize(
    ("score", "grade"),
    [(90, Grade.EXCELLENT), (89.9, Grade.GOOD), (80, Grade.GOOD), (60, Grade.PASS), (59.9, Grade.FAIL)],
)
def test_grades_follow_the_thresholds(score: float, grade: Grade) -> None:
    assert POLICY.grade(score) is grade


def test_the_thresholds_are_configured() -> None:
    assert POLICY.grade(55) is Grade.FAIL and EvaluationPolicy(passing=50).grade(55) is Grade.PASS


def test_a_department_without_concluded_cases_is_not_graded() -> None:
    [grade] = evaluate((figures("SJJ", concluded=0, on_time=0, wd_used=0, clocked=0, rated=0, satisfied=0),), POLICY)
    assert (grade.score, grade.grade) == (None, None)


def published(*departments: DepartmentFigures, recommendations: tuple[Recommendation, ...] = ()) -> QuarterlyEvaluation:
    return QuarterlyEvaluation.publish(
        quarter="2026Q1",
        figures=departments,
        policy=POLICY,
        recommendations=recommendations,
        at=at(4, 3),
        by=INSPECTOR,
    )


def test_a_failing_department_and_only_it_receives_a_recommendation() -> None:
    failing = figures("ZJJ", on_time=10, satisfied=0, step_overruns=100, orders=5, complaints_upheld=5, red_flags=5)
    letter = Recommendation("ZJJ", "JY2026Q1ZJJ", date(2026, 5, 6), "限期改进")
    evaluation = published(figures("SJJ"), failing, recommendations=(letter,))
    assert [g.grade for g in evaluation.grades] == [Grade.EXCELLENT, Grade.FAIL]
    assert evaluation.recommendations == (letter,) and evaluation.centre.concluded == 200
    with pytest.raises(InvalidValue, match="failing"):
        published(figures("SJJ"), failing)
    with pytest.raises(InvalidValue, match="failing"):
        published(figures("SJJ"), recommendations=(replace(letter, department="SJJ"),))


def test_a_quarter_is_published_after_it_ends_by_an_inspector_each_department_once() -> None:
    with pytest.raises(InvalidValue, match="after it ends"):
        QuarterlyEvaluation.publish(
            quarter="2026Q1", figures=(), policy=POLICY, recommendations=(), at=at(3, 31, 18), by=INSPECTOR
        )
    with pytest.raises(NotForThisRole):
        QuarterlyEvaluation.publish(
            quarter="2026Q1", figures=(), policy=POLICY, recommendations=(), at=at(4, 3), by=AGENCY_HEAD
        )
    with pytest.raises(InvalidValue, match="once"):
        published(figures("SJJ"), figures("SJJ"))
    assert quarter_days("2026Q4") == (date(2026, 10, 1), date(2026, 12, 31))
    for wrong in ("2026Q5", "2026-Q1", "26Q1", "0000Q1", "9999Q4"):
        with pytest.raises(InvalidValue, match="2026Q1"):
            quarter_days(wrong)


def test_a_recomputation_shows_the_difference_and_leaves_the_publication_as_it_was() -> None:
    evaluation = published(figures("SJJ"), figures("ZJJ"))
    assert evaluation.differences((figures("SJJ"), figures("ZJJ"))) == []
    later = (figures("SJJ", on_time=94), figures("ZJJ"), figures("GTJ", concluded=0, on_time=0, received=3))
    changed = {d["department"]: d for d in evaluation.differences(later)}
    assert set(changed) == {"SJJ", "GTJ"}
    assert changed["SJJ"]["figures"] == {"on_time": (95, 94)}
    assert changed["SJJ"]["score"] == (98.0, pytest.approx(97.6))
    assert changed["GTJ"]["grade"] == (None, None) and changed["GTJ"]["figures"]["received"] == (None, 3)
    assert [f.on_time for f in evaluation.figures] == [95, 95]  # as published
