"""The ISO 9001 internal audit (9.2) and management review (9.3) over HTTP: the quality manager plans an audit
with its reproducible sample, has the ledger check every sampled case, adds findings and closes it; holds a
management review on the pack of a period (``GET /reports/review_pack``) with its decisions and actions.
Those who read the whole centre read them; auditors only read."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from application.supervision.records import Acted
from domain.errors import phrase
from domain.quality.internal_audit import CaseCheck, InternalAudit, Nature
from domain.quality.management_review import ManagementReview, ReviewAction
from domain.supervision.access import check_may_read_the_centre
from interface.api.deps import CommandDep, ReadLogDep, UserDep, ViewsDep
from interface.api.problems import COMMAND_PROBLEMS
from interface.api.routes.record_commands import RecordOut
from interface.api.schemas.base import Code, Day, Timed, example

audits = APIRouter(prefix="/internal-audits", tags=["quality"], responses=COMMAND_PROBLEMS)
reviews = APIRouter(prefix="/management-reviews", tags=["quality"], responses=COMMAND_PROBLEMS)
Number = Annotated[str, Path(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
Said = Annotated[str, Field(min_length=1, max_length=1000)]


class Recorded(RecordOut):
    number: str
    version: int
    position: int

    @classmethod
    def of(cls, acted: Acted) -> Recorded:
        return cls(number=acted.number, version=acted.version, position=acted.position)


class AuditPlanIn(Timed):
    """审核计划: the period, the criteria, how many cases per department, and the seed of the sample."""

    first_day: Day
    last_day: Day
    criteria: Said
    per_department: Annotated[int, Field(ge=1, le=200)]
    seed: Annotated[int, Field(ge=0, le=2**31)] | None = Field(default=None, description="default: a fresh one")

    model_config = example(
        first_day="2026-04-01", last_day="2026-06-30", criteria="ISO 9001:2015 7.5, 8.5", per_department=5, seed=2026
    )


class ChecksIn(Timed):
    """核查: the ledger checks every sampled case not yet checked."""


class AuditFindingIn(Timed):
    department: Code
    clause: Annotated[str, Field(min_length=1, max_length=20)]
    nature: Nature
    description: Said
    case_no: Code | None = None


class CloseAuditIn(Timed):
    report: Said


class CaseCheckOut(BaseModel):
    case_no: str
    department: str
    documents_present: bool
    deadlines_reconciled: bool
    chain_verified: bool
    gaps: list[str]


class AuditView(BaseModel):
    audit_no: str
    version: int
    status: str
    first_day: date
    last_day: date
    criteria: str
    seed: int
    per_department: int
    population: dict[str, int]
    sample: dict[str, list[str]]
    checked: list[CaseCheckOut]
    findings: int

    @classmethod
    def of(cls, a: InternalAudit) -> AuditView:
        departments = a.department_of
        return cls(
            audit_no=a.audit_no,
            version=a.version,
            status=a.status.value,
            first_day=a.first_day,
            last_day=a.last_day,
            criteria=a.criteria,
            seed=a.seed,
            per_department=a.per_department,
            population=dict(a.population),
            sample={d: list(cases) for d, cases in a.sample},
            checked=[_check(c, departments[c.case_no]) for c in a.checked.values()],
            findings=a.findings,
        )


def _check(check: CaseCheck, department: str) -> CaseCheckOut:
    return CaseCheckOut(
        case_no=check.case_no,
        department=department,
        documents_present=check.documents_present,
        deadlines_reconciled=check.deadlines_reconciled,
        chain_verified=check.chain_verified,
        gaps=list(check.gaps),
    )


@audits.post("", status_code=201, summary="审核计划: plan an internal audit and draw its sample (quality manager)")
async def plan_audit(body: AuditPlanIn, cmd: CommandDep, views: ViewsDep) -> Recorded:
    def command(at: datetime, _: int | None) -> Acted:
        return views.audits.plan(
            first_day=body.first_day,
            last_day=body.last_day,
            criteria=body.criteria,
            per_department=body.per_department,
            seed=body.seed,
            at=at,
            by=cmd.user,
        )

    return Recorded.of(await cmd.execute(body.occurred_at, command, views.audits.once))


@audits.post("/{audit_no}/checks", summary="核查: check every sampled case not yet checked")
async def check_sample(audit_no: Number, body: ChecksIn, cmd: CommandDep, views: ViewsDep) -> Recorded:
    def command(at: datetime, version: int | None) -> Acted:
        return views.audits.check_sample(audit_no, at=at, by=cmd.user, expected_version=version)

    return Recorded.of(await cmd.execute(body.occurred_at, command, views.audits.once))


@audits.post("/{audit_no}/findings", summary="a finding beyond the checklist (an observation, a nonconformity)")
async def add_finding(audit_no: Number, body: AuditFindingIn, cmd: CommandDep, views: ViewsDep) -> Recorded:
    def command(at: datetime, version: int | None) -> Acted:
        return views.audits.add_finding(
            audit_no,
            department=body.department,
            clause=body.clause,
            nature=body.nature,
            description=body.description,
            case_no=body.case_no,
            at=at,
            by=cmd.user,
            expected_version=version,
        )

    return Recorded.of(await cmd.execute(body.occurred_at, command, views.audits.once))


@audits.post("/{audit_no}/closure", summary="审核报告: close the audit with its report")
async def close_audit(audit_no: Number, body: CloseAuditIn, cmd: CommandDep, views: ViewsDep) -> Recorded:
    def command(at: datetime, version: int | None) -> Acted:
        return views.audits.close(audit_no, report=body.report, at=at, by=cmd.user, expected_version=version)

    return Recorded.of(await cmd.execute(body.occurred_at, command, views.audits.once))


@audits.get("/{audit_no}", summary="an internal audit as recorded now")
def read_audit(audit_no: Number, views: ViewsDep, user: UserDep, log: ReadLogDep) -> AuditView:
    check_may_read_the_centre(user, phrase("internal audit {audit_no}", audit_no=audit_no))
    log("internal-audit", audit_no)
    return AuditView.of(views.audits.audit(audit_no))


class ActionIn(BaseModel):
    action: Said
    owner_department: Code
    due_on: Day


class ReviewIn(Timed):
    """管理评审: the period reviewed, the decisions and the actions assigned (the pack is read by the ledger)."""

    first_day: Day
    last_day: Day
    decisions: Annotated[list[Said], Field(min_length=1, max_length=50)]
    actions: Annotated[list[ActionIn], Field(default_factory=list, max_length=50)]

    model_config = example(
        first_day="2026-01-01",
        last_day="2026-06-30",
        decisions=["按时办结率目标保持98%"],
        actions=[{"action": "审核环节增设AB岗", "owner_department": "SJJ", "due_on": "2026-08-31"}],
    )


class PackLineOut(BaseModel):
    section: str
    item: str
    target: str | None
    actual: str
    met: bool | None


class ReviewView(BaseModel):
    review_no: str
    first_day: date
    last_day: date
    held_at: datetime
    held_by: str
    pack: list[PackLineOut]
    decisions: list[str]
    actions: list[ActionIn]

    @classmethod
    def of(cls, r: ManagementReview) -> ReviewView:
        return cls(
            review_no=r.review_no,
            first_day=r.first_day,
            last_day=r.last_day,
            held_at=r.held_at,
            held_by=r.held_by.person_id,
            pack=[PackLineOut(**vars(line)) for line in r.pack],
            decisions=list(r.decisions),
            actions=[
                ActionIn(action=a.action, owner_department=a.owner_department, due_on=a.due_on) for a in r.actions
            ],
        )


@reviews.post("", status_code=201, summary="管理评审: record a management review on its pack (quality manager)")
async def hold_review(body: ReviewIn, cmd: CommandDep, views: ViewsDep) -> Recorded:
    def command(at: datetime, _: int | None) -> Acted:
        return views.reviews.hold(
            first_day=body.first_day,
            last_day=body.last_day,
            decisions=body.decisions,
            actions=[ReviewAction(a.action, a.owner_department, a.due_on) for a in body.actions],
            at=at,
            by=cmd.user,
        )

    return Recorded.of(await cmd.execute(body.occurred_at, command, views.reviews.once))


@reviews.get("/{review_no}", summary="a management review as recorded, with its pack")
def read_review(review_no: Number, views: ViewsDep, user: UserDep, log: ReadLogDep) -> ReviewView:
    check_may_read_the_centre(user, phrase("management review {review_no}", review_no=review_no))
    log("management-review", review_no)
    return ReviewView.of(views.reviews.review(review_no))
