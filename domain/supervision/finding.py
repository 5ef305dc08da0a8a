"""Responsibility findings (行政过错责任认定, domain.md 2.3, supervision-workflows.md 4): an inspector's finding
that a person at fault in a case's chain (承办人 handler, 审核人 reviewer, 批准人 approver) bears a kind of
responsibility for it, with its severity and sanctions.

recorded (with its aggravation) -> the person's statement and defence (陈述和申辩) may follow -> withdrawn
on review (复核: no longer counted). A finding stays in force meanwhile, as the Civil Service Law has it.

A second finding within ``AGGRAVATION_MONTHS`` of a standing one against the same person is aggravating
(从重: "two or more within one year"; the sources do not say calendar or rolling year: a rolling twelve
months is taken, ADR 26). Which findings stand against a person is their ``FaultRecord`` (个人过错记录),
committed with each finding, so two findings recorded at once still see each other.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.business_time import legal_day, require_aware
from domain.case.state import CaseState
from domain.errors import DomainError, InvalidValue, phrase
from domain.ids import natural_id
from domain.organisation.actors import Actor, Role
from domain.supervision.order import INSPECTORS, NotForThisRole
from domain.text import require_said

TEXT_MAX = 1000
AGGRAVATION_MONTHS = 12


class ChainRole(enum.Enum):
    """Where the person stood in the case's chain (domain.md 2.3)."""

    HANDLER = "handler"  # 承办人
    REVIEWER = "reviewer"  # 审核人
    APPROVER = "approver"  # 批准人


class Responsibility(enum.Enum):
    DIRECT = "direct"  # 直接责任
    MAIN_LEADERSHIP = "main_leadership"  # 主要领导责任
    IMPORTANT_LEADERSHIP = "important_leadership"  # 重要领导责任


class Severity(enum.Enum):
    GENERAL = "general"  # 一般过错
    SERIOUS = "serious"  # 较重过错
    ESPECIALLY_SERIOUS = "especially_serious"  # 严重过错


class Sanction(enum.Enum):
    """责任追究方式 (combinable); any of them bars the person from that year's honours."""

    CORRECTION = "correction"  # 责令改正
    APOLOGY = "apology"  # 向申请人赔礼道歉
    ADMONITORY_TALK = "admonitory_talk"  # 诫勉谈话
    WARNING = "warning"  # 告诫
    WRITTEN_SELF_CRITICISM = "written_self_criticism"  # 书面检查
    CIRCULATED_CRITICISM = "circulated_criticism"  # 通报批评
    BONUS_WITHHELD = "bonus_withheld"  # 扣发奖金
    TRANSFER = "transfer"  # 限期调离
    ORDERED_RESIGNATION = "ordered_resignation"  # 责令辞职
    DISCIPLINE = "discipline"  # 政纪处分


class FindingStatus(enum.Enum):
    STANDING = "standing"  # 在效
    WITHDRAWN = "withdrawn"  # 撤销 (on review)


class FindingStepOutOfOrder(DomainError):
    """A withdrawn finding takes no further step."""

    rule = "finding-step-out-of-order"
    title = "Finding step out of order"


class ResponsibilityFinding(Aggregate):
    class Recorded(Aggregate.Created):
        finding_no: str
        case_no: str
        person_id: str
        department: str
        chain_role: ChainRole
        responsibility: Responsibility
        fault: str  # 过错事实: time, place, role and what happened
        rule: str  # the rule broken
        basis: str  # the attribution it rests on (step, working days held and over)
        overrun_days: int
        severity: Severity
        sanctions: tuple[Sanction, ...]
        aggravating: bool
        prior: tuple[str, ...]  # the standing findings within twelve months that make it aggravating
        order_no: str | None  # the supervision order it came from, if any
        occurred_at: datetime
        by: Actor

    class DefenceStated(Aggregate.Event):
        statement: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.defences += 1

    class Withdrawn(Aggregate.Event):
        reason: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.status = FindingStatus.WITHDRAWN

    def __init__(
        self,
        finding_no: str,
        case_no: str,
        person_id: str,
        department: str,
        chain_role: ChainRole,
        responsibility: Responsibility,
        fault: str,
        rule: str,
        basis: str,
        overrun_days: int,
        severity: Severity,
        sanctions: tuple[Sanction, ...],
        aggravating: bool,
        prior: tuple[str, ...],
        order_no: str | None,
        occurred_at: datetime,
        by: Actor,
    ) -> None:
        self.finding_no, self.case_no, self.person_id, self.department = finding_no, case_no, person_id, department
        self.chain_role, self.responsibility, self.severity = chain_role, responsibility, severity
        self.fault, self.rule, self.basis, self.overrun_days = fault, rule, basis, overrun_days
        self.sanctions, self.aggravating, self.prior, self.order_no = sanctions, aggravating, prior, order_no
        self.recorded_at, self.decided_on = occurred_at, legal_day(occurred_at)
        self.status = FindingStatus.STANDING
        self.defences = 0

    @staticmethod
    def id_for(finding_no: str) -> Any:
        return natural_id("responsibility-finding", finding_no)

    @classmethod
    def record(
        cls,
        *,
        finding_no: str,
        case_no: str,
        person: Actor,
        chain_role: ChainRole,
        responsibility: Responsibility,
        fault: str,
        rule: str,
        basis: str,
        overrun_days: int,
        severity: Severity,
        sanctions: tuple[Sanction, ...],
        record: FaultRecord,
        at: datetime,
        by: Actor,
        order_no: str | None = None,
    ) -> ResponsibilityFinding:
        """认定: the inspector's finding against ``person``, noted in their ``record`` (which says whether it
        aggravates)."""
        require_aware(at)
        if by.role not in INSPECTORS:
            raise NotForThisRole("a {role} does not record responsibility findings", role=by.role)
        if person.department is None or person.role in (Role.SYSTEM, Role.APPLICANT):
            raise InvalidValue("{person_id} is not a member of a department's staff", person_id=person.person_id)
        if record.person_id != person.person_id:
            raise InvalidValue("a finding is noted in the record of the person it is against")
        _check_said(fault, rule, basis, overrun_days, sanctions)
        prior = record.standing_within(legal_day(at))
        finding = cls._create(
            cls.Recorded,
            id=cls.id_for(finding_no),
            finding_no=finding_no,
            case_no=case_no,
            person_id=person.person_id,
            department=person.department,
            chain_role=chain_role,
            responsibility=responsibility,
            fault=fault,
            rule=rule,
            basis=basis,
            overrun_days=overrun_days,
            severity=severity,
            sanctions=tuple(sanctions),
            aggravating=bool(prior),
            prior=prior,
            order_no=order_no,
            occurred_at=at,
            by=by,
        )
        record.note(finding_no, legal_day(at))
        return finding

    def state_defence(self, *, statement: str, at: datetime, by: Actor) -> None:
        """陈述和申辩: the person states their side; it is kept with the finding for the review."""
        self._check_standing(at)
        if by.person_id != self.person_id:
            raise NotForThisRole("only the person a finding is against states their defence")
        require_said(statement, phrase("the statement"), TEXT_MAX)
        self.trigger_event(self.DefenceStated, statement=statement, occurred_at=at, by=by)

    def withdraw(self, *, reason: str, record: FaultRecord, at: datetime, by: Actor) -> None:
        """撤销: on review the finding does not stand; it no longer counts against the person."""
        self._check_standing(at)
        if by.role not in INSPECTORS:
            raise NotForThisRole("a {role} does not withdraw findings", role=by.role)
        require_said(reason, phrase("the reason"), TEXT_MAX)
        self.trigger_event(self.Withdrawn, reason=reason, occurred_at=at, by=by)
        record.strike(self.finding_no)

    def _check_standing(self, at: datetime) -> None:
        require_aware(at)
        if self.status is not FindingStatus.STANDING:
            raise FindingStepOutOfOrder("{finding_no} was withdrawn", finding_no=self.finding_no)
        if at < self.recorded_at:
            raise InvalidValue(
                "{finding_no}: an act dated {at} comes before the finding",
                finding_no=self.finding_no,
                at=at.isoformat(),
            )


class FaultRecord(Aggregate):
    """个人过错记录: the findings that stand against one person, with the day each was made."""

    class Started(Aggregate.Created):
        person_id: str

    class Noted(Aggregate.Event):
        finding_no: str
        on: date

        def apply(self, aggregate: Any) -> None:
            aggregate.findings = {**aggregate.findings, self.finding_no: self.on}

    class Struck(Aggregate.Event):
        finding_no: str

        def apply(self, aggregate: Any) -> None:
            aggregate.findings = {k: v for k, v in aggregate.findings.items() if k != self.finding_no}

    def __init__(self, person_id: str) -> None:
        self.person_id = person_id
        self.findings: dict[str, date] = {}

    @staticmethod
    def id_for(person_id: str) -> Any:
        return natural_id("fault-record", person_id)

    @classmethod
    def open(cls, person_id: str) -> FaultRecord:
        return cls._create(cls.Started, id=cls.id_for(person_id), person_id=person_id)

    def standing_within(self, on: date) -> tuple[str, ...]:
        """The standing findings made in the twelve months up to ``on``."""
        since = _months_before(on, AGGRAVATION_MONTHS)
        return tuple(sorted(no for no, day in self.findings.items() if since < day <= on))

    def note(self, finding_no: str, on: date) -> None:
        self.trigger_event(self.Noted, finding_no=finding_no, on=on)

    def strike(self, finding_no: str) -> None:
        if finding_no in self.findings:
            self.trigger_event(self.Struck, finding_no=finding_no)


CHAIN_ROLES = {ChainRole.HANDLER: Role.HANDLER, ChainRole.REVIEWER: Role.REVIEWER, ChainRole.APPROVER: Role.APPROVER}


def check_in_chain(case: CaseState, person_id: str, chain_role: ChainRole) -> None:
    """A finding falls on someone who stood at that place in the case's chain: they signed or returned a step
    of that role, or hold the case's current step of that role."""
    role = CHAIN_ROLES[chain_role]
    steps = case.item.steps
    if any(done.person_id == person_id and steps[done.index].role is role for done in case.steps_done):
        return
    current = case.current_step
    if current is not None and current.role is role and case.holder.person_id == person_id:
        return
    raise InvalidValue(
        "{person_id} was not the {chain_role} of {case_no}",
        person_id=person_id,
        chain_role=chain_role,
        case_no=case.case_no,
    )


def _check_said(fault: str, rule: str, basis: str, overrun_days: int, sanctions: tuple[Sanction, ...]) -> None:
    for value, what in ((fault, "the fault"), (rule, "the rule broken"), (basis, "its basis")):
        require_said(value, what, TEXT_MAX)
    if overrun_days < 0:
        raise InvalidValue("working days over cannot be negative")
    if not sanctions or len(set(sanctions)) != len(sanctions):
        raise InvalidValue("a finding names its sanctions, each once")


def _months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the last of the month where it has no such day)."""
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover
