"""The ``ServiceItem`` aggregate: a catalogue entry whose revisions are events."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from eventsourcing.domain import Aggregate

from domain.catalogue.terms import ItemKind, ItemTerms, StepDefinition
from domain.clocks import TimeLimit
from domain.errors import InvalidValue
from domain.ids import natural_id
from domain.organisation.actors import Actor


class ServiceItem(Aggregate):
    """A service item (事项) of the catalogue. Cases pin the version they were accepted under."""

    class Registered(Aggregate.Created):
        terms: ItemTerms
        by: Actor

    class LimitShortened(Aggregate.Event):
        """The committed limit was cut (the 2006 optimisation cut 605 working days over 94 items)."""

        old_limit: TimeLimit
        new_limit: TimeLimit
        reason: str
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.terms = replace(aggregate.terms, committed_limit=self.new_limit)

    class TurnedImmediate(Aggregate.Event):
        """A commitment item became an immediate item (承诺件 → 即办件)."""

        old_kind: ItemKind
        reason: str
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.terms = replace(aggregate.terms, kind=ItemKind.IMMEDIATE, committed_limit=TimeLimit(0), steps=())

    class StepBudgetsChanged(Aggregate.Event):
        steps: tuple[StepDefinition, ...]
        reason: str
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.terms = replace(aggregate.terms, steps=tuple(self.steps))

    def __init__(self, terms: ItemTerms, by: Actor) -> None:
        self.terms = terms

    @staticmethod
    def id_for(code: str) -> Any:
        return natural_id("service-item", code)

    @classmethod
    def register(cls, terms: ItemTerms, by: Actor) -> ServiceItem:
        return cls._create(cls.Registered, id=cls.id_for(terms.code), terms=replace(terms, version=1), by=by)

    @property
    def current_terms(self) -> ItemTerms:
        """The terms at this version: what a case received or accepted now pins."""
        return replace(self.terms, version=self.version)

    def shorten_limit(self, new_limit: TimeLimit, reason: str, by: Actor) -> None:
        old = self.terms.committed_limit
        if new_limit.unit is not old.unit or new_limit.value >= old.value:
            raise InvalidValue(
                "{code}: {new_limit} does not shorten {old}", code=self.terms.code, new_limit=new_limit, old=old
            )
        budgets = sum(s.budget.value for s in self.terms.steps)
        if budgets > new_limit.value:
            raise InvalidValue(
                "{code}: cut the step budgets ({budgets} WD) before the limit", code=self.terms.code, budgets=budgets
            )
        self.trigger_event(self.LimitShortened, old_limit=old, new_limit=new_limit, reason=reason, by=by)

    def turn_immediate(self, reason: str, by: Actor) -> None:
        if self.terms.kind is not ItemKind.COMMITMENT:
            raise InvalidValue("{code}: only a commitment item can be turned immediate", code=self.terms.code)
        self.trigger_event(self.TurnedImmediate, old_kind=self.terms.kind, reason=reason, by=by)

    def change_step_budgets(self, steps: tuple[StepDefinition, ...], reason: str, by: Actor) -> None:
        replace(self.terms, steps=steps)  # validates the new budgets against the committed limit
        self.trigger_event(self.StepBudgetsChanged, steps=steps, reason=reason, by=by)
