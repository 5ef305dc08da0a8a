"""Aggregates as this process last saw them, so that a command need not replay a whole history.

A case is loaded for every command on it; rebuilding it from its events means reading and decoding
each of them again. The cache keeps one master copy of each recently used aggregate and lends out
copies, so a command may change its copy freely and a failed command leaves nothing behind. A load
still asks the store for the events recorded after the cached version (one indexed query, usually
empty) and applies them: what another process wrote is seen at once, and a concurrent write is still
caught at commit by the aggregate's version.

Cached cases hold their applicant's personal data decrypted, so an entry is kept ``ERASURE_SECONDS`` at
most (``freshness``, clause 4): an erasure recorded by another process takes effect here within that
time, as it does for the subject keys themselves (in this process, at once: the erasure clears the cache).

Copies are one level deep: the aggregates of this ledger keep their state in immutable values, or in
dicts, lists and sets of immutable values (``tests/application/test_aggregate_cache.py`` checks every
aggregate a simulated year produces).
"""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.plumbing.freshness import ERASURE_SECONDS
from application.plumbing.lru import ExpiringLRU

A = TypeVar("A", bound=Aggregate)
CONTAINERS = (dict, list, set)


def copy_state(aggregate: A) -> A:
    """A twin of ``aggregate`` whose containers are its own: changing one never changes the other."""
    twin = object.__new__(type(aggregate))
    twin.__dict__.update(
        {name: value.copy() if value.__class__ in CONTAINERS else value for name, value in vars(aggregate).items()}
    )
    return twin


class AggregateCache:
    def __init__(self, size: int) -> None:
        self._masters: ExpiringLRU[UUID, Aggregate] = ExpiringLRU(size, ERASURE_SECONDS)

    def lend(self, aggregate_id: UUID) -> Aggregate | None:
        """A copy of the cached aggregate, or None if it is not cached (or no longer)."""
        master = self._masters.get(aggregate_id)
        return copy_state(master) if master is not None else None

    def keep(self, aggregate: Any) -> None:
        """Remember ``aggregate`` as recorded (a copy of it); an older version never replaces a newer one."""
        master = self._masters.get(aggregate.id)
        if master is None or master.version <= aggregate.version:
            self._masters.update({aggregate.id: copy_state(aggregate)})

    def version(self, aggregate_id: UUID) -> int | None:
        """The version of the cached aggregate (without copying it), or None if it is not cached."""
        master = self._masters.get(aggregate_id)
        return master.version if master is not None else None

    def holds(self, aggregate_id: UUID) -> bool:
        return self._masters.lookup(aggregate_id)[0]

    def clear(self) -> None:
        self._masters.clear()
