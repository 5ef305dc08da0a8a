"""Request and response bodies of catalogue, organisation and calendar administration."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from domain.catalogue.terms import ItemKind, ItemTerms, Procedure, StepDefinition
from domain.clocks import TimeLimit
from domain.organisation.actors import Authority, Role
from domain.organisation.directory import Contact, ServicePointKind
from interface.api.schemas.base import Code, Materials, Required, Strict, Text, example


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
    steps: Annotated[list[StepIn], Field(max_length=20)] = Field(default_factory=list)
    materials: Materials = Field(default_factory=list)
    co_departments: Annotated[list[Code], Field(max_length=20)] = Field(default_factory=list)
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


class ContactIn(Strict):
    """A person's work contact, where warnings and supervision orders reach them (either may be empty)."""

    model_config = example(mobile="13900000001", email="wangfang@sl.gov.cn")
    mobile: Annotated[str, StringConstraints(max_length=11)] = ""
    email: Annotated[str, StringConstraints(max_length=320)] = ""

    def to_domain(self) -> Contact:
        return Contact(mobile=self.mobile.strip(), email=self.email.strip())


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
    adjusted_workdays: Annotated[list[date], Field(max_length=366)] = Field(default_factory=list)


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


class CapaIn(Strict):
    model_config = example(title="窗口超时办结整改", nonconformities=["NC-SJJ-20260302-ABC123-KC-red--1"])
    title: Required
    nonconformities: Annotated[
        list[Annotated[str, StringConstraints(min_length=1, max_length=200)]], Field(max_length=100)
    ] = Field(default_factory=list)


class RootCauseIn(Strict):
    root_cause: Required


class CapaPlanIn(Strict):
    action: Required
    owner_department: Code
    due_on: date


class CapaDoneIn(Strict):
    note: Text = ""


class CapaVerificationIn(Strict):
    effective: bool
    evidence: Required


class CapaOut(BaseModel):
    capa_id: str
    position: int
