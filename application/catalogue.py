"""The catalogue (事项目录): register service items, revise them, and the terms a case pins now."""

from __future__ import annotations

from collections.abc import Callable

from eventsourcing.utils import get_topic

from application.plumbing.freshness import Recent
from application.plumbing.store import LedgerStore
from domain.catalogue.service_item import ServiceItem
from domain.catalogue.terms import ItemTerms, StepDefinition
from domain.clocks import TimeLimit
from domain.errors import AlreadyExists, phrase
from domain.organisation.actors import Actor

ITEMS_CACHED = 2_000


class Catalogue:
    def __init__(self, store: LedgerStore) -> None:
        self.store = store
        self._terms: Recent[str, ItemTerms] = Recent(ITEMS_CACHED)  # recently pinned items' terms, by code

    def register_item(self, terms: ItemTerms, *, by: Actor) -> int:
        refusal = AlreadyExists("service item {code} is already in the catalogue", code=terms.code)
        return self.store.create_or_refuse(ServiceItem.register(terms, by=by), refusal)

    def item(self, code: str) -> ServiceItem:
        return self.store.load(ServiceItem, ServiceItem.id_for(code), phrase("service item {code}", code=code))

    def item_terms(self, code: str) -> ItemTerms:
        """The item's terms at its current version: what a case pins now.

        Every receipt and acceptance pins them, so they are reused for ``SEEN_WITHIN`` seconds
        (``plumbing.freshness``, clause 3); a revision recorded here applies at once.
        """
        terms = self._terms.get(code)
        if terms is None:
            terms = self.item(code).current_terms
            self._terms.update({code: terms})
        return terms

    def shorten_item_limit(self, code: str, new_limit: TimeLimit, *, reason: str, by: Actor) -> int:
        return self._revise(code, lambda item: item.shorten_limit(new_limit, reason, by))

    def turn_item_immediate(self, code: str, *, reason: str, by: Actor) -> int:
        return self._revise(code, lambda item: item.turn_immediate(reason, by))

    def change_item_step_budgets(self, code: str, steps: tuple[StepDefinition, ...], *, reason: str, by: Actor) -> int:
        return self._revise(code, lambda item: item.change_step_budgets(steps, reason, by))

    def _revise(self, code: str, revision: Callable[[ServiceItem], None]) -> int:
        item = self.item(code)
        revision(item)
        try:
            return self.store.commit(item)
        finally:
            self._terms.discard(code)  # clause 1 of the rule: the revision applies here at once

    def items(self, department: str | None = None) -> list[ItemTerms]:
        """The catalogue at its current versions (read from the log; the catalogue view indexes it too)."""
        codes = []
        topic = get_topic(ServiceItem.Registered)
        start: int | None = None
        while page := self.store.recorder.select_notifications(start, 1000, topics=[topic], inclusive_of_start=False):
            codes += [event.terms.code for event in self.store.domain_events(page)]
            start = page[-1].id
        terms = [self.item_terms(code) for code in codes]
        return [t for t in terms if department is None or t.department == department]
