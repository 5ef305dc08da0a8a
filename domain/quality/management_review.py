"""``ManagementReview`` (ISO 9001 9.3, 管理评审): the centre's leadership reviews a period from a pack of its
figures (quality objectives against actuals, satisfaction and complaint trends, step overruns by step,
nonconformity and corrective-action status, internal audit results, backlog per department) and records its
decisions and the actions it assigns. The pack is kept with the review as it was read (9.3.3: "retain
documented information as evidence of the results").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.business_time import legal_day, require_aware
from domain.errors import InvalidValue
from domain.ids import natural_id
from domain.organisation.actors import Actor
from domain.quality.corrective_action import QUALITY_ROLES, NotAQualityManager

TEXT_MAX = 1000


@dataclass(frozen=True)
class QualityObjectives:
    """The centre's quality objectives (质量目标), as percentages: configured, reviewed in 9.3."""

    on_time_pct: float = 98.0  # 按时办结率 at least
    satisfaction_pct: float = 98.0  # share of ratings of 4 or 5 stars at least
    negative_pct: float = 1.0  # share of ratings of 1 or 2 stars at most
    complaints_per_thousand: float = 5.0  # complaints per thousand concluded cases at most


@dataclass(frozen=True)
class PackLine:
    """One line of a review pack: its section, what it measures, the target (if any), the actual, and whether
    the target was met."""

    section: str  # objectives | satisfaction | complaints | step_overruns | nonconformities | audits | backlog
    item: str
    target: str | None
    actual: str
    met: bool | None


@dataclass(frozen=True)
class ReviewAction:
    """An output of the review (9.3.3): what is to be done, by which department, by when."""

    action: str
    owner_department: str
    due_on: date


class ManagementReview(Aggregate):
    class Held(Aggregate.Created):
        review_no: str
        first_day: date
        last_day: date
        pack: tuple[PackLine, ...]
        decisions: tuple[str, ...]
        actions: tuple[ReviewAction, ...]
        occurred_at: datetime
        by: Actor

    def __init__(
        self,
        review_no: str,
        first_day: date,
        last_day: date,
        pack: tuple[PackLine, ...],
        decisions: tuple[str, ...],
        actions: tuple[ReviewAction, ...],
        occurred_at: datetime,
        by: Actor,
    ) -> None:
        self.review_no, self.first_day, self.last_day, self.pack = review_no, first_day, last_day, pack
        self.decisions, self.actions, self.held_at, self.held_by = decisions, actions, occurred_at, by

    @staticmethod
    def id_for(review_no: str) -> Any:
        return natural_id("management-review", review_no)

    @classmethod
    def hold(
        cls,
        *,
        review_no: str,
        first_day: date,
        last_day: date,
        pack: tuple[PackLine, ...],
        decisions: tuple[str, ...],
        actions: tuple[ReviewAction, ...],
        at: datetime,
        by: Actor,
    ) -> ManagementReview:
        """管理评审: the review of a period that has ended, its pack, decisions and actions (recorded by the
        quality manager, who keeps the quality system's records)."""
        require_aware(at)
        if by.role not in QUALITY_ROLES:
            raise NotAQualityManager("a {role} does not record management reviews", role=by.role)
        if last_day < first_day or last_day >= legal_day(at):
            raise InvalidValue("a review looks at a period that has ended")
        if not pack:
            raise InvalidValue("a review is held on its pack")
        if not decisions or not all(d.strip() and len(d) <= TEXT_MAX for d in decisions):
            raise InvalidValue("a review records its decisions, each in 1 to {TEXT_MAX} characters", TEXT_MAX=TEXT_MAX)
        for action in actions:
            if not action.action.strip() or len(action.action) > TEXT_MAX:
                raise InvalidValue("an action is said in 1 to {TEXT_MAX} characters", TEXT_MAX=TEXT_MAX)
            if action.due_on <= legal_day(at):
                raise InvalidValue("an action is due after the review, not on {due_on}", due_on=action.due_on)
        return cls._create(
            cls.Held,
            id=cls.id_for(review_no),
            review_no=review_no,
            first_day=first_day,
            last_day=last_day,
            pack=pack,
            decisions=decisions,
            actions=actions,
            occurred_at=at,
            by=by,
        )
