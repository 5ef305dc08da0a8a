"""How the supervision services act on their records (an order, a complaint) by number: load it, check the
version the caller read, apply the change, commit it with a keyed command's receipt; and how the watcher
records its facts on them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from eventsourcing.domain import Aggregate

from application.idempotency import IdempotencyKey, Receipts, receipt_for
from application.plumbing.store import LedgerStore
from domain.errors import AlreadyExists, ConcurrencyConflict
from domain.organisation.actors import Actor

A = TypeVar("A", bound=Aggregate)
WATCHER = Actor.system("deadline watcher")


@dataclass(frozen=True)
class Acted:
    """What a command on a record reached: the record's number, its version and the ledger position of its
    last event (``replayed`` when an idempotency key returned an earlier answer)."""

    number: str
    version: int
    position: int
    replayed: bool = False


class Records(Generic[A]):
    def __init__(self, store: LedgerStore, kind: type[A], what: str, id_for: Callable[[str], Any]) -> None:
        self.store, self.kind, self.what, self.id_for = store, kind, what, id_for
        self.receipts = Receipts(store)

    def get(self, number: str) -> A:
        return self.store.load(self.kind, self.id_for(number), f"{self.what} {number}")

    def create(self, number: str, record: A) -> Acted:
        """Commit a new record (with a keyed command's receipt); ``AlreadyExists`` if its number is taken."""
        receipt = receipt_for(number, record.version)
        try:
            position = self.store.commit(record, receipt) if receipt is not None else self.store.commit(record)
        except ConcurrencyConflict:
            raise AlreadyExists(f"{self.what} {number} already exists") from None
        return Acted(number, record.version, position)

    def act(self, number: str, change: Callable[[A], None], expected_version: int | None = None) -> Acted:
        """Apply ``change`` to the record and commit it; a concurrent write is retried on the latest state
        unless the caller named the version it read (then ``StaleVersion``)."""

        def attempt() -> Acted:
            record = self.get(number)
            self.store.check_version(record, expected_version, f"{self.what} {number}")
            change(record)
            receipt = receipt_for(number, record.version)  # a keyed command's, in the same transaction
            position = self.store.commit(record, receipt) if receipt is not None else self.store.commit(record)
            return Acted(number, record.version, position)

        return self.store.retrying(attempt, retry=expected_version is None)

    def watch(self, number: str, fact: Callable[[A], int]) -> int:
        """Record the watcher's ``fact`` on the record (it says how many it recorded, 0 for none)."""

        def attempt() -> int:
            record = self.get(number)
            recorded = fact(record)
            self.store.commit(record)
            return recorded

        return self.store.retrying(attempt, retry=True)

    def once(self, key: IdempotencyKey, run: Callable[[], Acted]) -> Acted:
        """Run a keyed command once: a repeat of the key returns the first result and writes nothing."""
        return self.receipts.once(key, run, lambda number, version, position: Acted(number, version, position, True))
