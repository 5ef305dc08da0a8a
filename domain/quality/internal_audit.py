"""``InternalAudit`` (ISO 9001 9.2, 内部审核): planned with a reproducible random sample of the cases each
department concluded in a period, each sampled case checked against a checklist (its documents present, its
deadlines reconciled, its hash chain intact), findings raised as nonconformities, and closed with a report.

The sample is drawn from the sorted case numbers of each department with a generator seeded by the audit's
seed and the department's code: anyone holding the plan can draw it again and get the same cases.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.business_time import require_aware
from domain.errors import DomainError, InvalidValue, phrase
from domain.ids import natural_id
from domain.organisation.actors import Actor
from domain.quality.corrective_action import QUALITY_ROLES, NotAQualityManager
from domain.text import require_said

TEXT_MAX = 1000
SAMPLE_MAX = 200  # cases per department: an audit samples, it does not read everything


class AuditStatus(enum.Enum):
    PLANNED = "planned"
    CLOSED = "closed"


class Nature(enum.Enum):
    """不合格性质 of a finding."""

    MAJOR = "major"  # 严重不合格: the record cannot be trusted (its chain broken)
    MINOR = "minor"  # 一般不合格
    OBSERVATION = "observation"  # 观察项


@dataclass(frozen=True)
class CaseCheck:
    """The checklist of one sampled case, as the ledger answered it."""

    case_no: str
    documents_present: bool  # no gap in the case file's documents
    deadlines_reconciled: bool  # its due dates reproduce from its clocks and it was decided in time
    chain_verified: bool  # every event links to the one before it
    gaps: tuple[str, ...]  # what failed, in the auditor's words

    @property
    def passed(self) -> bool:
        return self.documents_present and self.deadlines_reconciled and self.chain_verified


class AuditStepOutOfOrder(DomainError):
    """An audit checks its sample while planned; a closed audit takes no further step."""

    rule = "audit-step-out-of-order"
    title = "Audit step out of order"


def draw_sample(population: Mapping[str, list[str]], per_department: int, seed: int) -> dict[str, tuple[str, ...]]:
    """Up to ``per_department`` cases of each department, drawn reproducibly from its sorted case numbers."""
    drawn = {}
    for department in sorted(population):
        cases = sorted(population[department])
        rng = random.Random(f"{seed}:{department}")  # noqa: S311 (reproducible by design, not a secret)
        drawn[department] = tuple(sorted(rng.sample(cases, min(per_department, len(cases)))))
    return drawn


class InternalAudit(Aggregate):
    class Planned(Aggregate.Created):
        audit_no: str
        first_day: date
        last_day: date
        criteria: str
        seed: int
        per_department: int
        population: tuple[tuple[str, int], ...]  # (department, cases concluded in the period)
        sample: tuple[tuple[str, tuple[str, ...]], ...]  # (department, the cases drawn)
        occurred_at: datetime
        by: Actor

    class CaseChecked(Aggregate.Event):
        check: CaseCheck
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.checked = {**aggregate.checked, self.check.case_no: self.check}

    class FindingRaised(Aggregate.Event):
        """A nonconformity of the register (``nc_id``), with its clause of the standard and its nature."""

        nc_id: str
        case_no: str | None
        department: str
        clause: str
        nature: Nature
        description: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.findings = aggregate.findings + 1

    class Closed(Aggregate.Event):
        report: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.status = AuditStatus.CLOSED

    def __init__(
        self,
        audit_no: str,
        first_day: date,
        last_day: date,
        criteria: str,
        seed: int,
        per_department: int,
        population: tuple[tuple[str, int], ...],
        sample: tuple[tuple[str, tuple[str, ...]], ...],
        occurred_at: datetime,
        by: Actor,
    ) -> None:
        self.audit_no, self.first_day, self.last_day, self.criteria = audit_no, first_day, last_day, criteria
        self.seed, self.per_department, self.population, self.sample = seed, per_department, population, sample
        self.planned_at, self.last_at = occurred_at, occurred_at
        self.status = AuditStatus.PLANNED
        self.checked: dict[str, CaseCheck] = {}
        self.findings = 0

    @staticmethod
    def id_for(audit_no: str) -> Any:
        return natural_id("internal-audit", audit_no)

    @property
    def department_of(self) -> dict[str, str]:
        return {case_no: department for department, cases in self.sample for case_no in cases}

    @classmethod
    def plan(
        cls,
        *,
        audit_no: str,
        first_day: date,
        last_day: date,
        criteria: str,
        seed: int,
        per_department: int,
        population: Mapping[str, list[str]],
        at: datetime,
        by: Actor,
    ) -> InternalAudit:
        """审核计划: the period, the criteria and the sample drawn from ``population`` (each department's cases
        concluded in the period)."""
        require_aware(at)
        _check_quality(by, phrase("plan internal audits"))
        if last_day < first_day or last_day >= at.date():
            raise InvalidValue("an audit looks at a period that has ended")
        if not 1 <= per_department <= SAMPLE_MAX:
            raise InvalidValue("an audit samples 1 to {SAMPLE_MAX} cases per department", SAMPLE_MAX=SAMPLE_MAX)
        require_said(criteria, phrase("the audit criteria"), TEXT_MAX)
        sample = draw_sample(population, per_department, seed)
        if not any(sample.values()):
            raise InvalidValue("the period holds no concluded case to sample")
        return cls._create(
            cls.Planned,
            id=cls.id_for(audit_no),
            audit_no=audit_no,
            first_day=first_day,
            last_day=last_day,
            criteria=criteria,
            seed=seed,
            per_department=per_department,
            population=tuple((d, len(population[d])) for d in sorted(population)),
            sample=tuple(sample.items()),
            occurred_at=at,
            by=by,
        )

    def check(self, check: CaseCheck, *, at: datetime, by: Actor) -> None:
        """核查: a sampled case's checklist; a failed item raises a finding, a broken chain a major one."""
        self._step(at, by, phrase("check cases"))
        department = self.department_of.get(check.case_no)
        if department is None:
            raise InvalidValue(
                "{case_no} is not in the sample of {audit_no}", case_no=check.case_no, audit_no=self.audit_no
            )
        if check.case_no in self.checked:
            raise AuditStepOutOfOrder(
                "{case_no} was already checked in {audit_no}", case_no=check.case_no, audit_no=self.audit_no
            )
        self.trigger_event(self.CaseChecked, check=check, occurred_at=at, by=by)
        if not check.passed:
            nature = Nature.MINOR if check.chain_verified else Nature.MAJOR
            clause = "7.5.3" if not check.chain_verified else ("8.5.1" if not check.deadlines_reconciled else "7.5")
            self._raise(check.case_no, department, clause, nature, "; ".join(check.gaps), at, by)

    def add_finding(
        self, *, department: str, clause: str, nature: Nature, description: str, at: datetime, by: Actor,
        case_no: str | None = None,
    ) -> None:  # fmt: skip
        """A finding the auditor makes beyond the checklist (an observation, or a nonconformity seen on site)."""
        self._step(at, by, phrase("record audit findings"))
        if case_no is not None and self.department_of.get(case_no) != department:
            raise InvalidValue(
                "{case_no} is not a sampled case of {department}", case_no=case_no, department=department
            )
        if department not in dict(self.sample):
            raise InvalidValue(
                "{department} is not in the scope of {audit_no}", department=department, audit_no=self.audit_no
            )
        require_said(clause, phrase("the clause"), TEXT_MAX)
        require_said(description, phrase("the finding"), TEXT_MAX)
        self._raise(case_no, department, clause, nature, description, at, by)

    def close(self, *, report: str, at: datetime, by: Actor) -> None:
        """审核报告: every sampled case checked, the report to management."""
        self._step(at, by, phrase("close audits"))
        unchecked = set(self.department_of) - set(self.checked)
        if unchecked:
            raise AuditStepOutOfOrder(
                "{count} sampled cases of {audit_no} are not checked yet", count=len(unchecked), audit_no=self.audit_no
            )
        require_said(report, phrase("the audit report"), TEXT_MAX)
        self.trigger_event(self.Closed, report=report, occurred_at=at, by=by)

    def _raise(
        self, case_no: str | None, department: str, clause: str, nature: Nature, description: str, at: datetime,
        by: Actor,
    ) -> None:  # fmt: skip
        self.trigger_event(
            self.FindingRaised,
            nc_id=f"NC-{self.audit_no}-{self.findings + 1}",
            case_no=case_no,
            department=department,
            clause=clause,
            nature=nature,
            description=description[:TEXT_MAX],
            occurred_at=at,
            by=by,
        )

    def _step(self, at: datetime, by: Actor, what: str) -> None:
        require_aware(at)
        _check_quality(by, what)
        if self.status is not AuditStatus.PLANNED:
            raise AuditStepOutOfOrder("{audit_no} is closed", audit_no=self.audit_no)
        if at < self.planned_at:
            raise InvalidValue(
                "{audit_no}: an act dated {at} comes before the plan", audit_no=self.audit_no, at=at.isoformat()
            )


def _check_quality(by: Actor, what: str) -> None:
    if by.role not in QUALITY_ROLES:
        raise NotAQualityManager("a {role} does not {what}", role=by.role, what=what)
