"""Intake: receive, the one-time supplement notice, accept, reject, decide on the spot."""

from __future__ import annotations

from fastapi import APIRouter, Response

from interface.api.deps import CommandDep
from interface.api.problems import COMMAND_PROBLEMS
from interface.api.routes.paths import CaseNo
from interface.api.schemas.commands import DecisionIn, MaterialsIn, NoticeIn, ReceiveIn, RejectIn, SupplementRequestIn
from interface.api.schemas.views import CommandOut, ReceiptOut

router = APIRouter(prefix="/cases", tags=["intake"], responses=COMMAND_PROBLEMS)


@router.post("", status_code=201, summary="收件: receive an application")
async def receive(body: ReceiveIn, cmd: CommandDep, response: Response) -> ReceiptOut:
    out = await cmd.run(
        body.occurred_at,
        lambda at, _: cmd.ledger.receive(
            item_code=body.item_code,
            applicant=body.applicant.to_domain(),
            at=at,
            by=cmd.user,
            channel=body.channel,
            materials=tuple(body.materials),
        ),
    )
    response.headers["Location"] = f"/cases/{out.case_no}"
    return ReceiptOut(**out.model_dump(), query_code=cmd.ledger.query_code(out.case_no))


@router.post("/{case_no}/supplement-request", summary="一次性告知: the one-time supplement notice")
async def request_supplement(case_no: CaseNo, body: SupplementRequestIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.request_supplement(
            case_no, missing=tuple(body.missing), notice_no=body.notice_no, at=at, by=cmd.user, expected_version=v
        ),
    )


@router.post("/{case_no}/supplement", summary="补正: the applicant supplied the missing materials")
async def provide_supplement(case_no: CaseNo, body: MaterialsIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.provide_supplement(
            case_no, materials=tuple(body.materials), at=at, by=cmd.user, expected_version=v
        ),
    )


@router.post("/{case_no}/acceptance", summary="受理: accept the application")
async def accept(case_no: CaseNo, body: NoticeIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.accept(case_no, at=at, by=cmd.user, notice_no=body.notice_no, expected_version=v),
    )


@router.post("/{case_no}/rejection", summary="不予受理: reject at intake, with reasons")
async def reject(case_no: CaseNo, body: RejectIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.reject_at_intake(
            case_no,
            reasons=body.reasons,
            remedies=body.remedies,
            notice_no=body.notice_no,
            at=at,
            by=cmd.user,
            expected_version=v,
        ),
    )


@router.post("/{case_no}/on-the-spot-decision", summary="即办: decide an immediate item on the spot")
async def decide_on_spot(case_no: CaseNo, body: DecisionIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.decide_on_spot(
            case_no,
            outcome=body.outcome,
            at=at,
            by=cmd.user,
            reasons=body.reasons,
            remedies=body.remedies,
            document_no=body.document_no,
            expected_version=v,
        ),
    )
