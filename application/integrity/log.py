"""The transparency log over the ledger (RFC 9162, after Certificate Transparency): integrate, sign, witness.

Every event of the notification log is a leaf, in position order, numbered densely (positions may have
gaps); the leaf's data is the event's canonical bytes exactly as stored (ciphertext of personal data
included, so an erasure changes no hash). The seal worker appends new events to the tree, signs a tree head
when the tree has grown, and hands the latest head to every witness with a consistency proof from the
head that witness holds. The tree and the heads are kept in the ledger's database; what makes them
trustworthy is the configured key and the witnesses, which are not.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from application.integrity.chain import canonical
from application.integrity.checkpoint import NO_PREVIOUS, SignedNote, Signer, TreeHead, sign
from application.integrity.merkle import RightEdge, StoredTree, leaf_hash
from application.integrity.witness import Witness, WitnessRefused

PAGE = 5_000


@dataclass(frozen=True)
class LeafEntry:
    """Which event a leaf is: its place in the tree and in the log, and its aggregate and version."""

    index: int
    position: int
    aggregate: str
    version: int


@dataclass(frozen=True)
class StoredHead:
    size: int
    note: str
    signed_at: datetime


class TreeStore(Protocol):
    """Where the tree's leaves, hashes and signed heads are kept (tables beside the events)."""

    def size(self) -> int: ...

    def last_position(self) -> int: ...

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]: ...

    def append(self, size: int, leaves: Sequence[LeafEntry], hashes: Sequence[tuple[int, bytes]]) -> bool:
        """Append leaves to a tree of ``size`` in one transaction; False if the tree is no longer that size."""
        ...

    def leaves(self, start: int, limit: int) -> list[LeafEntry]: ...

    def leaves_of(self, aggregates: Sequence[str]) -> list[LeafEntry]: ...

    def add_head(self, head: StoredHead) -> bool: ...

    def heads(self) -> list[StoredHead]: ...

    def latest_head(self) -> StoredHead | None: ...


class NotificationLog(Protocol):
    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Any]: ...

    def max_notification_id(self) -> int | None: ...


@dataclass(frozen=True)
class Sealed:
    """What one round of the seal worker did."""

    appended: int
    head: SignedNote | None  # the latest head (new or not)
    signed: bool
    witnessed: dict[str, str]  # witness name -> "size N" or the reason it refused


class TransparencyLog:
    def __init__(
        self,
        log: NotificationLog,
        store: TreeStore,
        origin: str,
        signer: Signer | None = None,
        witnesses: Sequence[Witness] = (),
    ) -> None:
        self.log, self.store, self.origin = log, store, origin
        self.signer, self.witnesses = signer, list(witnesses)
        self.tree = StoredTree(store.read_hashes)

    def integrate(self) -> int:
        """Append every event recorded since the last leaf; returns how many were appended."""
        appended = 0
        while True:
            size, after = self.store.size(), self.store.last_position()
            page = self.log.select_notifications(after, PAGE, inclusive_of_start=False)
            if not page:
                return appended
            edge = RightEdge.at(size, self.store.read_hashes)
            leaves = [LeafEntry(size + i, n.id, str(n.originator_id), n.originator_version) for i, n in enumerate(page)]
            hashes = edge.extend(leaf_hash(canonical(n)) for n in page)
            if not self.store.append(size, leaves, hashes):
                continue  # another sealer appended first: start again from where it left the tree
            appended += len(leaves)

    def sign_head(self, at: datetime) -> SignedNote | None:
        """Sign a head for the tree as it stands, if it has grown since the last head; the new head or None."""
        if self.signer is None:
            raise ValueError("this log has no signing key")
        latest = self.store.latest_head()
        size = self.store.size()
        previous = SignedNote.parse(latest.note) if latest else None
        if previous and previous.head.size >= size:
            return None
        head = TreeHead(
            self.origin,
            size,
            self.tree.root(size),
            int(at.timestamp()),
            previous.head.digest() if previous else NO_PREVIOUS,
        )
        note = sign(head, self.origin, self.signer)
        if not self.store.add_head(StoredHead(size, note.text(), at)):
            return None  # another sealer signed this size first
        return note

    def latest(self) -> SignedNote | None:
        latest = self.store.latest_head()
        return SignedNote.parse(latest.note) if latest else None

    def publish(self, note: SignedNote) -> dict[str, str]:
        """Hand ``note`` to every witness, with a proof from the head it holds; what each said."""
        said: dict[str, str] = {}
        for witness in self.witnesses:
            try:
                said[witness.name] = self._publish(witness, note)
            except OSError as error:  # a witness away a moment: the next round hands it the head again
                said[getattr(witness, "url", "witness")] = f"unreachable: {error}"
        return said

    def _publish(self, witness: Witness, note: SignedNote) -> str:
        head = note.head
        for _ in range(2):  # a second try when the witness holds another size than it said (409)
            held = witness.latest(head.origin)
            old = held.size if held else 0
            if old > head.size:
                return f"refused: the witness holds size {old}, past this head's {head.size}"
            try:
                witness.add(note.text(), old, self.tree.consistency(old, head.size))
            except WitnessRefused as refused:
                if refused.status == 409:
                    continue
                return f"refused ({refused.status}): {refused.detail}"
            return f"size {head.size}"
        return "refused: the witness kept changing"

    def seal(self, at: datetime) -> Sealed:
        """One round of the seal worker: integrate, sign if grown, and witness the latest head."""
        appended = self.integrate()
        signed = self.sign_head(at)
        latest = signed or self.latest()
        witnessed = self.publish(latest) if latest else {}
        return Sealed(appended, latest, signed is not None, witnessed)

    def entries(self) -> Iterator[LeafEntry]:
        start = 0
        while page := self.store.leaves(start, PAGE):
            yield from page
            start = page[-1].index + 1
