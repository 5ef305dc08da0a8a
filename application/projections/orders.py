"""The register of supervision orders (督办台账): one row per order, where it stands and when each step came.

An inspector's screens and the monthly report count orders by department: awaiting acknowledgement, awaiting
a reply, replied on time or late, sent back, closed with or without a finding of fault
(supervision-workflows.md 6).
"""

from __future__ import annotations

from typing import Any, TypedDict, cast

from application.projections.base import Handlers, Index, Recorded, table
from application.projections.case_events import iso
from application.projections.register import Register
from domain.business_time import legal_day
from domain.supervision.order import SupervisionOrder

ORDERS = table(
    "view_supervision_orders",
    key=("order_no",),
    # The watcher's question: which orders ran past their due date and are not flagged yet (a few rows).
    indexes=(("department", "opened_at"), ("status",), ("case_no",), Index(("due_on",), where="flagged_at IS NULL")),
    order_no="text",
    subject="text",
    case_no="text",
    reference="text",
    department="text",
    rule_id="text",
    warning_type="text",
    content="text",
    status="text",
    opened_at="timestamp",
    opened_on="date",
    opened_by="text",
    due_on="date",
    acknowledged_at="timestamp",
    first_reported_at="timestamp",
    reported_at="timestamp",
    reports="int",
    sent_back="int",
    accepted_at="timestamp",
    closed_at="timestamp",
    closed_on="date",
    finding="text",
    flagged_at="timestamp",
    extensions="int",
)


class OrderRow(TypedDict):
    """An order's row of the register (``ORDERS``'s columns), kept as the view's state too."""

    order_no: str
    subject: str
    case_no: str | None
    reference: str | None
    department: str
    rule_id: str
    warning_type: str
    content: str
    status: str
    opened_at: str | None
    opened_on: str | None  # its legal day (B001 asks whether an alarm's order came by its last day)
    opened_by: str
    due_on: str | None
    acknowledged_at: str | None
    first_reported_at: str | None
    reported_at: str | None
    reports: int
    sent_back: int
    accepted_at: str | None
    closed_at: str | None
    closed_on: str | None
    finding: str | None
    flagged_at: str | None  # B002: when its due date ran out before its close
    extensions: int  # granted: each moved ``due_on``


on = Handlers()


class SupervisionOrdersView(Register):
    """Every supervision order and the time of each of its steps."""

    name = "orders"
    table = ORDERS
    tables = (ORDERS,)
    handlers = on
    events = (
        SupervisionOrder.Opened,
        SupervisionOrder.Acknowledged,
        SupervisionOrder.CorrectionReported,
        SupervisionOrder.SentBack,
        SupervisionOrder.Accepted,
        SupervisionOrder.Closed,
        SupervisionOrder.FlaggedOverdue,
        SupervisionOrder.ExtensionDecided,
    )

    def opened(self, event: Any, recorded: Recorded) -> dict[str, Any] | None:
        if not isinstance(event, SupervisionOrder.Opened):
            return None
        return cast(
            dict[str, Any],
            OrderRow(
                order_no=event.order_no,
                subject=event.subject.value,
                case_no=event.case_no,
                reference=event.reference,
                department=event.department,
                rule_id=event.rule_id,
                warning_type=event.warning_type.value,
                content=event.content,
                status="opened",
                opened_at=recorded.at,
                opened_on=iso(legal_day(event.occurred_at)),
                opened_by=event.by.person_id,
                due_on=iso(event.due_on),
                acknowledged_at=None,
                first_reported_at=None,
                reported_at=None,
                reports=0,
                sent_back=0,
                accepted_at=None,
                closed_at=None,
                closed_on=None,
                finding=None,
                flagged_at=None,
                extensions=0,
            ),
        )


@on(SupervisionOrder.Acknowledged)
def _acknowledged(row: OrderRow, event: SupervisionOrder.Acknowledged, at: str | None) -> None:
    row["status"], row["acknowledged_at"] = "acknowledged", at


@on(SupervisionOrder.CorrectionReported)
def _reported(row: OrderRow, event: SupervisionOrder.CorrectionReported, at: str | None) -> None:
    row["status"], row["reported_at"], row["reports"] = "reported", at, row["reports"] + 1
    row["first_reported_at"] = row["first_reported_at"] or at


@on(SupervisionOrder.SentBack)
def _sent_back(row: OrderRow, event: SupervisionOrder.SentBack, at: str | None) -> None:
    row["status"], row["sent_back"] = "sent_back", row["sent_back"] + 1


@on(SupervisionOrder.Accepted)
def _accepted(row: OrderRow, event: SupervisionOrder.Accepted, at: str | None) -> None:
    row["status"], row["accepted_at"] = "accepted", at


@on(SupervisionOrder.Closed)
def _closed(row: OrderRow, event: SupervisionOrder.Closed, at: str | None) -> None:
    row["status"], row["closed_at"], row["finding"] = "closed", at, event.finding.value
    row["closed_on"] = iso(legal_day(event.occurred_at))


@on(SupervisionOrder.FlaggedOverdue)
def _flagged(row: OrderRow, event: SupervisionOrder.FlaggedOverdue, at: str | None) -> None:
    row["flagged_at"] = iso(event.crossed_at)


@on(SupervisionOrder.ExtensionDecided)
def _extension(row: OrderRow, event: SupervisionOrder.ExtensionDecided, at: str | None) -> None:
    if event.granted:
        row["due_on"], row["extensions"] = iso(event.new_due_on), row["extensions"] + 1
