"""Complaints (投诉, 好差评整改) over HTTP: entered by staff (a call, a letter, a negative rating taken up) or
by the applicant through the public channel (``POST /public/cases/{case_no}/complaint``); rectified by the
accused department and called back, each command derived from its definition."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from application.supervision.complaints import COMPLAINT_COMMANDS
from application.supervision.records import Acted
from domain.supervision.complaint import Complaint, ComplaintKind, Satisfaction, Source, Verification
from interface.api.deps import CommandDep, LedgerDep, ReadLogDep, UserDep
from interface.api.problems import COMMAND_PROBLEMS
from interface.api.routes.record_commands import RecordOut, add_command_routes
from interface.api.schemas.base import Code, Timed, example

router = APIRouter(prefix="/complaints", tags=["supervision"], responses=COMMAND_PROBLEMS)
ComplaintNo = Annotated[str, Path(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
Said = Annotated[str, Field(min_length=1, max_length=1000)]


class ComplaintOut(RecordOut):
    """What a complaint command reached (``ETag`` is the complaint's version)."""

    complaint_no: str
    version: int
    position: int

    @classmethod
    def of(cls, acted: Acted) -> ComplaintOut:
        return cls(complaint_no=acted.number, version=acted.version, position=acted.position)


class ComplaintIn(Timed):
    """受理: a complaint entered by staff, against a department (and one of its people)."""

    source: Source = Field(description="hotline (a call or letter) or rating (a negative rating taken up)")
    kind: ComplaintKind = Field(description="1 行政不作为 2 乱作为 3 慢作为 4 其他")
    department: Code
    person_id: Code | None = None
    case_no: Code | None = None
    content: Said

    model_config = example(
        source="hotline", kind="3", department="SJJ", case_no="SJJ-20260302-ABCDEF", content="办理拖延"
    )


class PublicComplaintIn(BaseModel):
    """The applicant's complaint about their case (the department is the case's)."""

    kind: ComplaintKind
    content: Said
    person_id: Code | None = None

    model_config = example(kind="3", content="材料已补齐一周仍无进展")


class FixRatingIn(BaseModel):
    """The complainant's own rating of the fix (not satisfied: handled again)."""

    satisfaction: Satisfaction
    note: Annotated[str, Field(max_length=1000)] = ""

    model_config = example(satisfaction="mostly", note="已处理，但等待时间较长")


class ComplaintView(BaseModel):
    """A complaint as recorded now."""

    complaint_no: str
    version: int
    status: str
    source: Source
    kind: ComplaintKind
    case_no: str | None
    department: str
    person_id: str | None
    content: str
    filed_at: datetime
    due_on: date
    verification: Verification | None
    satisfaction: Satisfaction | None

    @classmethod
    def of(cls, c: Complaint) -> ComplaintView:
        return cls(
            complaint_no=c.complaint_no,
            version=c.version,
            status=c.status.value,
            source=c.source,
            kind=c.kind,
            case_no=c.case_no,
            department=c.department,
            person_id=c.person_id,
            content=c.content,
            filed_at=c.filed_at,
            due_on=c.due_on,
            verification=c.verification,
            satisfaction=c.satisfaction,
        )


@router.post("", status_code=201, summary="受理: enter a complaint (staff: a call, a letter, a rating taken up)")
async def file_complaint(body: ComplaintIn, cmd: CommandDep) -> ComplaintOut:
    # The public channel is the applicant's own (POST /public/cases/{case_no}/complaint): the complaint
    # refuses it from staff.
    def command(at: datetime, _: int | None) -> Acted:
        return cmd.ledger.complaints.file(
            source=body.source,
            kind=body.kind,
            department=body.department,
            person_id=body.person_id,
            case_no=body.case_no,
            content=body.content,
            at=at,
            by=cmd.user,
        )

    return ComplaintOut.of(await cmd.execute(body.occurred_at, command, cmd.ledger.complaints.once))


@router.get("/{complaint_no}", summary="a complaint as recorded now")
def read_complaint(complaint_no: ComplaintNo, ledger: LedgerDep, user: UserDep, log: ReadLogDep) -> ComplaintView:
    complaint = ledger.complaints.complaint(complaint_no, viewer=user)
    log("complaint", complaint_no)
    return ComplaintView.of(complaint)


add_command_routes(
    router, COMPLAINT_COMMANDS, ("complaint_no", ComplaintNo), lambda cmd: cmd.ledger.complaints, ComplaintOut
)
