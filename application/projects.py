"""Investment projects (投资项目): registered, their permits planned, each permit's case linked, and where
the project stands: its clock against its commitment and its critical path now (``domain.projects``).

A project's progress is read from its permits' cases as the ledger holds them: a permit is filed when a
case is linked, runs from the case's acceptance, and is concluded by its decision. The project's clock
runs from the acceptance of the permit that starts it (立项) to the decision of the one that ends it (施工许可),
in working days of the official calendar; the cases' own clocks pause for what the law excludes, the
project's does not (its commitment is to the investor, counted as the investor waits).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from eventsourcing.domain import Aggregate

from application.calendars import Calendars
from application.cases.store import CaseStore
from application.idempotency import IdempotencyKey
from application.plumbing.store import LedgerStore
from application.supervision.records import Acted, Records
from domain.business_time import legal_day
from domain.calendar.working_days import WorkingDays
from domain.case.aggregate import Case
from domain.case.values import CaseStatus
from domain.errors import phrase
from domain.organisation.actors import Actor
from domain.projects.plan import Path, PermitProgress, PlannedPermit, critical_now
from domain.projects.project import Project


@dataclass(frozen=True)
class PermitNow:
    """A permit of the plan as its case stands. A case that ended without a decision (withdrawn,
    terminated, not accepted) leaves the permit to be applied for again: it is shown, but the permit
    counts as not filed."""

    permit: PlannedPermit
    case_no: str | None
    status: str | None  # the case's status (None: not filed)
    accepted_on: date | None
    decided_on: date | None
    used_wd: int
    concluded: bool

    @property
    def filed(self) -> bool:
        """Whether a case for the permit is running or decided."""
        return self.case_no is not None and (self.concluded or not CaseStatus(self.status).ended_undecided)


@dataclass(frozen=True)
class ProjectProgress:
    """Where a project stands on ``today``: its clock against its commitment, the totals of its plan by
    committed and statutory limits, and its critical path now with the case holding it up."""

    project: Project
    today: date
    permits: tuple[PermitNow, ...]
    started_on: date | None
    ended_on: date | None
    elapsed_wd: int
    by_commitment: Path | None
    by_law: Path | None
    critical: Path | None
    holding: str | None  # the permit holding the project up
    holding_case: str | None

    @property
    def remaining_wd(self) -> int:
        return self.project.committed_wd - self.elapsed_wd

    @property
    def within_commitment(self) -> bool:
        return self.elapsed_wd <= self.project.committed_wd


class Projects:
    def __init__(self, store: LedgerStore, calendars: Calendars, cases: CaseStore) -> None:
        self.calendars, self.cases = calendars, cases
        self.records = Records(store, Project, phrase("project"), Project.id_for)

    def register(
        self,
        *,
        project_no: str,
        name: str,
        investor_id: str,
        investor_name: str,
        site: str,
        scale_wan_yuan: int,
        committed_wd: int,
        at: datetime,
        by: Actor,
        industrial_zone: str | None = None,
        major: bool = False,
        green_channel: bool = False,
    ) -> Acted:
        project = Project.register(
            project_no=project_no,
            name=name,
            investor_id=investor_id,
            investor_name=investor_name,
            site=site,
            scale_wan_yuan=scale_wan_yuan,
            committed_wd=committed_wd,
            industrial_zone=industrial_zone,
            major=major,
            green_channel=green_channel,
            at=at,
            by=by,
        )
        return self.records.create(project_no, project)

    def plan_permit(
        self, project_no: str, permit: PlannedPermit, *, at: datetime, by: Actor, expected_version: int | None = None
    ) -> Acted:
        return self.records.act(project_no, lambda p: p.plan_permit(permit, at=at, by=by), expected_version)

    def link_case(
        self, project_no: str, key: str, case_no: str, *, at: datetime, by: Actor, expected_version: int | None = None
    ) -> Acted:
        """The case ``case_no`` filed for the permit ``key``: it must be a case of the permit's item. A
        green-channel project's case enters the green channel with the link, in the same transaction, unless
        it is already decided (it has no steps left to join)."""

        def link(project: Project) -> Sequence[Aggregate]:
            case = self.cases.case(case_no)
            project.link_case(key, case_no, item_code=case.item.code, at=at, by=by)
            if not project.green_channel or case.decided_at is not None or case.green_channel is not None:
                return ()
            case.enter_green_channel(project_no=project_no, at=at, by=by)
            return (case,)

        return self.records.act_with(project_no, link, expected_version)

    def once(self, key: IdempotencyKey, run: Callable[[], Acted]) -> Acted:
        return self.records.once(key, run)

    def project(self, project_no: str) -> Project:
        return self.records.get(project_no)

    def progress(self, project_no: str, today: date) -> ProjectProgress:
        """Where the project stands on ``today``, from its permits' cases as the ledger holds them now."""
        project = self.records.get(project_no)
        calendar = self.calendars.working_days(today.year)
        permits = tuple(self._permit_now(p, project.cases.get(p.key), calendar, today) for p in project.permits)
        by_key = {p.permit.key: p for p in permits}
        start, end = by_key.get(project.start or ""), by_key.get(project.end or "")
        # An immediate item is decided on the spot, which is its acceptance too.
        started_on = (start.accepted_on or start.decided_on) if start and start.filed else None
        ended_on = end.decided_on if end else None
        elapsed = calendar.count(started_on, ended_on or today) if started_on else 0
        totals = project.totals()
        critical = holding = None
        if project.end is not None:
            facts = {p.permit.key: PermitProgress(p.filed, p.concluded, p.used_wd) for p in permits}
            critical, holding = critical_now(project.permits, facts, project.end, project.green_channel)
        return ProjectProgress(
            project=project,
            today=today,
            permits=permits,
            started_on=started_on,
            ended_on=ended_on,
            elapsed_wd=elapsed,
            by_commitment=totals[0] if totals else None,
            by_law=totals[1] if totals else None,
            critical=critical,
            holding=holding,
            holding_case=by_key[holding].case_no if holding and by_key[holding].filed else None,
        )

    def _permit_now(self, permit: PlannedPermit, case_no: str | None, calendar: WorkingDays, today: date) -> PermitNow:
        if case_no is None:
            return PermitNow(permit, None, None, None, None, 0, False)
        case: Case = self.cases.case(case_no)
        accepted = legal_day(case.accepted_at) if case.accepted_at else None
        decided = legal_day(case.decided_at) if case.decided_at else None
        if decided is None and case.status.ended_undecided:
            return PermitNow(permit, case_no, case.status.value, accepted, None, 0, False)
        used = calendar.count(accepted, decided or today) if accepted else 0
        return PermitNow(permit, case_no, case.status.value, accepted, decided, used, decided is not None)
