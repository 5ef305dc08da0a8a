"""收件: the receipt of an application, which makes a case (every other act on a case is a case command:
``routes/case_commands.py``)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from interface.api.deps import CommandDep
from interface.api.problems import COMMAND_PROBLEMS
from interface.api.schemas.commands import ReceiveIn
from interface.api.schemas.views import ReceiptOut

router = APIRouter(prefix="/cases", tags=["intake"], responses=COMMAND_PROBLEMS)


@router.post("", status_code=201, summary="收件: receive an application")
async def receive(body: ReceiveIn, cmd: CommandDep, response: Response) -> ReceiptOut:
    out = await cmd.run(
        body.occurred_at,
        lambda at, _: cmd.ledger.cases.receive(
            item_code=body.item_code,
            applicant=body.applicant.to_domain(),
            at=at,
            by=cmd.user,
            channel=body.channel,
            materials=tuple(body.materials),
        ),
    )
    response.headers["Location"] = f"/cases/{out.case_no}"
    return ReceiptOut(**out.model_dump(), query_code=cmd.ledger.records.query_code(out.case_no))
