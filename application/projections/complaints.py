"""The register of complaints (投诉台账): one row per complaint, where it stands and when each step came."""

from __future__ import annotations

from typing import Any, TypedDict, cast

from application.projections.base import Handlers, Index, Recorded, table
from application.projections.case_events import iso
from application.projections.register import Register
from domain.business_time import legal_day
from domain.supervision.complaint import Complaint

COMPLAINTS = table(
    "view_complaints",
    key=("complaint_no",),
    # The watcher's question: which complaints ran past their due date unflagged (a few rows).
    indexes=(("department", "filed_at"), ("case_no",), Index(("due_on",), where="flagged_at IS NULL")),
    complaint_no="text",
    source="text",
    kind="text",
    case_no="text",
    department="text",
    person_id="text",
    status="text",
    filed_at="timestamp",
    due_on="date",
    rectified_at="timestamp",
    rectified_on="date",
    verification="text",
    rectifications="int",
    called_back_at="timestamp",
    satisfaction="text",
    closed_at="timestamp",
    flagged_at="timestamp",
)


class ComplaintRow(TypedDict):
    """A complaint's row of the register (``COMPLAINTS``'s columns), kept as the view's state too."""

    complaint_no: str
    source: str
    kind: str
    case_no: str | None
    department: str
    person_id: str | None
    status: str
    filed_at: str | None
    due_on: str | None
    rectified_at: str | None  # the first rectification
    rectified_on: str | None
    verification: str | None
    rectifications: int
    called_back_at: str | None
    satisfaction: str | None
    closed_at: str | None
    flagged_at: str | None  # late rectification: when its due date ran out


on = Handlers()


class ComplaintsView(Register):
    """Every complaint and the time of each of its steps."""

    name = "complaints"
    table = COMPLAINTS
    tables = (COMPLAINTS,)
    handlers = on
    events = (Complaint.Filed, Complaint.Rectified, Complaint.CalledBack, Complaint.FlaggedLate)

    def opened(self, event: Any, recorded: Recorded) -> dict[str, Any] | None:
        if not isinstance(event, Complaint.Filed):
            return None
        return cast(
            dict[str, Any],
            ComplaintRow(
                complaint_no=event.complaint_no,
                source=event.source.value,
                kind=event.kind.value,
                case_no=event.case_no,
                department=event.department,
                person_id=event.person_id,
                status="filed",
                filed_at=recorded.at,
                due_on=iso(event.due_on),
                rectified_at=None,
                rectified_on=None,
                verification=None,
                rectifications=0,
                called_back_at=None,
                satisfaction=None,
                closed_at=None,
                flagged_at=None,
            ),
        )


@on(Complaint.Rectified)
def _rectified(row: ComplaintRow, event: Complaint.Rectified, at: str | None) -> None:
    row["status"], row["verification"], row["rectifications"] = (
        "rectified",
        event.verification.value,
        row["rectifications"] + 1,
    )
    if row["rectified_at"] is None:
        row["rectified_at"], row["rectified_on"] = at, iso(legal_day(event.occurred_at))


@on(Complaint.CalledBack)
def _called_back(row: ComplaintRow, event: Complaint.CalledBack, at: str | None) -> None:
    row["called_back_at"], row["satisfaction"] = at, event.satisfaction.value
    closes = event.satisfaction.value != "dissatisfied"
    row["status"] = "closed" if closes else "reopened"
    row["closed_at"] = at if closes else None


@on(Complaint.FlaggedLate)
def _flagged(row: ComplaintRow, event: Complaint.FlaggedLate, at: str | None) -> None:
    row["flagged_at"] = iso(event.crossed_at)
