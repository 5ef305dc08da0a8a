"""``Mandate`` (授权委托): an enterprise's mandate to an agent of the full-process agency (全程代理) to file and
follow its applications, for some items or all, for a period (Licensing Law Art. 29; service-modes.md 3).

signed (the applicant, the agent, the items, the period, the letter it rests on) -> terminated (by either
side, with the reason). One mandate per agent and applicant: signing again replaces the scope and the
period. An agent files and acts only within a mandate in force (``covers``): the ledger refuses the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.business_time import legal_day, require_aware
from domain.errors import DomainError, InvalidValue, phrase
from domain.ids import natural_id
from domain.organisation.actors import Actor, Role
from domain.text import require_said

MANDATE_ROLES = frozenset({Role.AGENT, Role.WINDOW_CHIEF_REPRESENTATIVE, Role.ADMINISTRATOR})


class NotMandated(DomainError):
    """An agent acts for an applicant only within a mandate in force that covers the item."""

    rule = "not-mandated"
    title = "No mandate for this"


@dataclass(frozen=True)
class MandateTerms:
    """What a mandate covers: the applicant's name, the items (none: every item), the period, and the
    letter of mandate (授权委托书) it rests on."""

    applicant_name: str
    items: tuple[str, ...]
    valid_from: date
    valid_until: date
    letter: str

    def check(self) -> None:
        require_said(self.applicant_name, phrase("the applicant's name"), 200)
        require_said(self.letter, phrase("the letter of mandate"), 200)
        if self.valid_until < self.valid_from:
            raise InvalidValue(
                "a mandate ends ({until}) after it begins ({start})", until=self.valid_until, start=self.valid_from
            )
        if len(set(self.items)) != len(self.items):
            raise InvalidValue("a mandate names each item once")


class Mandate(Aggregate):
    class Signed(Aggregate.Created):
        agent_id: str
        subject_id: str
        terms: MandateTerms
        occurred_at: datetime
        by: Actor

    class Renewed(Aggregate.Event):
        """Signed again: the new terms replace the old (a terminated mandate is in force again)."""

        terms: MandateTerms
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.terms, aggregate.terminated_on = self.terms, None

    class Terminated(Aggregate.Event):
        reason: str
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.terminated_on = legal_day(self.occurred_at)

    def __init__(self, agent_id: str, subject_id: str, terms: MandateTerms, occurred_at: datetime, by: Actor) -> None:
        self.agent_id, self.subject_id, self.terms = agent_id, subject_id, terms
        self.signed_at = occurred_at
        self.terminated_on: date | None = None

    @staticmethod
    def id_for(agent_id: str, subject_id: str) -> Any:
        return natural_id("mandate", f"{agent_id}:{subject_id}")

    @classmethod
    def sign(cls, *, agent_id: str, subject_id: str, terms: MandateTerms, at: datetime, by: Actor) -> Mandate:
        """签订: the applicant ``subject_id`` mandates the agent ``agent_id`` on ``terms``."""
        _check(terms, at, by)
        return cls._create(
            cls.Signed,
            id=cls.id_for(agent_id, subject_id),
            agent_id=agent_id,
            subject_id=subject_id,
            terms=terms,
            occurred_at=at,
            by=by,
        )

    def renew(self, *, terms: MandateTerms, at: datetime, by: Actor) -> None:
        """Signed again: the new terms replace the old."""
        _check(terms, at, by)
        self.trigger_event(self.Renewed, terms=terms, occurred_at=at, by=by)

    def terminate(self, *, reason: str, at: datetime, by: Actor) -> None:
        """终止: the mandate ends from this day."""
        require_aware(at)
        _check_role(by)
        if self.terminated_on is not None:
            raise NotMandated(
                "no mandate in force between {agent} and {subject}", agent=self.agent_id, subject=self.subject_id
            )
        require_said(reason, phrase("the reason"), 1000)
        self.trigger_event(self.Terminated, reason=reason, occurred_at=at, by=by)

    def covers(self, item_code: str, day: date) -> bool:
        """Whether the agent may act for the applicant on ``item_code`` on ``day``."""
        terms = self.terms
        return in_force(terms.valid_from, terms.valid_until, self.terminated_on, day) and (
            not terms.items or item_code in terms.items
        )

    def check_covers(self, item_code: str, day: date) -> None:
        if not self.covers(item_code, day):
            raise NotMandated(
                "{agent} holds no mandate of {subject} for {item} on {day}",
                agent=self.agent_id,
                subject=self.subject_id,
                item=item_code,
                day=day,
            )


def needs_mandate(actor: Actor) -> bool:
    """Whether ``actor`` acts on cases for others only under a mandate (an agent of the agency)."""
    return actor.role is Role.AGENT


def check_acting_for(actor: Actor, mandate: Mandate | None, subject_id: str, item_code: str, day: date) -> None:
    """``NotMandated`` unless ``actor`` may act for ``subject_id`` on ``item_code`` on ``day``: anyone who
    needs no mandate may; an agent, within ``mandate`` (None: none was ever signed)."""
    if not needs_mandate(actor):
        return
    if mandate is None:
        raise NotMandated(
            "{agent} holds no mandate of {subject} for {item} on {day}",
            agent=actor.person_id,
            subject=subject_id,
            item=item_code,
            day=day,
        )
    mandate.check_covers(item_code, day)


def _check(terms: MandateTerms, at: datetime, by: Actor) -> None:
    require_aware(at)
    _check_role(by)
    terms.check()


def _check_role(by: Actor) -> None:
    if by.role not in MANDATE_ROLES:
        raise NotMandated("a {role} does not record mandates", role=by.role)


def in_force(valid_from: date, valid_until: date, terminated_on: date | None, day: date) -> bool:
    """Whether a mandate of that period, terminated on that day (if it was), is in force on ``day``."""
    return valid_from <= day <= valid_until and (terminated_on is None or day < terminated_on)
