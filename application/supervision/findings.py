"""Responsibility findings (行政过错责任认定): recorded by an inspector against a person in a case's chain, with
the person's fault record in the same transaction; then moved by their commands, each defined once here
(served at ``POST /findings/{finding_no}/{path}``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from eventsourcing.domain import Aggregate

from application.cases.commands import Required
from application.cases.store import CaseStore
from application.idempotency import IdempotencyKey
from application.people import People
from application.plumbing.store import LedgerStore
from application.supervision.orders import new_number
from application.supervision.records import Acted, Records
from domain.errors import phrase
from domain.organisation.actors import Actor
from domain.supervision.access import check_may_read_finding
from domain.supervision.finding import (
    ChainRole,
    FaultRecord,
    Responsibility,
    ResponsibilityFinding,
    Sanction,
    Severity,
    check_in_chain,
)


@dataclass(frozen=True, kw_only=True)
class FindingCommand:
    """An act on a recorded finding, as asked for."""

    path: ClassVar[str]
    example: ClassVar[dict[str, Any]] = {}

    def apply(self, finding: ResponsibilityFinding, record: FaultRecord, at: datetime, by: Actor) -> None:
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        return (cls.__doc__ or cls.__name__).strip().splitlines()[0]


@dataclass(frozen=True, kw_only=True)
class StateDefence(FindingCommand):
    """陈述和申辩: the person a finding is against states their side."""

    path = "defence"
    example: ClassVar[dict[str, Any]] = {"statement": "当日系统故障，已书面报告科室负责人"}
    statement: Required

    def apply(self, finding: ResponsibilityFinding, record: FaultRecord, at: datetime, by: Actor) -> None:
        finding.state_defence(statement=self.statement, at=at, by=by)


@dataclass(frozen=True, kw_only=True)
class WithdrawFinding(FindingCommand):
    """撤销: on review the finding does not stand and no longer counts against the person."""

    path = "withdrawal"
    example: ClassVar[dict[str, Any]] = {"reason": "复核认定系申请人提供虚假材料所致"}
    reason: Required

    def apply(self, finding: ResponsibilityFinding, record: FaultRecord, at: datetime, by: Actor) -> None:
        finding.withdraw(reason=self.reason, record=record, at=at, by=by)


FINDING_COMMANDS: tuple[type[FindingCommand], ...] = (StateDefence, WithdrawFinding)


class Findings:
    def __init__(self, store: LedgerStore, people: People, cases: CaseStore) -> None:
        self.store, self.people, self.cases = store, people, cases
        self.records = Records(store, ResponsibilityFinding, phrase("finding"), ResponsibilityFinding.id_for)

    def record(
        self,
        *,
        case_no: str,
        person_id: str,
        chain_role: ChainRole,
        responsibility: Responsibility,
        fault: str,
        rule: str,
        basis: str,
        overrun_days: int,
        severity: Severity,
        sanctions: Sequence[Sanction],
        at: datetime,
        by: Actor,
        order_no: str | None = None,
        finding_no: str | None = None,
    ) -> Acted:
        """认定: a finding against ``person_id``, who stood at ``chain_role`` in the case; aggravating if
        another finding against them stands from the last twelve months."""
        person = self.people.actor(person_id)
        check_in_chain(self.cases.case(case_no), person_id, chain_role)
        number = finding_no or new_number("ZR", at)

        def attempt() -> Acted:
            record = self._fault_record(person_id)
            finding = ResponsibilityFinding.record(
                finding_no=number,
                case_no=case_no,
                person=person,
                chain_role=chain_role,
                responsibility=responsibility,
                fault=fault,
                rule=rule,
                basis=basis,
                overrun_days=overrun_days,
                severity=severity,
                sanctions=tuple(sanctions),
                record=record,
                at=at,
                by=by,
                order_no=order_no,
            )
            return self.records.create(number, finding, record)

        return self.store.retrying(attempt, retry=True)

    def handle(
        self,
        finding_no: str,
        command: FindingCommand,
        *,
        at: datetime,
        by: Actor,
        expected_version: int | None = None,
    ) -> Acted:
        """Run a finding command on ``finding_no`` for ``by``, dated ``at``."""

        def change(finding: ResponsibilityFinding) -> Sequence[Aggregate]:
            record = self._fault_record(finding.person_id)
            command.apply(finding, record, at, by)
            return (record,)

        return self.records.act_with(finding_no, change, expected_version)

    def once(self, key: IdempotencyKey, run: Callable[[], Acted]) -> Acted:
        return self.records.once(key, run)

    def finding(self, finding_no: str, viewer: Actor | None = None) -> ResponsibilityFinding:
        """The finding as recorded now: read by the person it is against, a head of their department, and
        those who supervise or audit (checked against ``viewer``, if given)."""
        finding = self.records.get(finding_no)
        if viewer is not None:
            check_may_read_finding(finding_no, finding.person_id, finding.department, viewer)
        return finding

    def _fault_record(self, person_id: str) -> FaultRecord:
        record_id = FaultRecord.id_for(person_id)
        if self.store.exists(record_id):
            return self.store.load(FaultRecord, record_id, phrase("fault record of {person_id}", person_id=person_id))
        return FaultRecord.open(person_id)
