"""The register of pre-reviews (网上预审台账): one row per pre-review, where it stands, and whether the
department answered each round by its day (the days an online applicant waits are the centre's promise)."""

from __future__ import annotations

from typing import Any, cast

from typing_extensions import TypedDict  # pydantic reads it as a response model (Python < 3.12)

from application.projections.base import Handlers, Recorded, table
from application.projections.register import Register
from domain.business_time import legal_day
from domain.prereview.prereview import PreReview

PRE_REVIEWS = table(
    "view_pre_reviews",
    key=("pre_review_no",),
    indexes=(("department", "submitted_at"), ("status",)),
    pre_review_no="text",
    item_code="text",
    department="text",
    channel="text",
    submitted_by="text",
    counts_as_receipt="bool",
    status="text",
    submitted_at="timestamp",
    answer_due="date",
    answers="int",
    late_answers="int",  # answers given after their round's day
    first_answered_at="timestamp",
    notice_no="text",  # the notice of what was missing (the first)
    missing="int",  # how many materials it listed
    resubmissions="int",
    case_no="text",
    filed_at="timestamp",
    withdrawn_at="timestamp",
)


class PreReviewRow(TypedDict):
    pre_review_no: str
    item_code: str
    department: str
    channel: str
    submitted_by: str
    counts_as_receipt: bool
    status: str
    submitted_at: str | None
    answer_due: str
    answers: int
    late_answers: int
    first_answered_at: str | None
    notice_no: str | None
    missing: int
    resubmissions: int
    case_no: str | None
    filed_at: str | None
    withdrawn_at: str | None


on = Handlers()


class PreReviewsView(Register):
    """Every pre-review and the time of each of its steps."""

    name = "pre_reviews"
    table = PRE_REVIEWS
    tables = (PRE_REVIEWS,)
    handlers = on
    events = (PreReview.Submitted, PreReview.Answered, PreReview.Resubmitted, PreReview.Filed, PreReview.Withdrawn)

    def opened(self, event: Any, recorded: Recorded) -> dict[str, Any] | None:
        if not isinstance(event, PreReview.Submitted):
            return None
        return cast(
            dict[str, Any],
            PreReviewRow(
                pre_review_no=event.pre_review_no,
                item_code=event.item_code,
                department=event.department,
                channel=event.channel.value,
                submitted_by=event.by.person_id,
                counts_as_receipt=event.setting.counts_as_receipt,
                status="submitted",
                submitted_at=recorded.at,
                answer_due=event.answer_due.isoformat(),
                answers=0,
                late_answers=0,
                first_answered_at=None,
                notice_no=None,
                missing=0,
                resubmissions=0,
                case_no=None,
                filed_at=None,
                withdrawn_at=None,
            ),
        )


@on(PreReview.Answered)
def _answered(row: PreReviewRow, event: PreReview.Answered, at: str | None) -> None:
    row["answers"] += 1
    row["late_answers"] += legal_day(event.occurred_at).isoformat() > row["answer_due"]
    row["first_answered_at"] = row["first_answered_at"] or at
    row["status"] = "incomplete" if event.missing else "complete"
    if event.missing and row["notice_no"] is None:
        row["notice_no"], row["missing"] = event.notice_no, len(event.missing)


@on(PreReview.Resubmitted)
def _resubmitted(row: PreReviewRow, event: PreReview.Resubmitted, at: str | None) -> None:
    row["status"], row["answer_due"] = "submitted", event.answer_due.isoformat()
    row["resubmissions"] += 1


@on(PreReview.Filed)
def _filed(row: PreReviewRow, event: PreReview.Filed, at: str | None) -> None:
    row["status"], row["case_no"], row["filed_at"] = "filed", event.case_no, at


@on(PreReview.Withdrawn)
def _withdrawn(row: PreReviewRow, event: PreReview.Withdrawn, at: str | None) -> None:
    row["status"], row["withdrawn_at"] = "withdrawn", at
