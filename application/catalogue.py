"""Catalogue use cases: register service items and record their revisions."""

from __future__ import annotations

from functools import cached_property

from eventsourcing.utils import get_topic

from application.base import LedgerBase
from application.lru import ExpiringLRU
from domain.catalogue.service_item import ServiceItem
from domain.catalogue.terms import ItemTerms, StepDefinition
from domain.clocks import TimeLimit
from domain.errors import AlreadyExists, ConcurrencyConflict
from domain.organisation.actors import Actor

ITEM_TERMS_SECONDS = 2.0  # how long another process's catalogue revision may go unseen here
ITEMS_CACHED = 2_000


class CatalogueCommands(LedgerBase):
    def register_item(self, terms: ItemTerms, *, by: Actor) -> int:
        item = ServiceItem.register(terms, by=by)
        try:
            return self._commit(item)
        except ConcurrencyConflict:
            raise AlreadyExists(f"service item {terms.code} is already in the catalogue") from None

    def item(self, code: str) -> ServiceItem:
        return self._load(ServiceItem, ServiceItem.id_for(code), f"service item {code}")

    def item_terms(self, code: str) -> ItemTerms:
        """The item's terms at its current version: what a case pins now.

        Every receipt and acceptance pins them, so they are kept for ``ITEM_TERMS_SECONDS``: a revision
        recorded by another process applies here within that time (one recorded here, at once).
        """
        terms = self._item_terms.get(code)
        if terms is None:
            terms = self.item(code).current_terms
            self._item_terms.update({code: terms})
        return terms

    @cached_property
    def _item_terms(self) -> ExpiringLRU[str, ItemTerms]:
        """Recently pinned items' terms, by code."""
        return ExpiringLRU(ITEMS_CACHED, ITEM_TERMS_SECONDS)

    def _commit_item(self, item: ServiceItem) -> int:
        try:
            return self._commit(item)
        finally:
            self._item_terms.discard(item.current_terms.code)

    def shorten_item_limit(self, code: str, new_limit: TimeLimit, *, reason: str, by: Actor) -> int:
        item = self.item(code)
        item.shorten_limit(new_limit, reason, by)
        return self._commit_item(item)

    def turn_item_immediate(self, code: str, *, reason: str, by: Actor) -> int:
        item = self.item(code)
        item.turn_immediate(reason, by)
        return self._commit_item(item)

    def change_item_step_budgets(self, code: str, steps: tuple[StepDefinition, ...], *, reason: str, by: Actor) -> int:
        item = self.item(code)
        item.change_step_budgets(steps, reason, by)
        return self._commit_item(item)

    def items(self, department: str | None = None) -> list[ItemTerms]:
        """The catalogue at its current versions (read from the log; the catalogue view will index it)."""
        codes = []
        topic = get_topic(ServiceItem.Registered)
        start: int | None = None
        while page := self.recorder.select_notifications(start, 1000, topics=[topic], inclusive_of_start=False):
            codes += [self.mapper.to_domain_event(n).terms.code for n in page]  # type: ignore[attr-defined]
            start = page[-1].id
        terms = [self.item_terms(code) for code in codes]
        return [t for t in terms if department is None or t.department == department]
