"""The register of responsibility findings (责任追究台账): one row per finding, with its person, place in the
chain, severity, sanctions and aggravation, and whether it still stands."""

from __future__ import annotations

from typing import Any, TypedDict, cast

from application.projections.base import Handlers, Recorded, table
from application.projections.case_events import iso
from application.projections.register import Register
from domain.business_time import legal_day
from domain.supervision.finding import ResponsibilityFinding

FINDINGS = table(
    "view_findings",
    key=("finding_no",),
    indexes=(("department", "decided_on"), ("person_id",), ("case_no",)),
    finding_no="text",
    case_no="text",
    person_id="text",
    department="text",
    chain_role="text",
    responsibility="text",
    severity="text",
    sanctions="text",
    overrun_days="int",
    aggravating="bool",
    prior="text",
    order_no="text",
    decided_on="date",
    recorded_at="timestamp",
    recorded_by="text",
    defences="int",
    status="text",
    withdrawn_at="timestamp",
)


class FindingRow(TypedDict):
    """A finding's row of the register (``FINDINGS``'s columns), kept as the view's state too."""

    finding_no: str
    case_no: str
    person_id: str
    department: str
    chain_role: str
    responsibility: str
    severity: str
    sanctions: str  # their values, in the order given, joined by spaces
    overrun_days: int
    aggravating: bool
    prior: str  # the standing findings that made it aggravating, joined by spaces
    order_no: str | None
    decided_on: str | None
    recorded_at: str | None
    recorded_by: str
    defences: int
    status: str
    withdrawn_at: str | None


on = Handlers()


class FindingsView(Register):
    """Every responsibility finding, as it stands."""

    name = "findings"
    table = FINDINGS
    tables = (FINDINGS,)
    handlers = on
    events = (
        ResponsibilityFinding.Recorded,
        ResponsibilityFinding.DefenceStated,
        ResponsibilityFinding.Withdrawn,
    )

    def opened(self, event: Any, recorded: Recorded) -> dict[str, Any] | None:
        if not isinstance(event, ResponsibilityFinding.Recorded):
            return None
        return cast(
            dict[str, Any],
            FindingRow(
                finding_no=event.finding_no,
                case_no=event.case_no,
                person_id=event.person_id,
                department=event.department,
                chain_role=event.chain_role.value,
                responsibility=event.responsibility.value,
                severity=event.severity.value,
                sanctions=" ".join(s.value for s in event.sanctions),
                overrun_days=event.overrun_days,
                aggravating=event.aggravating,
                prior=" ".join(event.prior),
                order_no=event.order_no,
                decided_on=iso(legal_day(event.occurred_at)),
                recorded_at=recorded.at,
                recorded_by=event.by.person_id,
                defences=0,
                status="standing",
                withdrawn_at=None,
            ),
        )


@on(ResponsibilityFinding.DefenceStated)
def _defence(row: FindingRow, event: ResponsibilityFinding.DefenceStated, at: str | None) -> None:
    row["defences"] += 1


@on(ResponsibilityFinding.Withdrawn)
def _withdrawn(row: FindingRow, event: ResponsibilityFinding.Withdrawn, at: str | None) -> None:
    row["status"], row["withdrawn_at"] = "withdrawn", at
