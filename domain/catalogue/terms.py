"""The terms of a service item that a case pins when it is received and accepted."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from domain.clocks import TimeLimit, TimeUnit
from domain.errors import InvalidValue
from domain.organisation.actors import Role


class ItemKind(enum.Enum):
    """办件类型 (domain.md 3.4). Codes differ between standards, so we store names, never numbers."""

    IMMEDIATE = "immediate"  # 即办件: decided on the spot or the same day
    COMMITMENT = "commitment"  # 承诺件: decided within the committed limit
    REPORT_UP = "report_up"  # 上报件: the county reviews, the upper level decides (Arts 35, 43)
    JOINT = "joint"  # 联办件: lead department plus co-departments (Arts 26, 42 ¶2)


class Procedure(enum.Enum):
    """The 'three systems' of 一会三制, plus the standard procedure."""

    STANDARD = "standard"
    NOTIFICATION_COMMITMENT = "notification_commitment"  # 告知承诺制: decide on a pledge, verify afterwards
    JOINT_APPROVAL = "joint_approval"  # 联合审批: lead and co-departments
    REGISTRATION_FILING = "registration_filing"  # 登记备案制


STATUTORY_DEFAULT = TimeLimit(20)  # Art. 42 ¶1
STATUTORY_JOINT = TimeLimit(45)  # Art. 42 ¶2
CO_DEPARTMENT_BUDGET = TimeLimit(7)  # 国发〔1999〕9号: a co-department replies within 7 WD


@dataclass(frozen=True)
class StepDefinition:
    """One step (环节) of the item's workflow, the role that performs it and its budget."""

    name: str
    role: Role
    budget: TimeLimit

    def __post_init__(self) -> None:
        if not self.name:
            raise InvalidValue("a step needs a name")


@dataclass(frozen=True)
class ItemTerms:
    """A service item (事项) as published at one version: kind, procedure, limits, steps and materials."""

    code: str
    name: str
    department: str
    kind: ItemKind
    procedure: Procedure
    statutory_limit: TimeLimit
    committed_limit: TimeLimit
    steps: tuple[StepDefinition, ...]
    materials: tuple[str, ...] = ()
    co_departments: tuple[str, ...] = ()
    supplement_pauses_clock: bool = False
    legal_basis: str = ""
    version: int = 1

    def __post_init__(self) -> None:
        if not self.code or not self.name:
            raise InvalidValue("a service item needs a code and a name")
        same_unit = self.committed_limit.unit is self.statutory_limit.unit
        if same_unit and self.committed_limit.value > self.statutory_limit.value:
            raise InvalidValue(
                "{code}: committed limit {committed_limit} exceeds statutory {statutory_limit}",
                code=self.code,
                committed_limit=self.committed_limit,
                statutory_limit=self.statutory_limit,
            )
        if self.kind is ItemKind.IMMEDIATE and self.committed_limit.value != 0:
            raise InvalidValue("{code}: an immediate item is due the same day (committed limit 0)", code=self.code)
        if self.kind is not ItemKind.IMMEDIATE and not self.steps:
            raise InvalidValue("{code}: a {kind} item needs at least one step", code=self.code, kind=self.kind)
        if (self.kind is ItemKind.JOINT) != bool(self.co_departments):
            raise InvalidValue("{code}: joint items, and only they, name co-departments", code=self.code)
        if (self.kind is ItemKind.JOINT) != (self.procedure is Procedure.JOINT_APPROVAL):
            raise InvalidValue(
                "{code}: joint items, and only they, follow the joint-approval procedure", code=self.code
            )
        budgets = sum(s.budget.value for s in self.steps if s.budget.unit is TimeUnit.WORKING_DAY)
        if self.committed_limit.unit is TimeUnit.WORKING_DAY and budgets > self.committed_limit.value:
            # domain.md 5c.8 and the case-file checklist [S10]: step budgets fit inside the commitment.
            raise InvalidValue(
                "{code}: step budgets ({budgets} WD) exceed the committed limit", code=self.code, budgets=budgets
            )

    @property
    def is_joint(self) -> bool:
        return self.kind is ItemKind.JOINT
