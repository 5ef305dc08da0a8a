"""ISO 9001 internal audits (9.2, 内部审核): planned by the quality manager with a reproducible sample of the
cases each department concluded in a period, every sampled case checked by the ledger against the checklist
(documents present, deadlines reconciled, hash chain intact), findings raised as nonconformities, the audit
closed with its report."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime

from application.calendars import Calendars
from application.cases.store import CaseStore
from application.idempotency import IdempotencyKey
from application.integrity.chain import chain_intact
from application.plumbing.store import LedgerStore
from application.projections.runner import ProjectionRunner
from application.reports.reader import ViewReader
from application.supervision.orders import new_number
from application.supervision.records import Acted, Records
from domain.case.aggregate import Case
from domain.clocks import ClockName
from domain.errors import phrase
from domain.organisation.actors import Actor
from domain.quality.internal_audit import CaseCheck, InternalAudit, Nature

SOURCES = ("quality", "casefile")  # the views the population and the case files come from


class InternalAudits:
    def __init__(
        self, store: LedgerStore, cases: CaseStore, calendars: Calendars, runner: ProjectionRunner, reader: ViewReader
    ) -> None:
        self.store, self.cases, self.calendars, self.runner, self.reader = store, cases, calendars, runner, reader
        self.records = Records(store, InternalAudit, phrase("internal audit"), InternalAudit.id_for)

    def plan(
        self,
        *,
        first_day: date,
        last_day: date,
        criteria: str,
        per_department: int,
        at: datetime,
        by: Actor,
        seed: int | None = None,
        audit_no: str | None = None,
    ) -> Acted:
        """审核计划: sample ``per_department`` of the cases each department concluded from ``first_day`` to
        ``last_day`` (with ``seed``, or a fresh one recorded in the plan)."""
        self.runner.catch_up(list(SOURCES))
        number = audit_no or new_number("NS", at)
        audit = InternalAudit.plan(
            audit_no=number,
            first_day=first_day,
            last_day=last_day,
            criteria=criteria,
            seed=secrets.randbelow(1_000_000) if seed is None else seed,
            per_department=per_department,
            population=self.reader.concluded_cases(first_day, last_day),
            at=at,
            by=by,
        )
        return self.records.create(number, audit)

    def check_sample(self, audit_no: str, *, at: datetime, by: Actor, expected_version: int | None = None) -> Acted:
        """核查: the checklist of every sampled case not yet checked, as the ledger answers it now."""
        self.runner.catch_up(list(SOURCES))

        def check(audit: InternalAudit) -> None:
            for case_no in sorted(set(audit.department_of) - set(audit.checked)):
                audit.check(self.checklist(case_no), at=at, by=by)

        return self.records.act(audit_no, check, expected_version)

    def checklist(self, case_no: str) -> CaseCheck:
        """The case's documents present, its deadlines reconciled, its chain intact."""
        documents, deadlines = self.reader.case_file(case_no)
        gaps = [gap for gap in (documents["gaps"] or "").split("; ") if gap]
        documents_present = not gaps
        case = self.cases.case(case_no)
        reconciled = True
        kc = case.clocks.get(ClockName.KC)
        if kc is not None:
            recomputed = kc.compute_due(self.calendars.working_days(kc.started_on.year)).on
            if deadlines["kc_due"] is not None and recomputed.isoformat() != deadlines["kc_due"]:
                reconciled = False
                gaps.append(f"KC due {deadlines['kc_due']} does not reproduce ({recomputed})")
        if deadlines["committed_breach"]:
            reconciled = False  # the gap is among the documents' (decided after the committed date)
        stored = list(self.store.recorder.select_events(Case.id_for(case_no)))
        chain = chain_intact(stored)
        if not chain:
            gaps.append("its events do not link: the record was altered")
        return CaseCheck(case_no, documents_present, reconciled, chain, tuple(gaps))

    def add_finding(
        self,
        audit_no: str,
        *,
        department: str,
        clause: str,
        nature: Nature,
        description: str,
        at: datetime,
        by: Actor,
        case_no: str | None = None,
        expected_version: int | None = None,
    ) -> Acted:
        def add(audit: InternalAudit) -> None:
            audit.add_finding(
                department=department, clause=clause, nature=nature, description=description, at=at, by=by,
                case_no=case_no,
            )  # fmt: skip

        return self.records.act(audit_no, add, expected_version)

    def close(
        self, audit_no: str, *, report: str, at: datetime, by: Actor, expected_version: int | None = None
    ) -> Acted:
        return self.records.act(audit_no, lambda audit: audit.close(report=report, at=at, by=by), expected_version)

    def once(self, key: IdempotencyKey, run: Callable[[], Acted]) -> Acted:
        return self.records.once(key, run)

    def audit(self, audit_no: str) -> InternalAudit:
        return self.records.get(audit_no)
