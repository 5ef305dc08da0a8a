"""ISO 9001 management reviews (9.3, 管理评审): the pack of a period read from the views, and the review held
on it recorded with its decisions and actions, the pack kept as it was read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from application.idempotency import IdempotencyKey
from application.plumbing.store import LedgerStore
from application.projections.runner import ProjectionRunner
from application.reports.reader import ViewReader
from application.reports.review import review_pack
from application.supervision.orders import new_number
from application.supervision.records import Acted, Records
from domain.errors import phrase
from domain.organisation.actors import Actor
from domain.quality.management_review import ManagementReview, PackLine, QualityObjectives, ReviewAction

SOURCES = ("quality", "complaints", "responsibility", "supervision", "audits", "queue")


class ManagementReviews:
    def __init__(
        self,
        store: LedgerStore,
        runner: ProjectionRunner,
        reader: ViewReader,
        objectives: QualityObjectives | None = None,
    ) -> None:
        self.runner, self.reader = runner, reader
        self.objectives = objectives or QualityObjectives()
        self.records = Records(store, ManagementReview, phrase("management review"), ManagementReview.id_for)

    def pack(self, first_day: date, last_day: date) -> list[PackLine]:
        """The pack of the period, from views brought up to date first."""
        self.runner.catch_up(list(SOURCES))
        return review_pack(self.reader, first_day, last_day, self.objectives)

    def hold(
        self,
        *,
        first_day: date,
        last_day: date,
        decisions: Sequence[str],
        actions: Sequence[ReviewAction],
        at: datetime,
        by: Actor,
        review_no: str | None = None,
    ) -> Acted:
        """管理评审: record the review of the period, on its pack as read now, with its decisions and actions."""
        number = review_no or new_number("PS", at)
        review = ManagementReview.hold(
            review_no=number,
            first_day=first_day,
            last_day=last_day,
            pack=tuple(self.pack(first_day, last_day)),
            decisions=tuple(decisions),
            actions=tuple(actions),
            at=at,
            by=by,
        )
        return self.records.create(number, review)

    def once(self, key: IdempotencyKey, run: Callable[[], Acted]) -> Acted:
        return self.records.once(key, run)

    def review(self, review_no: str) -> ManagementReview:
        return self.records.get(review_no)
