"""The demo year's supervision and quality work, after its cases: inspectors open supervision orders on a
share of the alarms and departments answer them (some late, some sent back); negative ratings are taken up
as complaints, rectified and called back; faults found on closing orders become responsibility findings;
each quarter that ended is evaluated and published; one internal audit samples the second quarter; one
management review looks at the first half. Then the watcher's pass records what all this left overdue (B001,
B002, C001). Every act goes through the ledger's services, dated within the year as it happened.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from application.internal_audits import InternalAudits
from application.ledger import CaseLedger
from application.management_reviews import ManagementReviews
from application.projections.runner import ProjectionRunner
from application.reports.filters import ReportFilters
from application.reports.service import Reports
from application.supervision.complaints import CallBack, Rectify
from application.supervision.evaluations import Evaluations
from application.supervision.orders import (
    AcceptCorrection,
    Acknowledge,
    CloseOrder,
    OrderCommand,
    ReportCorrection,
    SendBack,
)
from application.watcher import DeadlineWatcher
from domain.business_time import SHANGHAI
from domain.errors import DomainError
from domain.organisation.actors import Actor, Role
from domain.quality.management_review import ReviewAction
from domain.supervision.complaint import Satisfaction, Verification
from domain.supervision.evaluation import quarter_days
from domain.supervision.finding import CHAIN_ROLES, Responsibility, Sanction, Severity
from domain.supervision.order import Finding, Subject, WarningType
from infrastructure.demo.centre import CENTRE, ROLE_CODES

ORDER_SHARE = 0.35  # of the alarms an inspector opens an order on
CHAIN = {role: place for place, role in CHAIN_ROLES.items()}  # a step's role -> its place in the chain


@dataclass
class SupervisionSummary:
    alarms: int = 0
    orders: Counter[str] = field(default_factory=Counter)  # by how they stand
    findings: int = 0
    aggravating: int = 0
    complaints: Counter[str] = field(default_factory=Counter)
    watcher_facts: int = 0
    evaluations: dict[str, Counter[str]] = field(default_factory=dict)  # quarter -> grades
    recommendations: int = 0
    audit: str | None = None
    audit_checked: int = 0
    audit_findings: int = 0
    review: str | None = None


@dataclass
class SupervisionServices:
    """What the year's work needs of the ledger and its views."""

    ledger: CaseLedger
    runner: ProjectionRunner
    reports: Reports
    watcher: DeadlineWatcher
    evaluations: Evaluations
    audits: InternalAudits
    reviews: ManagementReviews


class SupervisionYear:
    def __init__(self, services: SupervisionServices, seed: int, until: datetime) -> None:
        self.s, self.until = services, until
        self.rng = random.Random(f"supervision:{seed}")
        self.inspector = services.ledger.people.actor(f"{CENTRE}-{ROLE_CODES[Role.INSPECTOR]}1")
        self.quality = services.ledger.people.actor(f"{CENTRE}-{ROLE_CODES[Role.QUALITY_MANAGER]}1")
        self.summary = SupervisionSummary()

    def run(self, progress: Callable[[str], None] = lambda _: None) -> SupervisionSummary:
        self.s.runner.catch_up()
        progress("supervision orders")
        self._orders()
        progress("complaints")
        self._complaints()
        progress("evaluations")
        self._evaluations()
        progress("internal audit")
        self._audit()
        progress("management review")
        self._review()
        progress("watcher")
        self.summary.watcher_facts = self.s.watcher.run_once(self.until)
        self.s.runner.catch_up()
        self._count_orders()
        return self.summary

    # -- supervision orders and findings --------------------------------------------------------------------

    def _orders(self) -> None:
        calendar = self.s.ledger.calendars.working_days(self.until.year)
        rows = self.s.reports.run("warnings", ReportFilters(), self.until.date(), calendar)
        alarms = [r for r in rows if r["level"] in ("red", "statutory_breach") and r["status"] != "withdrawn"]
        self.summary.alarms = len(alarms)
        seen: set[str] = set()
        for row in alarms:
            if row["case_no"] in seen or self.rng.random() > ORDER_SHARE:
                continue  # one order a case; most alarms are left to the departments (and to B001)
            seen.add(row["case_no"])
            opened_at = self._later(datetime.fromisoformat(row["crossed_at"]), 1, 9)
            if opened_at is None:
                continue
            content = f"{row['case_no']} {row['clock']} 超时（{row['rule_id']}），请说明原因并限期整改"
            order_no = self.s.ledger.supervision.open(
                subject=Subject.CASE,
                case_no=row["case_no"],
                department=row["department"],
                rule_id=row["rule_id"],
                warning_type=WarningType.TIME,
                content=content,
                at=opened_at,
                by=self.inspector,
            ).number
            finding = self._answer(order_no, row["department"], opened_at)
            if finding is Finding.FAULT:
                self._finding(row, order_no)

    def _answer(self, order_no: str, department: str, opened_at: datetime) -> Finding | None:
        """The department acknowledges and reports (a report now and then sent back); the inspector accepts
        and closes, finding fault in about half. Acts that would fall after the year stay undone."""
        head = self.s.ledger.people.actor(f"{department}-{ROLE_CODES[Role.AGENCY_HEAD]}1")
        steps: list[tuple[OrderCommand, Actor, int, int]] = [(Acknowledge(), head, 0, 3)]
        steps.append((ReportCorrection(report="已督促承办人办结并建立AB岗", evidence=("整改报告.pdf",)), head, 2, 18))
        if self.rng.random() < 0.15:
            steps.append((SendBack(reason="未附承办人说明"), self.inspector, 1, 3))
            steps.append((ReportCorrection(report="补充承办人说明", evidence=("说明.pdf",)), head, 1, 5))
        steps.append((AcceptCorrection(opinion="整改到位"), self.inspector, 1, 3))
        finding = Finding.FAULT if self.rng.random() < 0.5 else Finding.NO_FAULT
        conclusion = "承办人有责：超出环节时限" if finding is Finding.FAULT else "客观原因，无责"
        steps.append((CloseOrder(finding=finding, conclusion=conclusion), self.inspector, 0, 2))
        at: datetime | None = opened_at
        for command, actor, low, high in steps:
            at = self._later(at, low, high) if at is not None else None
            if at is None:
                return None
            self.s.ledger.supervision.handle(order_no, command, at=at, by=actor)
        return finding

    def _finding(self, alarm: dict[str, object], order_no: str) -> None:
        """责任认定 on the holder the alarm fell on, if they stood in the case's chain."""
        case = self.s.ledger.case_store.case(str(alarm["case_no"]))
        step = alarm["step_index"]
        if not isinstance(step, int) or step >= len(case.item.steps) or alarm["holder_id"] is None:
            return
        role = CHAIN.get(case.item.steps[step].role)
        closed = self.s.ledger.supervision.order(order_no)
        if role is None:
            return
        try:
            recorded = self.s.ledger.findings.record(
                case_no=case.case_no,
                person_id=str(alarm["holder_id"]),
                chain_role=role,
                responsibility=Responsibility.DIRECT,
                fault=f"{case.item.steps[step].name}环节超出时限，未说明理由",
                rule="《限时办结制度》",
                basis=f"{alarm['clock']} step {step} ran out on {alarm['due_on']}",
                overrun_days=1,
                severity=Severity.GENERAL,
                sanctions=(Sanction.CORRECTION, self.rng.choice((Sanction.WARNING, Sanction.CIRCULATED_CRITICISM))),
                order_no=order_no,
                at=closed.last_at + timedelta(hours=1),
                by=self.inspector,
            )
        except DomainError:
            return  # not in the chain (a step held but never signed): no finding against them
        self.summary.findings += 1
        self.summary.aggravating += self.s.ledger.findings.finding(recorded.number).aggravating

    # -- complaints -------------------------------------------------------------------------------------------

    def _complaints(self) -> None:
        for case_no in self.s.reports.reader.ratings_not_taken_up():
            self.s.ledger.complaints.take_up_rating(case_no)
        self.s.runner.catch_up(["complaints"])
        calendar = self.s.ledger.calendars.working_days(self.until.year)
        for row in self.s.reports.run("complaints", ReportFilters(), self.until.date(), calendar):
            self.summary.complaints["filed"] += 1
            head = self.s.ledger.people.actor(f"{row['department']}-{ROLE_CODES[Role.AGENCY_HEAD]}1")
            at: datetime | None = datetime.fromisoformat(row["filed_at"])
            for _ in range(2):
                at = self._later(at, 1, 9) if at is not None else None
                if at is None:
                    break
                verification = self.rng.choice(
                    (Verification.SUBSTANTIATED, Verification.PARTLY, Verification.UNFOUNDED)
                )
                rectify = Rectify(verification=verification, measures="已向申请人致歉并整改")
                self.s.ledger.complaints.handle(row["complaint_no"], rectify, at=at, by=head)
                self.summary.complaints["rectified"] += 1
                at = self._later(at, 1, 3)
                if at is None:
                    break
                satisfied = self.rng.random() < 0.85
                satisfaction = Satisfaction.SATISFIED if satisfied else Satisfaction.DISSATISFIED
                callback = CallBack(satisfaction=satisfaction, note="回访")
                self.s.ledger.complaints.handle(row["complaint_no"], callback, at=at, by=self.quality)
                if satisfied:
                    self.summary.complaints["closed"] += 1
                    break
                self.summary.complaints["reopened"] += 1

    # -- evaluation, audit and review -------------------------------------------------------------------------

    def _evaluations(self) -> None:
        for number in range(1, 5):
            quarter = f"{self.until.year}Q{number}"
            last = quarter_days(quarter)[1]
            if last > self.until.date():
                break
            # published in the first days after the quarter (the last quarter's in January)
            at = datetime.combine(last + timedelta(days=5), time(10), tzinfo=SHANGHAI)
            self.s.evaluations.publish(quarter, at=at, by=self.inspector)
            published = self.s.evaluations.published(quarter)
            grades = Counter(g.grade.value if g.grade else "not graded" for g in published.grades)
            self.summary.evaluations[quarter] = grades
            self.summary.recommendations += len(published.recommendations)
            for letter in published.recommendations:  # the failing departments answer, as orders
                self._answer(letter.order_no, letter.department, at)

    def _audit(self) -> None:
        first, last = quarter_days(f"{self.until.year}Q2")
        planned_at = datetime.combine(last + timedelta(days=8), time(9), tzinfo=SHANGHAI)
        if planned_at + timedelta(days=10) > self.until:
            return
        audit = self.s.audits.plan(
            first_day=first,
            last_day=last,
            criteria="ISO 9001:2015 7.5, 8.5; 《行政许可法》; 中心限时办结制度",
            per_department=2,
            seed=self.until.year,
            at=planned_at,
            by=self.quality,
        ).number
        self.s.audits.check_sample(audit, at=planned_at + timedelta(days=1), by=self.quality)
        checked = self.s.audits.audit(audit)
        self.summary.audit, self.summary.audit_checked = audit, len(checked.checked)
        failing = sum(1 for c in checked.checked.values() if not c.passed)
        report = f"抽查{len(checked.checked)}件，发现不合格{failing}件，已纳入纠正措施"
        self.s.audits.close(audit, report=report, at=planned_at + timedelta(days=3), by=self.quality)
        self.summary.audit_findings = self.s.audits.audit(audit).findings

    def _review(self) -> None:
        first, last = date(self.until.year, 1, 1), quarter_days(f"{self.until.year}Q2")[1]
        held_at = datetime.combine(last + timedelta(days=15), time(15), tzinfo=SHANGHAI)
        if held_at > self.until:
            return
        pack = self.s.reviews.pack(first, last)
        missed = [line for line in pack if line.section == "objectives" and line.met is False]
        decisions = [f"{line.item}未达标（{line.actual}，目标{line.target}）：制定纠正措施" for line in missed]
        decisions = decisions or ["质量目标均已达成，维持现行目标"]
        due = held_at.date() + timedelta(days=60)
        actions = [ReviewAction(f"针对“{line.item}”开展原因分析并整改", CENTRE, due) for line in missed]
        self.summary.review = self.s.reviews.hold(
            first_day=first, last_day=last, decisions=decisions, actions=actions, at=held_at, by=self.quality
        ).number

    # -- helpers ----------------------------------------------------------------------------------------------

    def _later(self, after: datetime, low: int, high: int) -> datetime | None:
        """A moment ``low`` to ``high`` days after ``after``, in office hours; None past the year."""
        day = after.date() + timedelta(days=self.rng.randint(low, high))
        at = max(datetime.combine(day, time(self.rng.randint(9, 16), self.rng.randint(0, 59)), tzinfo=SHANGHAI), after)
        return at if at <= self.until else None

    def _count_orders(self) -> None:
        calendar = self.s.ledger.calendars.working_days(self.until.year)
        for row in self.s.reports.run("orders", ReportFilters(), self.until.date(), calendar):
            self.summary.orders[row["status"]] += 1
            self.summary.orders["overdue (B002)"] += row["flagged_at"] is not None
