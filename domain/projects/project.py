"""``Project`` (投资项目): an investor's project and the permits it needs, under one commitment.

registered (investor, site, scale, industrial zone, major-project and green-channel flags, the committed
working days from 立项 to 施工许可) -> permits planned, each after those it needs (``plan``) -> each
permit's case filed and linked as it is received. The cases are worked as any case is; the project
reads their progress to keep its clock and its critical path (``plan.critical_now``).

Registered by the centre's staff who serve investors: an agent of the full-process agency, a window's
chief representative, the administrator.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.business_time import require_aware
from domain.case.access import AccessDenied
from domain.errors import DomainError, InvalidValue, phrase
from domain.ids import natural_id
from domain.organisation.actors import Actor, Role
from domain.projects.plan import Milestone, Path, PlannedPermit, longest_path
from domain.text import require_said

NAME_MAX = 200
KEY_MAX = 40
PROJECT_ROLES = frozenset({Role.AGENT, Role.WINDOW_CHIEF_REPRESENTATIVE, Role.ADMINISTRATOR})


class NotForProjectStaff(DomainError):
    """Only the centre's staff who serve investors register projects and plan their permits."""

    rule = "not-project-staff"
    title = "Not project staff"


class PlanRuleBroken(DomainError):
    """A permit plan must stay a plan: each permit once, after permits already planned, one start and one
    end of the clock, limits a department can promise."""

    rule = "project-plan"
    title = "Not a valid permit plan"


class Project(Aggregate):
    class Registered(Aggregate.Created):
        project_no: str
        name: str
        investor_id: str
        investor_name: str
        site: str
        scale_wan_yuan: int
        industrial_zone: str | None
        major: bool
        green_channel: bool
        committed_wd: int
        occurred_at: datetime
        by: Actor

    class PermitPlanned(Aggregate.Event):
        permit: PlannedPermit
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.permits = (*aggregate.permits, self.permit)

    class CaseLinked(Aggregate.Event):
        key: str
        case_no: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.cases = {**aggregate.cases, self.key: self.case_no}

    def __init__(
        self,
        project_no: str,
        name: str,
        investor_id: str,
        investor_name: str,
        site: str,
        scale_wan_yuan: int,
        industrial_zone: str | None,
        major: bool,
        green_channel: bool,
        committed_wd: int,
        occurred_at: datetime,
        by: Actor,
    ) -> None:
        self.project_no, self.name, self.site = project_no, name, site
        self.investor_id, self.investor_name = investor_id, investor_name
        self.scale_wan_yuan, self.industrial_zone = scale_wan_yuan, industrial_zone
        self.major, self.green_channel, self.committed_wd = major, green_channel, committed_wd
        self.registered_at, self.registered_by = occurred_at, by
        self.permits: tuple[PlannedPermit, ...] = ()
        self.cases: dict[str, str] = {}  # the case filed for each permit (the latest, if one was filed again)

    @staticmethod
    def id_for(project_no: str) -> Any:
        return natural_id("project", project_no)

    @classmethod
    def register(
        cls,
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
    ) -> Project:
        """登记: a project of ``investor_name`` at ``site``, committed to ``committed_wd`` working days from
        立项 to 施工许可."""
        require_aware(at)
        _check_staff(by, phrase("register projects"))
        require_said(project_no, phrase("the project code"), KEY_MAX)
        require_said(name, phrase("the project's name"), NAME_MAX)
        require_said(investor_id, phrase("the investor's code"), KEY_MAX)
        require_said(investor_name, phrase("the investor's name"), NAME_MAX)
        require_said(site, phrase("the site"), NAME_MAX)
        if scale_wan_yuan < 0:
            raise InvalidValue("an investment is not negative ({scale} 万元)", scale=scale_wan_yuan)
        if committed_wd <= 0:
            raise InvalidValue("a project commits to at least one working day, not {days}", days=committed_wd)
        return cls._create(
            cls.Registered,
            id=cls.id_for(project_no),
            project_no=project_no,
            name=name,
            investor_id=investor_id,
            investor_name=investor_name,
            site=site,
            scale_wan_yuan=scale_wan_yuan,
            industrial_zone=industrial_zone,
            major=major,
            green_channel=green_channel,
            committed_wd=committed_wd,
            occurred_at=at,
            by=by,
        )

    def plan_permit(self, permit: PlannedPermit, *, at: datetime, by: Actor) -> None:
        """A permit the project needs, after the permits it names (which must be planned already)."""
        require_aware(at)
        _check_staff(by, phrase("plan a project's permits"))
        require_said(permit.key, phrase("the permit's key"), KEY_MAX)
        require_said(permit.item_code, phrase("the item code"), KEY_MAX)
        planned = {p.key for p in self.permits}
        if permit.key in planned:
            raise PlanRuleBroken(
                "{key} is already in the plan of {project_no}", key=permit.key, project_no=self.project_no
            )
        unknown = [k for k in (*permit.after, *permit.soft_after) if k not in planned]
        if unknown:
            raise PlanRuleBroken(
                "{key} can only follow permits already planned, not {unknown}", key=permit.key, unknown=tuple(unknown)
            )
        if set(permit.after) & set(permit.soft_after):
            raise PlanRuleBroken("{key} names a permit both as needed and as done first by custom", key=permit.key)
        if not 0 <= permit.committed_wd <= permit.statutory_wd:
            raise PlanRuleBroken(
                "{key}: a committed limit ({committed}) is between 0 and the statutory one ({statutory})",
                key=permit.key,
                committed=permit.committed_wd,
                statutory=permit.statutory_wd,
            )
        if permit.milestone is not None and any(p.milestone is permit.milestone for p in self.permits):
            raise PlanRuleBroken("the plan already has its {milestone}", milestone=permit.milestone)
        if permit.milestone is Milestone.END and self.start is None:
            raise PlanRuleBroken("the clock's start is planned before its end")
        if permit.milestone is Milestone.END and self.start not in self._before(permit):
            raise PlanRuleBroken("{key} ends the clock, so it comes after the permit that starts it", key=permit.key)
        self.trigger_event(self.PermitPlanned, permit=permit, occurred_at=at, by=by)

    def link_case(self, key: str, case_no: str, *, item_code: str, at: datetime, by: Actor) -> None:
        """The case filed for the permit ``key`` (again, if an earlier one ended without the permit): a case
        of ``item_code``, which must be the item the permit is applied for under."""
        require_aware(at)
        _check_staff(by, phrase("link cases to projects"))
        planned = next((p for p in self.permits if p.key == key), None)
        if planned is None:
            raise InvalidValue("the plan of {project_no} has no permit {key}", project_no=self.project_no, key=key)
        if item_code != planned.item_code:
            raise InvalidValue(
                "{case_no} is a case of {code}, not of {expected} the permit {key} is applied for under",
                case_no=case_no,
                code=item_code,
                expected=planned.item_code,
                key=key,
            )
        if case_no in self.cases.values():
            raise PlanRuleBroken(
                "{case_no} is already linked to {project_no}", case_no=case_no, project_no=self.project_no
            )
        self.trigger_event(self.CaseLinked, key=key, case_no=case_no, occurred_at=at, by=by)

    # -- what the plan promises -------------------------------------------------------------------------------

    @property
    def start(self) -> str | None:
        return next((p.key for p in self.permits if p.milestone is Milestone.START), None)

    @property
    def end(self) -> str | None:
        return next((p.key for p in self.permits if p.milestone is Milestone.END), None)

    def totals(self) -> tuple[Path, Path] | None:
        """The longest path to the clock's end by committed and by statutory limits (None until planned)."""
        if self.end is None:
            return None
        by_commitment = longest_path(self.permits, lambda p: p.committed_wd, self.end, self.green_channel)
        by_law = longest_path(self.permits, lambda p: p.statutory_wd, self.end, self.green_channel)
        return by_commitment, by_law

    def _before(self, permit: PlannedPermit) -> set[str]:
        """Every permit ``permit`` comes after, directly or not (by law or by custom)."""
        by_key = {p.key: p for p in self.permits}
        seen: set[str] = set()
        pending = [*permit.after, *permit.soft_after]
        while pending:
            key = pending.pop()
            if key not in seen:
                seen.add(key)
                pending.extend([*by_key[key].after, *by_key[key].soft_after])
        return seen


def check_may_read_project(viewer: Actor) -> None:
    """A project, its meetings and its permits' progress are read by the centre's staff, not by applicants."""
    if viewer.role is Role.APPLICANT:
        raise AccessDenied("a project is read by the centre's staff; {name} is an applicant", name=viewer.name)


def _check_staff(by: Actor, what: str) -> None:
    if by.role not in PROJECT_ROLES:
        raise NotForProjectStaff("a {role} does not {what}", role=by.role, what=what)
