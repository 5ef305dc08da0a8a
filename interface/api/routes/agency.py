"""Full-process agency (全程代理) over HTTP: an enterprise's mandate to an agent, signed (or signed again),
terminated and read. Agents file and act on cases only within a mandate in force (``not-mandated``, 403)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from domain.agency.mandate import MandateTerms
from interface.api.deps import CommandDep, LedgerDep, ReadLogDep, UserDep
from interface.api.problems import COMMAND_PROBLEMS
from interface.api.schemas.base import Code, Timed, example

# Signing again renews a mandate (a repeat changes nothing but its record): no If-Match or Idempotency-Key.
router = APIRouter(prefix="/mandates", tags=["agency"], responses=COMMAND_PROBLEMS)
PersonId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
SubjectId = PersonId
Said = Annotated[str, Field(min_length=1, max_length=200)]


class MandateIn(Timed):
    """签订: the applicant's mandate to an agent, for the items named (none: every item) and a period."""

    agent_id: Code
    subject_id: Code = Field(description="the applicant's data subject id (an enterprise: its credit code)")
    applicant_name: Said
    items: Annotated[list[Code], Field(max_length=262)] = Field(default_factory=list)
    valid_from: date
    valid_until: date
    letter: Said = Field(description="the 授权委托书 the mandate rests on")

    model_config = example(
        agent_id="CENTRE-AG1",
        subject_id="91510100MA6C8XYZ1L",
        applicant_name="成都某物流有限公司",
        items=["FGJ-001"],
        valid_from="2026-03-01",
        valid_until="2026-12-31",
        letter="授权委托书〔2026〕12号",
    )


class TerminationIn(Timed):
    reason: Annotated[str, Field(min_length=1, max_length=1000)]


class Recorded(BaseModel):
    position: int


class MandateView(BaseModel):
    agent_id: str
    subject_id: str
    applicant_name: str
    items: list[str]
    valid_from: date
    valid_until: date
    letter: str
    signed_at: datetime
    terminated_on: date | None
    version: int


@router.post("", summary="签订: an applicant's mandate to an agent (signed again: renewed)")
async def sign(body: MandateIn, cmd: CommandDep) -> Recorded:
    at = cmd.at(body.occurred_at)
    terms = MandateTerms(body.applicant_name, tuple(body.items), body.valid_from, body.valid_until, body.letter)

    def command() -> int:
        return cmd.ledger.mandates.sign(
            agent_id=body.agent_id, subject_id=body.subject_id, terms=terms, at=at, by=cmd.user
        )

    return Recorded(position=await cmd.threads.run(command))


@router.post("/{agent_id}/{subject_id}/termination", summary="终止: the mandate ends from this day")
async def terminate(agent_id: PersonId, subject_id: SubjectId, body: TerminationIn, cmd: CommandDep) -> Recorded:
    at = cmd.at(body.occurred_at)

    def command() -> int:
        return cmd.ledger.mandates.terminate(agent_id, subject_id, reason=body.reason, at=at, by=cmd.user)

    return Recorded(position=await cmd.threads.run(command))


@router.get("/{agent_id}/{subject_id}", summary="a mandate as recorded now")
def read(agent_id: PersonId, subject_id: SubjectId, ledger: LedgerDep, user: UserDep, log: ReadLogDep) -> MandateView:
    mandate = ledger.mandates.mandate(agent_id, subject_id)
    log("mandate", f"{agent_id}:{subject_id}")
    terms = mandate.terms
    return MandateView(
        agent_id=mandate.agent_id,
        subject_id=mandate.subject_id,
        applicant_name=terms.applicant_name,
        items=list(terms.items),
        valid_from=terms.valid_from,
        valid_until=terms.valid_until,
        letter=terms.letter,
        signed_at=mandate.signed_at,
        terminated_on=mandate.terminated_on,
        version=mandate.version,
    )
