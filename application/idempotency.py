"""Safe retries: a command repeated with the same idempotency key returns its first result.

The receipt of a keyed command is recorded in the same transaction as the command's events, so a
crash can never leave one without the other, and two concurrent requests with one key cannot both
write: the second one's receipt clashes and it gets the first one's result instead. Any record's
commands may be keyed (a case's, a supervision order's): the receipt names the record by its number.
"""

from __future__ import annotations

import contextvars
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar, cast
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from application.plumbing.store import LedgerStore
from application.ports import PositionIndex
from domain.errors import DomainError, phrase
from domain.ids import natural_id


class IdempotencyKeyReused(DomainError):
    """The key was already used for a different request."""

    rule = "idempotency-key-reused"
    title = "Idempotency key reused for a different request"


class CommandReceipt(Aggregate):
    """What a keyed command did: the record it touched (a case's or an order's number; the field keeps the
    name it was first stored under) and the version it reached."""

    @staticmethod
    def create_id(person_id: str, key: str) -> UUID:
        return natural_id("command-receipt", f"{person_id}\x00{key}")

    @event("Recorded")
    def __init__(self, person_id: str, key: str, fingerprint: str, case_no: str, version: int) -> None:
        self.person_id = person_id
        self.key = key
        self.fingerprint = fingerprint
        self.case_no = case_no
        self.version = version


@dataclass(frozen=True)
class IdempotencyKey:
    """A client's key for one command, with a fingerprint of the request it came with."""

    person_id: str
    key: str
    fingerprint: str

    @classmethod
    def of(cls, person_id: str, key: str, *request_parts: str | bytes) -> IdempotencyKey:
        digest = hashlib.sha256()
        for part in request_parts:
            digest.update(part.encode() if isinstance(part, str) else part)
            digest.update(b"\x00")
        return cls(person_id, key, digest.hexdigest())

    @property
    def receipt_id(self) -> UUID:
        return CommandReceipt.create_id(self.person_id, self.key)


# The receipt to record with the next commit of a case, set while a keyed command runs.
_pending: contextvars.ContextVar[IdempotencyKey | None] = contextvars.ContextVar("pending_receipt", default=None)


@contextmanager
def recording_receipt(key: IdempotencyKey) -> Iterator[None]:
    token = _pending.set(key)
    try:
        yield
    finally:
        _pending.reset(token)


def receipt_for(record_no: str, version: int) -> CommandReceipt | None:
    """The receipt to commit with the record ``record_no`` at ``version``, if a keyed command is running."""
    key = _pending.get()
    if key is None:
        return None
    return CommandReceipt(
        person_id=key.person_id, key=key.key, fingerprint=key.fingerprint, case_no=record_no, version=version
    )


R = TypeVar("R")


class Receipts:
    """Keyed commands run once: a repeat of a key answers as the first did and writes nothing."""

    def __init__(self, store: LedgerStore) -> None:
        self.store = store

    def once(self, key: IdempotencyKey, run: Callable[[], R], answer: Callable[[str, int, int], R]) -> R:
        """Run ``run`` under ``key`` (its commit records the receipt), or answer a repeat of the key from its
        receipt with ``answer(record_no, version, position)``."""
        replay = self._replay(key, answer)
        if replay is not None:
            return replay
        try:
            with recording_receipt(key):
                return run()
        except DomainError:
            # A concurrent request with the same key may have won the race: then answer as it did.
            replay = self._replay(key, answer)
            if replay is not None:
                return replay
            raise

    def _replay(self, key: IdempotencyKey, answer: Callable[[str, int, int], R]) -> R | None:
        if not self.store.exists(key.receipt_id):
            return None
        receipt = self.store.load(CommandReceipt, key.receipt_id, phrase("command receipt"))
        if receipt.fingerprint != key.fingerprint:
            raise IdempotencyKeyReused("the key '{key}' was used for a different request", key=key.key)
        # The first answer's position was its commit's last, the receipt's (recorded after the record's events).
        position = cast("PositionIndex", self.store.recorder).position_of(receipt.id, 1) or 0
        return answer(receipt.case_no, receipt.version, position)
