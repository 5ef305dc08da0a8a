"""Request and response schemas (pydantic lives here and nowhere below the interface)."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from application.dto import CaseView, CommandResult, EventView, PersonView
from domain.case.values import Applicant, DeliveryMethod, OpinionKind, Outcome
from domain.catalogue.terms import ItemKind, ItemTerms, Procedure, StepDefinition
from domain.clocks import ClockReading, TimeLimit
from domain.organisation.actors import Authority, Channel, Role
from domain.organisation.directory import ServicePointKind

Text = Annotated[str, StringConstraints(max_length=2000, strip_whitespace=True)]
Required = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
Materials = Annotated[list[Required], Field(max_length=50)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Timed(Strict):
    occurred_at: AwareDatetime | None = Field(
        default=None, description="When the act legally happened (a paper act entered late); default: now"
    )


def example(**values: Any) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [values]})


class ApplicantIn(Strict):
    subject_id: Code | None = Field(default=None, description="the data subject's id; generated when absent")
    name: Required
    id_number: Annotated[str, StringConstraints(max_length=40)] = ""
    phone: Annotated[str, StringConstraints(max_length=40)] = ""
    address: Text = ""
    is_enterprise: bool = False

    def to_domain(self) -> Applicant:
        subject = self.subject_id or f"S-{secrets.token_hex(8)}"
        return Applicant(subject, self.name, self.id_number, self.phone, self.address, self.is_enterprise)


class ReceiveIn(Timed):
    model_config = example(
        item_code="SJJ-003",
        channel="window",
        materials=["申请书", "营业执照"],
        applicant={"name": "张三", "id_number": "510122199001011234", "phone": "13900000000"},
    )
    item_code: Code
    applicant: ApplicantIn
    channel: Channel = Channel.WINDOW
    materials: Materials = []


class NoticeIn(Timed):
    model_config = example(notice_no="受理通知书〔2026〕001号")
    notice_no: Text = ""


class SupplementRequestIn(Timed):
    model_config = example(missing=["营业执照副本", "法定代表人身份证明"], notice_no="补正通知书〔2026〕012号")
    missing: Annotated[list[Required], Field(min_length=1, max_length=50)]
    notice_no: Required


class MaterialsIn(Timed):
    model_config = example(materials=["营业执照副本"])
    materials: Materials = []


class RejectIn(Timed):
    model_config = example(
        reasons="申请事项不属于本机关职权范围", remedies="请向市市场监督管理局申请", notice_no="不予受理〔2026〕3号"
    )
    reasons: Required
    remedies: Text = ""
    notice_no: Text = ""


class DecisionIn(Timed):
    model_config = example(outcome="granted", document_no="许可决定书〔2026〕088号")
    outcome: Outcome
    reasons: Text = ""
    remedies: Text = ""
    document_no: Text = ""
    legal_basis: Text = ""


class HandOffIn(Timed):
    model_config = example(to_person_id="SJJ-S1-HD1", note="请办理")
    to_person_id: Code
    note: Text = ""


class OpinionIn(Timed):
    model_config = example(opinion="同意，材料齐全")
    opinion: Text = ""


class ReasonIn(Timed):
    model_config = example(reason="审查意见不明确，请补充")
    reason: Required


class SpecialProcedureIn(Timed):
    model_config = example(
        procedure="expert_review",
        legal_basis="行政许可法第四十五条",
        notice_no="特别程序告知书〔2026〕5号",
        expected_days=10,
    )
    procedure: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    legal_basis: Text = ""
    notice_no: Text = ""
    expected_days: Annotated[int, Field(ge=1, le=365)]


class ResultIn(Timed):
    model_config = example(result="专家评审通过")
    result: Required


class PostAcceptanceSupplementIn(Timed):
    model_config = example(missing=["补充说明"], legal_basis="", notice_no="补办通知〔2026〕2号")
    missing: Annotated[list[Required], Field(min_length=1, max_length=50)]
    legal_basis: Text = ""
    notice_no: Text = ""


class ExtensionIn(Timed):
    model_config = example(days=10, reason="需要现场核查", notice_no="延期告知书〔2026〕7号")
    days: Annotated[int, Field(ge=1, le=60)]
    reason: Required
    notice_no: Text = ""


class CoOpinionIn(Timed):
    model_config = example(co_department="ZJJ", opinion="agree", reasons="")
    co_department: Code
    opinion: OpinionKind
    reasons: Text = ""


class CoDepartmentIn(Timed):
    co_department: Code


class ForwardIn(Timed):
    model_config = example(upper_level="市政务服务中心", opinion="初审同意，上报审批")
    upper_level: Required
    opinion: Text = ""


class UpperDecisionIn(Timed):
    model_config = example(outcome="granted", document_no="市批〔2026〕19号")
    outcome: Outcome
    document_no: Text = ""
    reasons: Text = ""


class DeliverIn(Timed):
    model_config = example(method="window")
    method: DeliveryMethod


class PledgeIn(Timed):
    model_config = example(truthful=True, finding="现场核查，承诺属实")
    truthful: bool
    finding: Required


class RatingIn(Timed):
    model_config = example(stars=5, comment="办事效率高")
    stars: Annotated[int, Field(ge=1, le=5)]
    comment: Text = ""


class CommandOut(BaseModel):
    """What a command reached; ``position`` is the ledger position for read-your-writes."""

    case_no: str
    version: int
    position: int
    replayed: bool = False

    @classmethod
    def of(cls, result: CommandResult) -> CommandOut:
        return cls(case_no=result.case_no, version=result.version, position=result.position, replayed=result.replayed)


class PersonOut(BaseModel):
    person_id: str
    name: str
    role: str
    department: str | None
    section: str | None

    @classmethod
    def of(cls, person: PersonView) -> PersonOut:
        return cls(**vars(person))


class ClockOut(BaseModel):
    name: str
    started_on: date
    limit: int
    extension: int
    due_on: date
    calendar: str
    provisional: bool
    elapsed: int
    remaining: int
    overdue: int
    running: bool
    paused: bool

    @classmethod
    def of(cls, reading: ClockReading) -> ClockOut:
        values = {k: v for k, v in vars(reading).items() if k != "name"}
        return cls(name=reading.name.value, overdue=reading.overdue, **values)


class CaseOut(BaseModel):
    case_no: str
    version: int
    status: str
    item_code: str
    item_name: str
    item_version: int
    department: str
    kind: str
    procedure: str
    applicant_subject: str
    applicant_name: str
    channel: str
    holder: PersonOut
    in_transit_to: PersonOut | None
    current_step: str | None
    step_index: int
    steps_total: int
    returns: int
    suspension: str | None
    extension_granted: bool
    deemed_accepted: bool
    outcome: str | None
    rating: int | None
    received_at: datetime
    accepted_at: datetime | None
    decided_at: datetime | None
    delivered_at: datetime | None
    as_of: datetime
    clocks: list[ClockOut]

    @classmethod
    def of(cls, view: CaseView) -> CaseOut:
        values = dict(vars(view))
        values["holder"] = PersonOut.of(view.holder)
        values["in_transit_to"] = PersonOut.of(view.in_transit_to) if view.in_transit_to else None
        values["clocks"] = [ClockOut.of(c) for c in view.clocks]
        return cls(**values)


class EventOut(BaseModel):
    version: int
    type: str
    occurred_at: datetime | None
    recorded_at: datetime
    actor: PersonOut | None
    channel: str | None
    details: dict[str, Any]

    @classmethod
    def of(cls, view: EventView) -> EventOut:
        actor = PersonOut.of(view.actor) if view.actor else None
        return cls(
            version=view.version,
            type=view.type,
            occurred_at=view.occurred_at,
            recorded_at=view.recorded_at,
            actor=actor,
            channel=view.channel,
            details=view.details,
        )


class PublicStatusOut(BaseModel):
    """What an applicant may learn with the case number and the query code: nothing personal."""

    case_no: str
    status: str
    item_name: str
    current_step: str | None
    due_on: date | None
    provisional: bool


class PositionOut(BaseModel):
    position: int


class StepIn(Strict):
    name: Required
    role: Role
    budget_days: Annotated[int, Field(ge=0, le=365)]

    def to_domain(self) -> StepDefinition:
        return StepDefinition(self.name, self.role, TimeLimit(self.budget_days))


class ItemIn(Strict):
    model_config = example(
        code="SJJ-900",
        name="食品经营许可",
        department="SJJ",
        kind="commitment",
        procedure="standard",
        statutory_days=20,
        committed_days=10,
        materials=["申请书", "营业执照"],
        steps=[
            {"name": "承办", "role": "handler", "budget_days": 4},
            {"name": "审核", "role": "reviewer", "budget_days": 3},
            {"name": "批准", "role": "approver", "budget_days": 2},
        ],
    )
    code: Code
    name: Required
    department: Code
    kind: ItemKind
    procedure: Procedure = Procedure.STANDARD
    statutory_days: Annotated[int, Field(ge=0, le=365)] = 20
    committed_days: Annotated[int, Field(ge=0, le=365)]
    steps: Annotated[list[StepIn], Field(max_length=20)] = []
    materials: Materials = []
    co_departments: Annotated[list[Code], Field(max_length=20)] = []
    supplement_pauses_clock: bool = False
    legal_basis: Text = ""

    def to_domain(self) -> ItemTerms:
        return ItemTerms(
            code=self.code,
            name=self.name,
            department=self.department,
            kind=self.kind,
            procedure=self.procedure,
            statutory_limit=TimeLimit(self.statutory_days),
            committed_limit=TimeLimit(self.committed_days),
            steps=tuple(s.to_domain() for s in self.steps),
            materials=tuple(self.materials),
            co_departments=tuple(self.co_departments),
            supplement_pauses_clock=self.supplement_pauses_clock,
            legal_basis=self.legal_basis,
        )


class ItemOut(BaseModel):
    code: str
    name: str
    department: str
    kind: str
    procedure: str
    version: int
    statutory_days: int
    committed_days: int
    steps: list[dict[str, Any]]
    materials: list[str]
    co_departments: list[str]
    supplement_pauses_clock: bool

    @classmethod
    def of(cls, terms: ItemTerms) -> ItemOut:
        return cls(
            code=terms.code,
            name=terms.name,
            department=terms.department,
            kind=terms.kind.value,
            procedure=terms.procedure.value,
            version=terms.version,
            statutory_days=terms.statutory_limit.value,
            committed_days=terms.committed_limit.value,
            steps=[{"name": s.name, "role": s.role.value, "budget_days": s.budget.value} for s in terms.steps],
            materials=list(terms.materials),
            co_departments=list(terms.co_departments),
            supplement_pauses_clock=terms.supplement_pauses_clock,
        )


class RevisionIn(Strict):
    reason: Required


class LimitIn(RevisionIn):
    committed_days: Annotated[int, Field(ge=0, le=365)]


class StepBudgetsIn(RevisionIn):
    steps: Annotated[list[StepIn], Field(min_length=1, max_length=20)]


class DepartmentIn(Strict):
    model_config = example(code="SJJ", name="市场监督管理局")
    code: Code
    name: Required


class SectionIn(Strict):
    code: Code
    name: Required


class WindowIn(Strict):
    code: Code
    location: Required


class ServicePointIn(Strict):
    code: Code
    name: Required
    kind: ServicePointKind
    township: Required


class PersonIn(Strict):
    model_config = example(person_id="SJJ-S1-HD9", name="王芳", role="handler", department="SJJ", section="SJJ-S1")
    person_id: Code
    name: Required
    role: Role
    department: Code | None = None
    section: Code | None = None


class DelegationIn(Strict):
    authority: Authority
    granted_by: Code
    basis: Required


class ScheduleIn(Strict):
    model_config = example(
        notice="国办发明电〔2026〕N号", holidays=["2027-01-01", "2027-02-05"], adjusted_workdays=["2027-02-20"]
    )
    notice: Required
    holidays: Annotated[list[date], Field(max_length=366)]
    adjusted_workdays: Annotated[list[date], Field(max_length=366)] = []


class CalendarOut(BaseModel):
    year: int
    version: int
    provisional: bool
    source: str
    holidays: list[date]
    adjusted_workdays: list[date]


class DueDateOut(BaseModel):
    due_on: date
    calendar: str
    provisional: bool
