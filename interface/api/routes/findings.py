"""Responsibility findings (行政过错责任认定) over HTTP: recorded by an inspector against a person in a case's
chain; the person states their defence; an inspector withdraws one on review. Each finding command of
``application.supervision.findings`` is served at ``POST /findings/{finding_no}/{path}``, derived from its
definition, with business time, ``If-Match`` and ``Idempotency-Key``. A finding is personal: it is read by
the person it is against, the heads of their department and those who supervise or audit; everyone finds
their own in ``GET /reports/findings``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from application.supervision.findings import FINDING_COMMANDS
from application.supervision.records import Acted
from domain.supervision.finding import ChainRole, Responsibility, ResponsibilityFinding, Sanction, Severity
from interface.api.deps import CommandDep, LedgerDep, ReadLogDep, UserDep
from interface.api.problems import COMMAND_PROBLEMS
from interface.api.routes.record_commands import RecordOut, add_command_routes
from interface.api.schemas.base import Code, Timed, example

router = APIRouter(prefix="/findings", tags=["supervision"], responses=COMMAND_PROBLEMS)
FindingNo = Annotated[str, Path(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
Said = Annotated[str, Field(min_length=1, max_length=1000)]


class FindingOut(RecordOut):
    """What a finding command reached (``ETag`` is the finding's version)."""

    finding_no: str
    version: int
    position: int

    @classmethod
    def of(cls, acted: Acted) -> FindingOut:
        return cls(finding_no=acted.number, version=acted.version, position=acted.position)


class FindingIn(Timed):
    """认定: the finding against a person who stood in the case's chain."""

    case_no: Code
    person_id: Code
    chain_role: ChainRole = Field(description="handler 承办人, reviewer 审核人, approver 批准人")
    responsibility: Responsibility = Field(
        description="direct 直接, main_leadership 主要领导, important_leadership 重要领导"
    )
    fault: Said = Field(description="过错事实: time, place, role and what happened")
    rule: Said = Field(description="the rule broken")
    basis: Said = Field(description="the delay attribution it rests on")
    overrun_days: Annotated[int, Field(ge=0, le=10_000)] = 0
    severity: Severity
    sanctions: Annotated[list[Sanction], Field(min_length=1, max_length=len(Sanction))]
    order_no: Code | None = Field(default=None, description="the supervision order it came from")

    model_config = example(
        case_no="SJJ-20260302-ABCDEF",
        person_id="h1",
        chain_role="handler",
        responsibility="direct",
        fault="承办环节超出时限三个工作日，未说明理由",
        rule="《限时办结制度》第五条",
        basis="承办: 7 WD held of a 4-WD budget",
        overrun_days=3,
        severity="general",
        sanctions=["correction", "circulated_criticism"],
    )


class FindingView(BaseModel):
    """A responsibility finding as recorded now."""

    finding_no: str
    version: int
    status: str
    case_no: str
    person_id: str
    department: str
    chain_role: ChainRole
    responsibility: Responsibility
    fault: str
    rule: str
    basis: str
    overrun_days: int
    severity: Severity
    sanctions: list[Sanction]
    aggravating: bool
    prior: list[str]
    order_no: str | None
    recorded_at: datetime
    decided_on: date
    defences: int

    @classmethod
    def of(cls, f: ResponsibilityFinding) -> FindingView:
        return cls(
            finding_no=f.finding_no,
            version=f.version,
            status=f.status.value,
            case_no=f.case_no,
            person_id=f.person_id,
            department=f.department,
            chain_role=f.chain_role,
            responsibility=f.responsibility,
            fault=f.fault,
            rule=f.rule,
            basis=f.basis,
            overrun_days=f.overrun_days,
            severity=f.severity,
            sanctions=list(f.sanctions),
            aggravating=f.aggravating,
            prior=list(f.prior),
            order_no=f.order_no,
            recorded_at=f.recorded_at,
            decided_on=f.decided_on,
            defences=f.defences,
        )


@router.post("", status_code=201, summary="认定: record a responsibility finding (inspectors)")
async def record_finding(body: FindingIn, cmd: CommandDep) -> FindingOut:
    def command(at: datetime, _: int | None) -> Acted:
        return cmd.ledger.findings.record(
            case_no=body.case_no,
            person_id=body.person_id,
            chain_role=body.chain_role,
            responsibility=body.responsibility,
            fault=body.fault,
            rule=body.rule,
            basis=body.basis,
            overrun_days=body.overrun_days,
            severity=body.severity,
            sanctions=tuple(body.sanctions),
            order_no=body.order_no,
            at=at,
            by=cmd.user,
        )

    return FindingOut.of(await cmd.execute(body.occurred_at, command, cmd.ledger.findings.once))


@router.get("/{finding_no}", summary="a finding as recorded now (its person, their heads, inspectors, auditors)")
def read_finding(finding_no: FindingNo, ledger: LedgerDep, user: UserDep, log: ReadLogDep) -> FindingView:
    finding = ledger.findings.finding(finding_no, viewer=user)
    log("finding", finding_no)
    return FindingView.of(finding)


add_command_routes(router, FINDING_COMMANDS, ("finding_no", FindingNo), lambda cmd: cmd.ledger.findings, FindingOut)
