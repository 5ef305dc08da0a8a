"""How the supervision services act on their records (an order, a complaint) by number: load it, check the
version the caller read, apply the change, commit it with a keyed command's receipt; and how the watcher
records its facts on them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from eventsourcing.domain import Aggregate

from application.idempotency import IdempotencyKey, Receipts, receipt_for
from application.plumbing.store import LedgerStore
from domain.errors import AlreadyExists, ConcurrencyConflict, phrase
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
        return self.store.load(self.kind, self.id_for(number), phrase("{what} {number}", what=self.what, number=number))

    def create(self, number: str, record: A, *also: Aggregate) -> Acted:
        """Commit a new record (with a keyed command's receipt, and ``also`` what it changed besides, in
        one transaction); ``AlreadyExists`` if its number is taken. A conflict on ``also`` is raised as
        it is, for the caller to try again on fresh state."""
        try:
            position = self._commit(number, record, also)
        except ConcurrencyConflict:
            if also and not self.store.exists(self.id_for(number)):
                raise
            raise AlreadyExists("{what} {number} already exists", what=self.what, number=number) from None
        return Acted(number, record.version, position)

    def act(self, number: str, change: Callable[[A], None], expected_version: int | None = None) -> Acted:
        """Apply ``change`` to the record and commit it; a concurrent write is retried on the latest state
        unless the caller named the version it read (then ``StaleVersion``)."""

        def changed(record: A) -> Sequence[Aggregate]:
            change(record)
            return ()

        return self.act_with(number, changed, expected_version)

    def act_with(
        self, number: str, change: Callable[[A], Sequence[Aggregate]], expected_version: int | None = None
    ) -> Acted:
        """``act``, where ``change`` also changes other aggregates (it returns them): all are committed together."""

        def attempt() -> Acted:
            record = self.get(number)
            self.store.check_version(record, expected_version, phrase("{what} {number}", what=self.what, number=number))
            also = change(record)
            return Acted(number, record.version, self._commit(number, record, also))

        return self.store.retrying(attempt, retry=expected_version is None)

    def _commit(self, number: str, record: A, also: Sequence[Aggregate]) -> int:
        receipt = receipt_for(number, record.version)  # a keyed command's, in the same transaction
        return self.store.commit(record, *also, *((receipt,) if receipt is not None else ()))

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
