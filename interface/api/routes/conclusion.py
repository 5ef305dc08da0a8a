"""Conclusion: decide, deliver, withdraw, terminate, verify a pledge."""

from __future__ import annotations

from fastapi import APIRouter

from interface.api.deps import CommandDep
from interface.api.problems import COMMAND_PROBLEMS
from interface.api.routes.paths import CaseNo
from interface.api.schemas.commands import DecisionIn, DeliverIn, PledgeIn, ReasonIn
from interface.api.schemas.views import CommandOut

router = APIRouter(prefix="/cases", tags=["conclusion"], responses=COMMAND_PROBLEMS)


@router.post("/{case_no}/decision", summary="决定: grant, or refuse with reasons and remedies")
async def decide(case_no: CaseNo, body: DecisionIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.decide(
            case_no,
            outcome=body.outcome,
            at=at,
            by=cmd.user,
            reasons=body.reasons,
            remedies=body.remedies,
            document_no=body.document_no,
            legal_basis=body.legal_basis,
            expected_version=v,
        ),
    )


@router.post("/{case_no}/delivery", summary="送达/出件: deliver the result")
async def deliver(case_no: CaseNo, body: DeliverIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.deliver(case_no, method=body.method, at=at, by=cmd.user, expected_version=v),
    )


@router.post("/{case_no}/withdrawal", summary="撤回: record the applicant's withdrawal")
async def withdraw(case_no: CaseNo, body: ReasonIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.withdraw(case_no, reason=body.reason, at=at, by=cmd.user, expected_version=v),
    )


@router.post("/{case_no}/termination", summary="终止: end the case abnormally")
async def terminate(case_no: CaseNo, body: ReasonIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.terminate(case_no, reason=body.reason, at=at, by=cmd.user, expected_version=v),
    )


@router.post("/{case_no}/pledge-verification", summary="事后核查: verify a notification-commitment pledge")
async def verify_pledge(case_no: CaseNo, body: PledgeIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.verify_pledge(
            case_no, truthful=body.truthful, finding=body.finding, at=at, by=cmd.user, expected_version=v
        ),
    )
