"""``CoordinationMeeting`` (投资服务协调会): a meeting on investment projects, its attendees, its decisions
and the actions it assigns, each to a department by a due date, followed until done like a step.

held (chair, attending departments, the projects it is on, decisions, actions) -> each action done by its
department with what shows it (清单式交办、销号式管理, service-modes.md 2). An action not done by its due date
is overdue from the next day (``overdue``), as a step past its budget is; the meeting itself never closes
early: it is done when its last action is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.business_time import end_of_day, legal_day, require_aware
from domain.errors import DomainError, InvalidValue, phrase
from domain.ids import natural_id
from domain.organisation.actors import Actor, Role
from domain.projects.project import PROJECT_ROLES, NotForProjectStaff
from domain.supervision.order import DEPARTMENT_HEADS
from domain.text import require_said

TEXT_MAX = 1000
MEETING_ROLES = PROJECT_ROLES | {Role.GOVERNMENT_HEAD}


@dataclass(frozen=True)
class MeetingAction:
    """An action the meeting assigned: what, to which department, by when (交办事项)."""

    action_id: str  # ``1``, ``2``… in the minutes' order
    text: str
    owner_department: str
    due_on: date


class MeetingRuleBroken(DomainError):
    """Minutes hold attendees and decisions; each action is owned by an attending department, is due after
    the meeting and is done once, by its department (or the investor service recording it)."""

    rule = "meeting-rule"
    title = "Meeting rule broken"


class CoordinationMeeting(Aggregate):
    class Held(Aggregate.Created):
        meeting_no: str
        chair: str
        attendees: tuple[str, ...]
        projects: tuple[str, ...]
        decisions: tuple[str, ...]
        actions: tuple[MeetingAction, ...]
        occurred_at: datetime
        by: Actor

    class ActionDone(Aggregate.Event):
        action_id: str
        evidence: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.done = {**aggregate.done, self.action_id: legal_day(self.occurred_at)}

    class ActionOverdue(Aggregate.Event):
        """The watcher's fact that an action ran past its due date undone (recorded once, at the instant its
        day ended): its department and the investor service are told, as of a step past its budget."""

        action_id: str
        crossed_at: datetime
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.flagged = {**aggregate.flagged, self.action_id: self.crossed_at}

    def __init__(
        self,
        meeting_no: str,
        chair: str,
        attendees: tuple[str, ...],
        projects: tuple[str, ...],
        decisions: tuple[str, ...],
        actions: tuple[MeetingAction, ...],
        occurred_at: datetime,
        by: Actor,
    ) -> None:
        self.meeting_no, self.chair, self.attendees, self.projects = meeting_no, chair, attendees, projects
        self.decisions, self.actions = decisions, actions
        self.held_at, self.held_by = occurred_at, by
        self.done: dict[str, date] = {}
        self.flagged: dict[str, datetime] = {}  # the actions recorded overdue, with when their day ended

    @staticmethod
    def id_for(meeting_no: str) -> Any:
        return natural_id("coordination-meeting", meeting_no)

    @classmethod
    def hold(
        cls,
        *,
        meeting_no: str,
        chair: str,
        attendees: tuple[str, ...],
        projects: tuple[str, ...],
        decisions: tuple[str, ...],
        actions: tuple[MeetingAction, ...],
        at: datetime,
        by: Actor,
    ) -> CoordinationMeeting:
        """协调会: the minutes of a meeting held at ``at``."""
        require_aware(at)
        if by.role not in MEETING_ROLES:
            raise NotForProjectStaff("a {role} does not record coordination meetings", role=by.role)
        require_said(meeting_no, phrase("the meeting's number"), 40)
        require_said(chair, phrase("the chair"), 200)
        if not attendees or len(set(attendees)) != len(attendees):
            raise MeetingRuleBroken("a meeting names its attending departments, each once")
        if not decisions or not all(d.strip() and len(d) <= TEXT_MAX for d in decisions):
            raise MeetingRuleBroken("a meeting records its decisions, each in 1 to {max} characters", max=TEXT_MAX)
        held_on = legal_day(at)
        if len({a.action_id for a in actions}) != len(actions):
            raise MeetingRuleBroken("each action of the minutes has its own number")
        for action in actions:
            require_said(action.text, phrase("the action"), TEXT_MAX)
            if action.owner_department not in attendees:
                raise MeetingRuleBroken(
                    "action {action_id} is owned by {department}, which did not attend",
                    action_id=action.action_id,
                    department=action.owner_department,
                )
            if action.due_on <= held_on:
                raise MeetingRuleBroken(
                    "action {action_id} is due after the meeting, not on {due_on}",
                    action_id=action.action_id,
                    due_on=action.due_on,
                )
        return cls._create(
            cls.Held,
            id=cls.id_for(meeting_no),
            meeting_no=meeting_no,
            chair=chair,
            attendees=attendees,
            projects=projects,
            decisions=decisions,
            actions=actions,
            occurred_at=at,
            by=by,
        )

    def complete(self, action_id: str, *, evidence: str, at: datetime, by: Actor) -> None:
        """销号: the action done, with what shows it."""
        require_aware(at)
        action = next((a for a in self.actions if a.action_id == action_id), None)
        if action is None:
            raise InvalidValue(
                "{meeting_no} has no action {action_id}", meeting_no=self.meeting_no, action_id=action_id
            )
        if action_id in self.done:
            raise MeetingRuleBroken("action {action_id} is already done", action_id=action_id)
        own = by.role in DEPARTMENT_HEADS and by.department == action.owner_department
        if not own and by.role not in PROJECT_ROLES:
            raise NotForProjectStaff(
                "action {action_id} is done by {department} or recorded by the investor service",
                action_id=action_id,
                department=action.owner_department,
            )
        if at < self.held_at:
            raise InvalidValue("an action is done after the meeting, not at {at}", at=at.isoformat())
        require_said(evidence, phrase("what shows it done"), TEXT_MAX)
        self.trigger_event(self.ActionDone, action_id=action_id, evidence=evidence, occurred_at=at, by=by)

    def overdue(self, today: date) -> tuple[MeetingAction, ...]:
        """The actions not done by their due date, as of ``today`` (overdue from the day after it)."""
        return tuple(a for a in self.actions if a.action_id not in self.done and today > a.due_on)

    def flag_overdue(self, *, at: datetime, by: Actor) -> int:
        """Record, once each, the actions that ran past their due date undone by ``at`` (the watcher's);
        how many were recorded."""
        require_aware(at)
        if by.role is not Role.SYSTEM:
            raise NotForProjectStaff("an overdue action is recorded by the ledger's watcher")
        late = [a for a in self.overdue(legal_day(at)) if a.action_id not in self.flagged]
        for action in late:
            crossed = end_of_day(action.due_on)
            self.trigger_event(
                self.ActionOverdue, action_id=action.action_id, crossed_at=crossed, occurred_at=at, by=by
            )
        return len(late)

    @property
    def finished(self) -> bool:
        return all(a.action_id in self.done for a in self.actions)
