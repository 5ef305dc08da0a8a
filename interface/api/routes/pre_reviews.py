"""Online pre-review (网上预审) over HTTP: submitted (online, at a village station, by an agent), answered by
the department's window once and in full, resubmitted, and filed as a case without entering anything again.
How an item is pre-reviewed is set by the administrator (``PUT /catalogue/items/{code}/pre-review``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from domain.organisation.actors import Channel
from domain.prereview.prereview import PreReview, PreReviewSetting, check_may_read
from interface.api.deps import AdminDep, CommandDep, LedgerDep, ReadLogDep, UserDep
from interface.api.problems import ADMIN_PROBLEMS, COMMAND_PROBLEMS
from interface.api.routes.paths import Key
from interface.api.schemas.base import Code, Materials, Text, Timed, example
from interface.api.schemas.commands import ApplicantIn
from interface.api.schemas.views import CommandOut

router = APIRouter(prefix="/pre-reviews", tags=["pre-review"], responses=COMMAND_PROBLEMS)
settings = APIRouter(prefix="/catalogue", tags=["catalogue"], responses=ADMIN_PROBLEMS)
Number = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Z0-9]+$")]
Missing = Annotated[list[Annotated[str, Field(min_length=1, max_length=200)]], Field(max_length=50)]


class PreReviewIn(Timed):
    """预审申请: the materials, for the department to look at before the application is filed."""

    model_config = example(
        item_code="SJJ-003",
        channel="village_station",
        materials=["申请书", "营业执照"],
        applicant={"name": "张三", "id_number": "510122199001011233", "phone": "13900000000"},
    )
    item_code: Code
    applicant: ApplicantIn
    channel: Channel
    materials: Materials


class AnswerIn(Timed):
    """The department's answer: nothing missing (complete), or everything missing, with the notice's number."""

    model_config = example(missing=["营业执照副本"], note="请补齐后重新提交", notice_no="预审补正〔2026〕001号")
    missing: Missing = Field(default_factory=list)
    note: Text = ""
    notice_no: Text = ""


class ResubmissionIn(Timed):
    materials: Materials


class WithdrawalIn(Timed):
    reason: Annotated[str, Field(min_length=1, max_length=500)]


class FilingIn(Timed):
    pass


class SubmittedOut(BaseModel):
    pre_review_no: str
    answer_due: date


class Recorded(BaseModel):
    position: int


class AnswerOut(BaseModel):
    missing: list[str]
    note: str
    notice_no: str
    at: datetime
    by: str


class PreReviewOut(BaseModel):
    pre_review_no: str
    item_code: str
    department: str
    channel: Channel
    status: str
    counts_as_receipt: bool
    answer_days: int
    submitted_at: datetime
    submitted_by: str
    answer_due: date
    materials: list[str]
    answers: list[AnswerOut]
    case_no: str | None
    version: int


class SettingIn(Timed):
    model_config = example(answer_days=2, counts_as_receipt=False)
    answer_days: Annotated[int, Field(ge=1, le=20)] = 2
    counts_as_receipt: bool = False


class SettingOut(BaseModel):
    item_code: str
    answer_days: int
    counts_as_receipt: bool


@router.post("", status_code=201, summary="预审: submit materials for a department's look before filing")
async def submit(body: PreReviewIn, cmd: CommandDep, response: Response) -> SubmittedOut:
    at = cmd.at(body.occurred_at)

    def command() -> str:
        return cmd.ledger.pre_reviews.submit(
            item_code=body.item_code,
            applicant=body.applicant.to_domain(),
            materials=tuple(body.materials),
            channel=body.channel,
            at=at,
            by=cmd.user,
        )

    number = await cmd.threads.run(command)
    response.headers["Location"] = f"/pre-reviews/{number}"
    return SubmittedOut(pre_review_no=number, answer_due=cmd.ledger.pre_reviews.pre_review(number).answer_due)


@router.post("/{number}/answer", summary="答复: complete, or everything missing, once and in full")
async def answer(number: Number, body: AnswerIn, cmd: CommandDep) -> Recorded:
    at = cmd.at(body.occurred_at)

    def command() -> int:
        return cmd.ledger.pre_reviews.answer(
            number, missing=tuple(body.missing), note=body.note, notice_no=body.notice_no, at=at, by=cmd.user
        )

    return Recorded(position=await cmd.threads.run(command))


@router.post("/{number}/resubmission", summary="补正: the materials asked for")
async def resubmit(number: Number, body: ResubmissionIn, cmd: CommandDep) -> Recorded:
    at = cmd.at(body.occurred_at)

    def command() -> int:
        return cmd.ledger.pre_reviews.resubmit(number, materials=tuple(body.materials), at=at, by=cmd.user)

    return Recorded(position=await cmd.threads.run(command))


@router.post("/{number}/withdrawal", summary="撤回: the submitter withdraws the pre-review")
async def withdraw(number: Number, body: WithdrawalIn, cmd: CommandDep) -> Recorded:
    at = cmd.at(body.occurred_at)

    def command() -> int:
        return cmd.ledger.pre_reviews.withdraw(number, reason=body.reason, at=at, by=cmd.user)

    return Recorded(position=await cmd.threads.run(command))


@router.post("/{number}/filing", status_code=201, summary="收件: file a complete pre-review as a case")
async def file(number: Number, body: FilingIn, cmd: CommandDep, response: Response) -> CommandOut:
    at = cmd.at(body.occurred_at)
    result = await cmd.threads.run(lambda: cmd.ledger.pre_reviews.file(number, at=at, by=cmd.user))
    response.headers["Location"] = f"/cases/{result.case_no}"
    return CommandOut.of(result)


@router.get("/{number}", summary="a pre-review as it stands, with every answer")
def read(number: Number, ledger: LedgerDep, user: UserDep, log: ReadLogDep) -> PreReviewOut:
    review: PreReview = ledger.pre_reviews.pre_review(number)
    check_may_read(user, review)
    log("pre-review", number)
    return PreReviewOut(
        pre_review_no=review.pre_review_no,
        item_code=review.item_code,
        department=review.department,
        channel=review.channel,
        status=review.status.value,
        counts_as_receipt=review.setting.counts_as_receipt,
        answer_days=review.setting.answer_days,
        submitted_at=review.submitted_at,
        submitted_by=review.submitted_by.person_id,
        answer_due=review.answer_due,
        materials=list(review.materials),
        answers=[
            AnswerOut(missing=list(a.missing), note=a.note, notice_no=a.notice_no, at=a.occurred_at, by=a.by.person_id)
            for a in review.answers
        ],
        case_no=review.case_no,
        version=review.version,
    )


@settings.put("/items/{code}/pre-review", summary="how an item is pre-reviewed: days to answer, counted as receipt?")
async def set_setting(code: Key, body: SettingIn, cmd: CommandDep, _: AdminDep) -> Recorded:
    at = cmd.at(body.occurred_at)
    setting = PreReviewSetting(answer_days=body.answer_days, counts_as_receipt=body.counts_as_receipt)
    return Recorded(
        position=await cmd.threads.run(lambda: cmd.ledger.pre_reviews.set_setting(code, setting, at=at, by=cmd.user))
    )


@settings.get("/items/{code}/pre-review", summary="how an item is pre-reviewed (the default where none was set)")
def get_setting(code: Key, ledger: LedgerDep, _: UserDep) -> SettingOut:
    ledger.catalogue.item_terms(code)
    setting = ledger.pre_reviews.setting(code)
    return SettingOut(item_code=code, answer_days=setting.answer_days, counts_as_receipt=setting.counts_as_receipt)
