"""Handling: hand-offs, steps, special procedures, supplementation, extensions, opinions, forwarding."""

from __future__ import annotations

from fastapi import APIRouter

from interface.api.deps import CommandDep
from interface.api.problems import COMMAND_PROBLEMS
from interface.api.routes.paths import CaseNo
from interface.api.schemas.base import Timed
from interface.api.schemas.commands import (
    CoOpinionIn,
    ExtensionIn,
    ForwardIn,
    HandOffIn,
    MaterialsIn,
    OpinionIn,
    PostAcceptanceSupplementIn,
    ReasonIn,
    ResultIn,
    SpecialProcedureIn,
    UpperDecisionIn,
)
from interface.api.schemas.views import CommandOut

router = APIRouter(prefix="/cases", tags=["handling"], responses=COMMAND_PROBLEMS)


@router.post("/{case_no}/hand-off", summary="移交: hand the case to a colleague (first phase)")
async def hand_off(case_no: CaseNo, body: HandOffIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.hand_off(
            case_no, to=cmd.ledger.actor(body.to_person_id), at=at, by=cmd.user, note=body.note, expected_version=v
        ),
    )


@router.post("/{case_no}/hand-off/receipt", summary="接收: take custody of a handed-off case (second phase)")
async def receive_hand_off(case_no: CaseNo, body: Timed, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at, lambda at, v: cmd.ledger.receive_hand_off(case_no, at=at, by=cmd.user, expected_version=v)
    )


@router.post("/{case_no}/step/completion", summary="环节办结: sign the current step with an opinion")
async def complete_step(case_no: CaseNo, body: OpinionIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.complete_step(case_no, opinion=body.opinion, at=at, by=cmd.user, expected_version=v),
    )


@router.post("/{case_no}/step/return", summary="退回: return the step to the previous one")
async def return_step(case_no: CaseNo, body: ReasonIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.return_step(case_no, reason=body.reason, at=at, by=cmd.user, expected_version=v),
    )


@router.post("/{case_no}/special-procedure", summary="特别程序: start an Art. 45 procedure (clocks pause)")
async def start_special_procedure(case_no: CaseNo, body: SpecialProcedureIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.start_special_procedure(
            case_no,
            procedure=body.procedure,
            legal_basis=body.legal_basis,
            notice_no=body.notice_no,
            expected_days=body.expected_days,
            at=at,
            by=cmd.user,
            expected_version=v,
        ),
    )


@router.post("/{case_no}/special-procedure/end", summary="特别程序结束: end it (clocks resume)")
async def end_special_procedure(case_no: CaseNo, body: ResultIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.end_special_procedure(
            case_no, result=body.result, at=at, by=cmd.user, expected_version=v
        ),
    )


@router.post("/{case_no}/post-acceptance-supplement-request", summary="受理后待补办: ask for more after acceptance")
async def request_post_acceptance_supplement(
    case_no: CaseNo, body: PostAcceptanceSupplementIn, cmd: CommandDep
) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.request_post_acceptance_supplement(
            case_no,
            missing=tuple(body.missing),
            legal_basis=body.legal_basis,
            notice_no=body.notice_no,
            at=at,
            by=cmd.user,
            expected_version=v,
        ),
    )


@router.post("/{case_no}/post-acceptance-supplement", summary="the post-acceptance supplement arrived")
async def provide_post_acceptance_supplement(case_no: CaseNo, body: MaterialsIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.provide_post_acceptance_supplement(
            case_no, materials=tuple(body.materials), at=at, by=cmd.user, expected_version=v
        ),
    )


@router.post("/{case_no}/extension", summary="延长审批: approve the one extension (agency or government head)")
async def approve_extension(case_no: CaseNo, body: ExtensionIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.approve_extension(
            case_no,
            days=body.days,
            reason=body.reason,
            notice_no=body.notice_no,
            at=at,
            by=cmd.user,
            expected_version=v,
        ),
    )


@router.post("/{case_no}/opinions", summary="协办意见: a co-department's opinion in joint approval")
async def give_opinion(case_no: CaseNo, body: CoOpinionIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.give_opinion(
            case_no,
            co_department=body.co_department,
            opinion=body.opinion,
            reasons=body.reasons,
            at=at,
            by=cmd.user,
            expected_version=v,
        ),
    )


@router.post("/{case_no}/forwarding", summary="上报: forward to the upper level")
async def forward_up(case_no: CaseNo, body: ForwardIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.forward_up(
            case_no, upper_level=body.upper_level, opinion=body.opinion, at=at, by=cmd.user, expected_version=v
        ),
    )


@router.post("/{case_no}/upper-level-decision", summary="上级决定: record the upper level's decision")
async def record_upper_level_decision(case_no: CaseNo, body: UpperDecisionIn, cmd: CommandDep) -> CommandOut:
    return await cmd.run(
        body.occurred_at,
        lambda at, v: cmd.ledger.record_upper_level_decision(
            case_no,
            outcome=body.outcome,
            document_no=body.document_no,
            reasons=body.reasons,
            at=at,
            by=cmd.user,
            expected_version=v,
        ),
    )
