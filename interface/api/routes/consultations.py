"""Online consultation (网上咨询) over HTTP: a question put to a department (about an item, or in general)
online, at a village station or by an agent; answered by the department within 3 working days, 10 when
found complex, 15 when other departments must be asked."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from domain.organisation.actors import Channel
from domain.prereview.consultation import Consultation, ConsultationKind, check_may_read
from interface.api.deps import CommandDep, LedgerDep, ReadLogDep, UserDep
from interface.api.problems import COMMAND_PROBLEMS
from interface.api.schemas.base import Code, Timed, example

router = APIRouter(prefix="/consultations", tags=["pre-review"], responses=COMMAND_PROBLEMS)
Number = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Z0-9]+$")]
Question = Annotated[str, Field(min_length=1, max_length=2000)]


class ConsultationIn(Timed):
    """咨询: a question about an item (it goes to the item's department) or to a department in general."""

    model_config = example(item_code="SJJ-003", channel="online", question="个体工商户变更经营场所需要哪些材料？")
    item_code: Code | None = None
    department: Code | None = None
    channel: Channel
    question: Question


class AnswerIn(Timed):
    model_config = example(answer="需提供营业执照原件、新经营场所使用证明，可在网上预审后到窗口一次办结。")
    answer: Annotated[str, Field(min_length=1, max_length=4000)]


class ReclassificationIn(Timed):
    """Found complex (10 WD) or needing other departments (15 WD), before the answer's day."""

    model_config = example(kind="multi_department", reason="涉及规划和消防部门意见")
    kind: ConsultationKind
    reason: Annotated[str, Field(min_length=1, max_length=500)]


class AskedOut(BaseModel):
    consultation_no: str
    answer_due: date


class Recorded(BaseModel):
    position: int


class ConsultationOut(BaseModel):
    consultation_no: str
    department: str
    item_code: str | None
    channel: Channel
    kind: ConsultationKind
    question: str
    asked_at: datetime
    asked_by: str
    answer_due: date
    answer: str | None
    answered_at: datetime | None
    answered_by: str | None
    version: int

    @classmethod
    def of(cls, c: Consultation) -> ConsultationOut:
        return cls(
            consultation_no=c.consultation_no,
            department=c.department,
            item_code=c.item_code,
            channel=c.channel,
            kind=c.kind,
            question=c.question,
            asked_at=c.asked_at,
            asked_by=c.asked_by.person_id,
            answer_due=c.answer_due,
            answer=c.answer,
            answered_at=c.answered_at,
            answered_by=c.answered_by.person_id if c.answered_by else None,
            version=c.version,
        )


@router.post("", status_code=201, summary="咨询: put a question to a department, answered within 3 WD")
async def ask(body: ConsultationIn, cmd: CommandDep, response: Response) -> AskedOut:
    at = cmd.at(body.occurred_at)

    def command() -> str:
        return cmd.ledger.consultations.ask(
            department=body.department,
            item_code=body.item_code,
            question=body.question,
            channel=body.channel,
            at=at,
            by=cmd.user,
        )

    number = await cmd.threads.run(command)
    response.headers["Location"] = f"/consultations/{number}"
    return AskedOut(consultation_no=number, answer_due=cmd.ledger.consultations.consultation(number).answer_due)


@router.post("/{number}/answer", summary="答复: once, by the department, saying something definite")
async def answer(number: Number, body: AnswerIn, cmd: CommandDep) -> Recorded:
    at = cmd.at(body.occurred_at)
    position = await cmd.threads.run(
        lambda: cmd.ledger.consultations.answer(number, answer=body.answer, at=at, by=cmd.user)
    )
    return Recorded(position=position)


@router.post("/{number}/reclassification", summary="found complex (10 WD) or needing other departments (15 WD)")
async def reclassify(number: Number, body: ReclassificationIn, cmd: CommandDep) -> Recorded:
    at = cmd.at(body.occurred_at)
    position = await cmd.threads.run(
        lambda: cmd.ledger.consultations.reclassify(number, kind=body.kind, reason=body.reason, at=at, by=cmd.user)
    )
    return Recorded(position=position)


@router.get("/{number}", summary="a consultation: the question, its day, the answer")
def read(number: Number, ledger: LedgerDep, user: UserDep, log: ReadLogDep) -> ConsultationOut:
    consultation = ledger.consultations.consultation(number)
    check_may_read(user, consultation)
    log("consultation", number)
    return ConsultationOut.of(consultation)
