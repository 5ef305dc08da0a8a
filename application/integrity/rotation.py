"""Rotating the log's key: an event of the ledger, signed by the key it replaces.

The new key takes over from a tree size on: heads of that size or more must be signed by it, heads below
by the old one. A verifier configured with the old key learns the new one from the event, because the old
key endorsed it (its signature over the rotation statement); nobody without the old key can make such an
event, and deleting it leaves every later head signed by a key nobody vouches for.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.integrity.checkpoint import LOG_KEY, NoteError, SignatureCheck, Signer, VerifierKey
from application.integrity.log import TransparencyLog
from application.plumbing.store import LedgerStore
from domain.errors import phrase
from domain.ids import natural_id


def rotation_statement(origin: str, new_key: str, from_size: int) -> bytes:
    """What the old key signs: the log, the new key (its vkey) and the size it takes over from."""
    return f"caseledger key rotation\n{origin}\n{new_key}\n{from_size}\n".encode()


class LogKey(Aggregate):
    """The log's key over time (one per origin): each ``Rotated`` event hands the log to a new key."""

    @staticmethod
    def create_id(origin: str) -> UUID:
        return natural_id("log-key", origin)

    class Started(Aggregate.Created):
        origin: str

    class Rotated(Aggregate.Event):
        new_key: str  # the new key's vkey
        from_size: int
        endorsement: str  # base64 of the old key's signature over ``rotation_statement``

        def apply(self, aggregate: Any) -> None:
            aggregate.rotations.append((self.new_key, self.from_size, self.endorsement))

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.rotations: list[tuple[str, int, str]] = []

    @classmethod
    def start(cls, origin: str) -> LogKey:
        return cls._create(cls.Started, id=cls.create_id(origin), origin=origin)

    def rotate(self, new_key: VerifierKey, from_size: int, old: Signer) -> None:
        if new_key.name != self.origin or new_key.kind != LOG_KEY:
            raise ValueError(f"the new key must be a log key named {self.origin}")
        statement = rotation_statement(self.origin, new_key.text(), from_size)
        endorsement = base64.b64encode(old.sign(statement)).decode()
        self.trigger_event(self.Rotated, new_key=new_key.text(), from_size=from_size, endorsement=endorsement)


@dataclass(frozen=True)
class KeyPeriod:
    """A key and the tree sizes whose heads it may sign: from ``first`` up to (not including) ``until``."""

    key: VerifierKey
    first: int
    until: int | None


def key_periods(
    configured: Sequence[VerifierKey], rotations: Sequence[tuple[str, int, str]], origin: str, check: SignatureCheck
) -> tuple[list[KeyPeriod], list[str]]:
    """The keys trusted for which heads, from the configured keys and the rotations they endorsed (in
    order); and the rotations no trusted key endorsed (each a finding)."""
    periods = [KeyPeriod(key, 0, None) for key in configured]
    refused: list[str] = []
    for text, from_size, endorsement in rotations:
        statement = rotation_statement(origin, text, from_size)
        try:
            new = VerifierKey.parse(text)
            signature = base64.b64decode(endorsement)
        except (NoteError, ValueError):
            refused.append(f"the rotation to a new key from size {from_size} is unreadable")
            continue
        endorsers = [p for p in periods if p.until is None and check(p.key.public_key, signature, statement)]
        if not endorsers:
            refused.append(f"the rotation to {new.key_id.hex()} from size {from_size} is not endorsed by a trusted key")
            continue
        for endorser in endorsers:
            periods[periods.index(endorser)] = KeyPeriod(endorser.key, endorser.first, from_size)
        periods.append(KeyPeriod(new, from_size, None))
    return periods, refused


class LogKeys:
    """The log's key histories (its rotations), kept as events of the ledger."""

    def __init__(self, store: LedgerStore) -> None:
        self.store = store

    def history(self, origin: str) -> LogKey:
        """The log's key history, started on first use."""
        key_id = LogKey.create_id(origin)
        return self.store.load(LogKey, key_id, phrase("log key")) if self.store.exists(key_id) else LogKey.start(origin)

    def record(self, history: LogKey) -> int:
        return self.store.commit(history)


def rotate(keys: LogKeys, log: TransparencyLog, new: VerifierKey) -> int:
    """Hand the log to ``new`` from the tree's next leaf on, endorsed by the key the log signs with now;
    returns the size the new key takes over from. The seal worker must then sign with the new key."""
    if log.signer is None:
        raise ValueError("a rotation is endorsed by the key it replaces: this log has none")
    log.integrate()
    from_size = log.store.size() + 1  # the first head that holds the rotation itself, and every later one
    history = keys.history(log.origin)
    history.rotate(new, from_size, log.signer)
    keys.record(history)
    return from_size
