"""Supervision orders (督办) over HTTP: opened by an inspector, answered by the responsible department.

Each order command of ``application.supervision.orders`` is served at
``POST /supervision-orders/{order_no}/{path}``, derived from its definition as the case commands are, with
the same business time, ``If-Match`` (the order's version) and ``Idempotency-Key``. Who may do what is the
order's own rule (the inspector opens, reviews and closes; a head of the responsible department
acknowledges and reports): a refusal is a 403 problem.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from application.supervision.orders import ORDER_COMMANDS
from application.supervision.records import Acted
from domain.supervision.order import Finding, Subject, SupervisionOrder, WarningType
from interface.api.deps import CommandDep, LedgerDep, ReadLogDep, UserDep
from interface.api.problems import COMMAND_PROBLEMS
from interface.api.routes.record_commands import RecordOut, add_command_routes
from interface.api.schemas.base import Code, Timed, example

router = APIRouter(prefix="/supervision-orders", tags=["supervision"], responses=COMMAND_PROBLEMS)
OrderNo = Annotated[str, Path(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]


class OrderOut(RecordOut):
    """What an order command reached (``ETag`` is the order's version)."""

    order_no: str
    version: int
    position: int

    @classmethod
    def of(cls, result: Acted) -> OrderOut:
        return cls(order_no=result.number, version=result.version, position=result.position)


class OpenOrderIn(Timed):
    """立项: the order, what it is on, and the department that must answer it."""

    subject: Subject
    department: Code
    rule_id: Annotated[str, Field(min_length=1, max_length=20)] = Field(description="监察规则编号, e.g. A004")
    warning_type: WarningType = Field(
        description="监察预警类型代码: 1 时效, 2 流程, 3 内容, 4 裁量·收费, 5 风险防控, 6 其他"
    )
    content: Annotated[str, Field(min_length=1, max_length=1000)]
    case_no: Code | None = None
    reference: Code | None = Field(default=None, description="the warning's key or the red flag's number")

    model_config = example(
        subject="case",
        case_no="SJJ-20260302-ABCDEF",
        department="SJJ",
        rule_id="A004",
        warning_type="1",
        content="该件超过承诺时限，请说明原因并整改",
    )


class OrderView(BaseModel):
    """A supervision order as recorded now."""

    order_no: str
    version: int
    status: str
    subject: Subject
    case_no: str | None
    reference: str | None
    department: str
    rule_id: str
    warning_type: WarningType
    content: str
    opened_at: datetime
    due_on: date
    reports: int
    finding: Finding | None

    @classmethod
    def of(cls, order: SupervisionOrder) -> OrderView:
        return cls(
            order_no=order.order_no,
            version=order.version,
            status=order.status.value,
            subject=order.subject,
            case_no=order.case_no,
            reference=order.reference,
            department=order.department,
            rule_id=order.rule_id,
            warning_type=order.warning_type,
            content=order.content,
            opened_at=order.opened_at,
            due_on=order.due_on,
            reports=order.reports,
            finding=order.finding,
        )


@router.post("", status_code=201, summary="立项: open a supervision order (inspectors)")
async def open_order(body: OpenOrderIn, cmd: CommandDep) -> OrderOut:
    def command(at: datetime, _: int | None) -> Acted:
        return cmd.ledger.supervision.open(
            subject=body.subject,
            department=body.department,
            rule_id=body.rule_id,
            warning_type=body.warning_type,
            content=body.content,
            case_no=body.case_no,
            reference=body.reference,
            at=at,
            by=cmd.user,
        )

    return OrderOut.of(await cmd.execute(body.occurred_at, command, cmd.ledger.supervision.once))


@router.get("/{order_no}", summary="a supervision order as recorded now")
def read_order(order_no: OrderNo, ledger: LedgerDep, user: UserDep, log: ReadLogDep) -> OrderView:
    order = ledger.supervision.order(order_no, viewer=user)
    log("supervision-order", order_no)
    return OrderView.of(order)


add_command_routes(router, ORDER_COMMANDS, ("order_no", OrderNo), lambda cmd: cmd.ledger.supervision, OrderOut)
