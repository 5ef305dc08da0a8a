"""Investment projects (投资项目) over HTTP: registered by the investor service (agents, a window's chief
representative, the administrator), their permits planned and their cases linked; read by the centre's
staff with the project's clock, its plan's totals and its critical path now.

Commands take business time, ``If-Match`` (the project's version) and ``Idempotency-Key`` as every record's
do; who may do what is the project's own rule (a refusal is a 403 problem).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from application.projects import ProjectProgress
from application.supervision.records import Acted
from domain.business_time import legal_day
from domain.projects.meeting import CoordinationMeeting, MeetingAction
from domain.projects.plan import Milestone, PlannedPermit
from domain.projects.plan import Path as PlanPath
from domain.projects.project import check_may_read_project
from interface.api.deps import CommandDep, LedgerDep, NowDep, ReadLogDep, UserDep
from interface.api.problems import COMMAND_PROBLEMS
from interface.api.routes.record_commands import RecordOut
from interface.api.schemas.base import Code, Timed, example

router = APIRouter(prefix="/projects", tags=["projects"], responses=COMMAND_PROBLEMS)
ProjectNo = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
Key = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9-]*$")]
Name = Annotated[str, Field(min_length=1, max_length=200)]
WorkingDays = Annotated[int, Field(ge=0, le=2000)]


class ProjectOut(RecordOut):
    """What a project command reached (``ETag`` is the project's version)."""

    project_no: str
    version: int
    position: int

    @classmethod
    def of(cls, acted: Acted) -> ProjectOut:
        return cls(project_no=acted.number, version=acted.version, position=acted.position)


class ProjectIn(Timed):
    """登记: an investor's project, with the working days committed from 立项 to 施工许可."""

    project_no: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
    name: Name
    investor_id: Code
    investor_name: Name
    site: Name
    scale_wan_yuan: Annotated[int, Field(ge=0, le=100_000_000)] = Field(description="investment in 万元")
    committed_wd: Annotated[int, Field(ge=1, le=2000)]
    industrial_zone: Name | None = None
    major: bool = False
    green_channel: bool = False

    model_config = example(
        project_no="2026-510116-04-01-000123",
        name="航空港物流园二期",
        investor_id="91510100MA6C8XYZ1L",
        investor_name="成都某物流有限公司",
        site="西航港经济开发区",
        scale_wan_yuan=32000,
        committed_wd=40,
        industrial_zone="西航港",
        major=True,
    )


class PermitIn(Timed):
    """A permit the project needs, after the permits it names (already planned)."""

    key: Key
    item_code: Code
    department: Code
    after: Annotated[list[Key], Field(max_length=20)] = Field(default=[], description="legal preconditions")
    soft_after: Annotated[list[Key], Field(max_length=20)] = Field(
        default=[], description="done first by custom (a green channel runs them in parallel)"
    )
    committed_wd: WorkingDays
    statutory_wd: WorkingDays
    milestone: Milestone | None = Field(default=None, description="start: 立项; end: 施工许可")

    model_config = example(
        key="land-use", item_code="ZRZYJ-001", department="ZRZYJ", after=["approval"], committed_wd=7, statutory_wd=20
    )

    def permit(self) -> PlannedPermit:
        return PlannedPermit(
            self.key,
            self.item_code,
            self.department,
            tuple(self.after),
            tuple(self.soft_after),
            self.committed_wd,
            self.statutory_wd,
            self.milestone,
        )


class LinkIn(Timed):
    """The case filed for a permit of the plan."""

    key: Key
    case_no: Code


class PermitView(BaseModel):
    key: str
    item_code: str
    department: str
    after: list[str]
    soft_after: list[str]
    committed_wd: int
    statutory_wd: int
    milestone: Milestone | None
    case_no: str | None
    case_status: str | None
    accepted_on: date | None
    decided_on: date | None
    used_wd: int
    concluded: bool


class PathView(BaseModel):
    permits: list[str]
    days: int


class ProjectView(BaseModel):
    """A project now: its clock against its commitment, its plan's totals by committed and statutory
    limits, and its critical path with the case holding it up."""

    project_no: str
    version: int
    name: str
    investor_id: str
    investor_name: str
    site: str
    scale_wan_yuan: int
    industrial_zone: str | None
    major: bool
    green_channel: bool
    registered_at: datetime
    committed_wd: int
    started_on: date | None
    ended_on: date | None
    elapsed_wd: int
    remaining_wd: int
    within_commitment: bool
    by_commitment: PathView | None
    by_law: PathView | None
    critical_path: PathView | None
    holding: str | None
    holding_case: str | None
    permits: list[PermitView]

    @classmethod
    def of(cls, now: ProjectProgress) -> ProjectView:
        p = now.project

        def path(found: PlanPath | None) -> PathView | None:
            return None if found is None else PathView(permits=list(found.permits), days=found.days)

        return cls(
            project_no=p.project_no,
            version=p.version,
            name=p.name,
            investor_id=p.investor_id,
            investor_name=p.investor_name,
            site=p.site,
            scale_wan_yuan=p.scale_wan_yuan,
            industrial_zone=p.industrial_zone,
            major=p.major,
            green_channel=p.green_channel,
            registered_at=p.registered_at,
            committed_wd=p.committed_wd,
            started_on=now.started_on,
            ended_on=now.ended_on,
            elapsed_wd=now.elapsed_wd,
            remaining_wd=now.remaining_wd,
            within_commitment=now.within_commitment,
            by_commitment=path(now.by_commitment),
            by_law=path(now.by_law),
            critical_path=path(now.critical),
            holding=now.holding,
            holding_case=now.holding_case,
            permits=[
                PermitView(
                    key=x.permit.key,
                    item_code=x.permit.item_code,
                    department=x.permit.department,
                    after=list(x.permit.after),
                    soft_after=list(x.permit.soft_after),
                    committed_wd=x.permit.committed_wd,
                    statutory_wd=x.permit.statutory_wd,
                    milestone=x.permit.milestone,
                    case_no=x.case_no,
                    case_status=x.status,
                    accepted_on=x.accepted_on,
                    decided_on=x.decided_on,
                    used_wd=x.used_wd,
                    concluded=x.concluded,
                )
                for x in now.permits
            ],
        )


@router.post("", status_code=201, summary="登记: register an investment project (investor service)")
async def register(body: ProjectIn, cmd: CommandDep) -> ProjectOut:
    def command(at: datetime, _: int | None) -> Acted:
        fields = body.model_dump(exclude={"occurred_at"})
        return cmd.ledger.projects.register(**fields, at=at, by=cmd.user)

    return ProjectOut.of(await cmd.execute(body.occurred_at, command, cmd.ledger.projects.once))


@router.post("/{project_no}/permits", summary="a permit the project needs, after those it names")
async def plan_permit(project_no: ProjectNo, body: PermitIn, cmd: CommandDep) -> ProjectOut:
    def command(at: datetime, version: int | None) -> Acted:
        return cmd.ledger.projects.plan_permit(project_no, body.permit(), at=at, by=cmd.user, expected_version=version)

    return ProjectOut.of(await cmd.execute(body.occurred_at, command, cmd.ledger.projects.once))


@router.post("/{project_no}/cases", summary="the case filed for a permit of the plan")
async def link_case(project_no: ProjectNo, body: LinkIn, cmd: CommandDep) -> ProjectOut:
    def command(at: datetime, version: int | None) -> Acted:
        projects = cmd.ledger.projects
        return projects.link_case(project_no, body.key, body.case_no, at=at, by=cmd.user, expected_version=version)

    return ProjectOut.of(await cmd.execute(body.occurred_at, command, cmd.ledger.projects.once))


@router.get("/{project_no}", summary="a project now: its clock, its plan's totals, its critical path")
def read_project(project_no: ProjectNo, ledger: LedgerDep, user: UserDep, log: ReadLogDep, now: NowDep) -> ProjectView:
    check_may_read_project(user)
    progress = ledger.projects.progress(project_no, legal_day(now))
    log("project", project_no)
    return ProjectView.of(progress)


meetings = APIRouter(prefix="/meetings", tags=["projects"], responses=COMMAND_PROBLEMS)
MeetingNo = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
ActionId = Annotated[str, Path(min_length=1, max_length=8, pattern=r"^[0-9A-Za-z-]+$")]
Said = Annotated[str, Field(min_length=1, max_length=1000)]


class ActionIn(BaseModel):
    action_id: Annotated[str, Field(min_length=1, max_length=8, pattern=r"^[0-9A-Za-z-]+$")]
    text: Said
    owner_department: Code
    due_on: date


class MeetingIn(Timed):
    """协调会: the minutes of a coordination meeting: who chaired and attended, on which projects, what was
    decided and which actions are owned by whom by when."""

    meeting_no: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
    chair: Name
    attendees: Annotated[list[Code], Field(min_length=1, max_length=40)]
    projects: Annotated[list[Code], Field(max_length=40)] = Field(default_factory=list)
    decisions: Annotated[list[Said], Field(min_length=1, max_length=40)]
    actions: Annotated[list[ActionIn], Field(max_length=60)] = Field(default_factory=list)

    model_config = example(
        meeting_no="XTH-2026-03",
        chair="常务副县长",
        attendees=["FGJ", "ZRZYJ", "SHJJ"],
        projects=["2026-510116-04-01-000123"],
        decisions=["物流园二期列入绿色通道"],
        actions=[
            {"action_id": "1", "text": "三日内出具用地预审意见", "owner_department": "ZRZYJ", "due_on": "2026-03-05"}
        ],
    )


class ActionDoneIn(Timed):
    evidence: Said


class MeetingOut(RecordOut):
    meeting_no: str
    version: int
    position: int

    @classmethod
    def of(cls, acted: Acted) -> MeetingOut:
        return cls(meeting_no=acted.number, version=acted.version, position=acted.position)


class ActionView(BaseModel):
    action_id: str
    text: str
    owner_department: str
    due_on: date
    done_on: date | None
    overdue: bool


class MeetingView(BaseModel):
    meeting_no: str
    version: int
    chair: str
    attendees: list[str]
    projects: list[str]
    decisions: list[str]
    held_at: datetime
    finished: bool
    actions: list[ActionView]

    @classmethod
    def of(cls, meeting: CoordinationMeeting, today: date) -> MeetingView:
        """The minutes, each action done (on its day) or overdue on ``today``."""
        late = {a.action_id for a in meeting.overdue(today)}
        return cls(
            meeting_no=meeting.meeting_no,
            version=meeting.version,
            chair=meeting.chair,
            attendees=list(meeting.attendees),
            projects=list(meeting.projects),
            decisions=list(meeting.decisions),
            held_at=meeting.held_at,
            finished=meeting.finished,
            actions=[
                ActionView(
                    action_id=a.action_id,
                    text=a.text,
                    owner_department=a.owner_department,
                    due_on=a.due_on,
                    done_on=meeting.done.get(a.action_id),
                    overdue=a.action_id in late,
                )
                for a in meeting.actions
            ],
        )


@meetings.post("", status_code=201, summary="协调会: record a coordination meeting's minutes")
async def hold(body: MeetingIn, cmd: CommandDep) -> MeetingOut:
    def command(at: datetime, _: int | None) -> Acted:
        return cmd.ledger.meetings.hold(
            meeting_no=body.meeting_no,
            chair=body.chair,
            attendees=tuple(body.attendees),
            projects=tuple(body.projects),
            decisions=tuple(body.decisions),
            actions=tuple(MeetingAction(**a.model_dump()) for a in body.actions),
            at=at,
            by=cmd.user,
        )

    return MeetingOut.of(await cmd.execute(body.occurred_at, command, cmd.ledger.meetings.once))


@meetings.post("/{meeting_no}/actions/{action_id}/completion", summary="销号: an action of the minutes done")
async def complete(meeting_no: MeetingNo, action_id: ActionId, body: ActionDoneIn, cmd: CommandDep) -> MeetingOut:
    def command(at: datetime, version: int | None) -> Acted:
        return cmd.ledger.meetings.complete(
            meeting_no, action_id, evidence=body.evidence, at=at, by=cmd.user, expected_version=version
        )

    return MeetingOut.of(await cmd.execute(body.occurred_at, command, cmd.ledger.meetings.once))


@meetings.get("/{meeting_no}", summary="a coordination meeting: its minutes and its actions, done or overdue")
def read_meeting(meeting_no: MeetingNo, ledger: LedgerDep, user: UserDep, log: ReadLogDep, now: NowDep) -> MeetingView:
    check_may_read_project(user)
    meeting = ledger.meetings.meeting(meeting_no)
    log("meeting", meeting_no)
    return MeetingView.of(meeting, legal_day(now))
