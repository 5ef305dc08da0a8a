"""``CorrectiveAction`` (ISO 9001 10.2, 纠正措施): from a nonconformity to a verified, closed fix.

raised -> root cause found -> action planned (owner, due) -> action done -> effectiveness verified
-> closed. An action found ineffective goes back to planning; only an effective one may be closed.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.business_time import require_aware
from domain.errors import DomainError, InvalidValue, phrase
from domain.ids import natural_id
from domain.organisation.actors import Actor, Role
from domain.text import require_said


class CapaStatus(enum.Enum):
    RAISED = "raised"
    ROOT_CAUSE_FOUND = "root_cause_found"
    ACTION_PLANNED = "action_planned"
    ACTION_DONE = "action_done"
    VERIFIED = "verified"
    CLOSED = "closed"


class CapaStepOutOfOrder(DomainError):
    """ISO 9001 10.2 takes its steps in order: cause, action, done, verified, closed."""

    rule = "capa-step-out-of-order"
    title = "Corrective action step out of order"


class NotAQualityManager(DomainError):
    """Raising, verifying and closing corrective actions is the quality manager's."""

    rule = "not-a-quality-manager"
    title = "Not the quality manager"


QUALITY_ROLES = frozenset({Role.QUALITY_MANAGER, Role.ADMINISTRATOR})
OWNER_ROLES = frozenset({Role.QUALITY_MANAGER, Role.SECTION_HEAD, Role.AGENCY_HEAD, Role.WINDOW_CHIEF_REPRESENTATIVE})


class CorrectiveAction(Aggregate):
    class Raised(Aggregate.Created):
        capa_id: str
        title: str
        nonconformities: tuple[str, ...]
        occurred_at: datetime
        by: Actor

    class RootCauseFound(Aggregate.Event):
        root_cause: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.root_cause, aggregate.status = self.root_cause, CapaStatus.ROOT_CAUSE_FOUND

    class ActionPlanned(Aggregate.Event):
        action: str
        owner_department: str
        due_on: date
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.action, aggregate.owner_department = self.action, self.owner_department
            aggregate.due_on, aggregate.status = self.due_on, CapaStatus.ACTION_PLANNED

    class ActionDone(Aggregate.Event):
        note: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.status = CapaStatus.ACTION_DONE

    class EffectivenessVerified(Aggregate.Event):
        effective: bool
        evidence: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.status = CapaStatus.VERIFIED if self.effective else CapaStatus.ROOT_CAUSE_FOUND

    class Closed(Aggregate.Event):
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.status = CapaStatus.CLOSED

    def __init__(
        self, capa_id: str, title: str, nonconformities: tuple[str, ...], occurred_at: datetime, by: Actor
    ) -> None:
        self.capa_id, self.title, self.nonconformities = capa_id, title, tuple(nonconformities)
        self.status = CapaStatus.RAISED
        self.root_cause = self.action = self.owner_department = ""
        self.due_on: date | None = None

    @staticmethod
    def id_for(capa_id: str) -> Any:
        return natural_id("corrective-action", capa_id)

    @classmethod
    def raise_for(
        cls, *, capa_id: str, title: str, nonconformities: tuple[str, ...], at: datetime, by: Actor
    ) -> CorrectiveAction:
        require_aware(at)
        _check_role(by, QUALITY_ROLES, phrase("raise corrective actions"))
        if not title.strip():
            raise InvalidValue("a corrective action needs a title")
        return cls._create(
            cls.Raised,
            id=cls.id_for(capa_id),
            capa_id=capa_id,
            title=title,
            nonconformities=tuple(nonconformities),
            occurred_at=at,
            by=by,
        )

    def _in(self, *statuses: CapaStatus, step: str) -> None:
        if self.status not in statuses:
            raise CapaStepOutOfOrder(
                "{capa_id} is {status}: cannot {step} now", capa_id=self.capa_id, status=self.status, step=step
            )

    def find_root_cause(self, *, root_cause: str, at: datetime, by: Actor) -> None:
        self._in(CapaStatus.RAISED, CapaStatus.ROOT_CAUSE_FOUND, step=phrase("record the root cause"))
        _check_role(by, OWNER_ROLES, phrase("analyse root causes"))
        require_said(root_cause, phrase("the root cause"))
        self.trigger_event(self.RootCauseFound, root_cause=root_cause, occurred_at=at, by=by)

    def plan_action(self, *, action: str, owner_department: str, due_on: date, at: datetime, by: Actor) -> None:
        self._in(CapaStatus.ROOT_CAUSE_FOUND, step=phrase("plan the action"))
        _check_role(by, OWNER_ROLES, phrase("plan corrective actions"))
        require_said(action, phrase("the action"))
        self.trigger_event(
            self.ActionPlanned, action=action, owner_department=owner_department, due_on=due_on, occurred_at=at, by=by
        )

    def complete_action(self, *, note: str, at: datetime, by: Actor) -> None:
        self._in(CapaStatus.ACTION_PLANNED, step=phrase("complete the action"))
        _check_role(by, OWNER_ROLES, phrase("complete corrective actions"))
        self.trigger_event(self.ActionDone, note=note, occurred_at=at, by=by)

    def verify_effectiveness(self, *, effective: bool, evidence: str, at: datetime, by: Actor) -> None:
        self._in(CapaStatus.ACTION_DONE, step=phrase("verify effectiveness"))
        _check_role(by, QUALITY_ROLES, phrase("verify effectiveness"))
        require_said(evidence, phrase("the evidence of effectiveness"))
        self.trigger_event(self.EffectivenessVerified, effective=effective, evidence=evidence, occurred_at=at, by=by)

    def close(self, *, at: datetime, by: Actor) -> None:
        self._in(CapaStatus.VERIFIED, step=phrase("close (only an action verified effective is closed)"))
        _check_role(by, QUALITY_ROLES, phrase("close corrective actions"))
        self.trigger_event(self.Closed, occurred_at=at, by=by)


def _check_role(by: Actor, roles: frozenset[Role], what: str) -> None:
    if by.role not in roles:
        raise NotAQualityManager("a {role} cannot {what}", role=by.role, what=what)
