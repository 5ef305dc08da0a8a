"""``LedgerStore``: the one eventsourcing Application under every service of the ledger.

It holds the event store and its single notification log, and the one commit path: ``commit`` links a
command's events into their hash chains, records them through the group committer, and turns the
library's integrity error into ``ConcurrencyConflict``. The services (``application.ledger``) load and
commit through it and hold no store of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, project_aggregate
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, StoredEvent, Transcoder

from application.errors import StaleVersion
from application.integrity.chain import CHAIN_FIELD, GENESIS, event_hash
from application.plumbing.aggregate_cache import AggregateCache
from application.plumbing.group_commit import CommitRequest, GroupCommitter
from application.plumbing.lru import LRU
from application.plumbing.transcodings import LedgerTranscoder
from domain.errors import ConcurrencyConflict, NotFound

A = TypeVar("A", bound=Aggregate)
R = TypeVar("R")

CHAIN_HEADS_CACHED = 10_000  # aggregates whose last hash is kept in memory
AGGREGATES_CACHED = 5_000  # aggregates kept as last recorded, by default (a case is a few kilobytes)


class LedgerStore(Application[UUID]):
    """The event store, its notification log and the one commit path of the ledger."""

    name = "CaseLedger"  # pinned: table names and the notification log derive from it

    def __init__(self, env: Mapping[str, str] | None = None, subject_cipher: Any = None) -> None:
        self.subject_cipher = subject_cipher  # set first: the transcoder is built by the base class
        super().__init__(env=dict(env) if env is not None else None)
        # An event's hash never changes once recorded: this memo is never stale, only forgotten.
        self._chain_heads: LRU[UUID, tuple[int, str]] = LRU(CHAIN_HEADS_CACHED)
        # CASELEDGER_CACHED_AGGREGATES: fewer when a server holds many centres (one cache each), 0 for none
        self._aggregates = AggregateCache(int(self.env.get("CACHED_AGGREGATES", AGGREGATES_CACHED)))
        group = self.env.get("GROUP_COMMIT", "y").lower() not in ("n", "no", "0", "false")
        self._committer = GroupCommitter(self._record_batch) if group else None

    def close(self) -> None:
        if self._committer is not None:
            self._committer.close()
        super().close()

    def construct_transcoder(self) -> Transcoder:
        return LedgerTranscoder(self.subject_cipher)

    # -- the one write path --------------------------------------------------------------------------

    def commit(self, *aggregates: Aggregate) -> int:
        """Record the pending events of ``aggregates`` atomically; return the last ledger position.

        With group commit on, the events travel to the committer thread and are recorded with the other
        commands of the moment in one transaction; a conflict still fails this command alone.
        """
        if not any(aggregate.pending_events for aggregate in aggregates):
            return 0  # nothing to record (a watcher found nothing due)
        # Linked and encoded here, in the caller's thread: the committer's turn (and every command waiting
        # on it) is only the insert, and this command's encoding overlaps the batch being written.
        heads, stored = self._chain([event for aggregate in aggregates for event in aggregate.collect_events()])
        request = CommitRequest(stored, heads)
        if self._committer is None:
            self._record_batch([request])
            if request.error is not None:
                raise request.error
            position = request.position
        else:
            position = self._committer.submit(request)
        for aggregate in aggregates:
            self._aggregates.keep(aggregate)
        return position

    def _record_batch(self, requests: Sequence[CommitRequest]) -> None:
        """Record every request in one transaction; on a conflict, request by request (committer thread)."""
        try:
            self._record_together(requests)
        except IntegrityError:
            if len(requests) == 1:
                requests[0].error = ConcurrencyConflict("the record was changed by another command; read it again")
                return
            for request in requests:
                self._record_batch([request])
        except Exception as error:
            for request in requests:
                request.error = error

    def _record_together(self, requests: Sequence[CommitRequest]) -> None:
        # The events were encoded once, for the chain, and those very bytes are inserted.
        positions = list(self.recorder.insert_events([s for request in requests for s in request.stored]) or [])
        index = 0
        for request in requests:
            self._chain_heads.update(request.heads)
            request.position = max(positions[index : index + len(request.stored)], default=0)
            index += len(request.stored)

    def _chain(self, events: Sequence[Any]) -> tuple[dict[UUID, tuple[int, str]], list[StoredEvent]]:
        """Link one command's events into their aggregates' hash chains (in order): their stored form,
        and each chain's new head.

        A command's aggregates were loaded as recorded, so the event before its first is already in the
        ledger, and its hash known (kept here, or read). Two commands of one batch never chain onto each
        other: the second would have had to load the first's aggregate before it was recorded, so both
        claim the same version and the insert refuses one of them.
        """
        heads: dict[UUID, tuple[int, str]] = {}
        stored: list[StoredEvent] = []
        for event in events:
            version = event.originator_version
            if event.originator_id in heads and heads[event.originator_id][0] == version - 1:
                previous = heads[event.originator_id][1]
            else:
                previous = self._chain_head(event.originator_id, version - 1)
            object.__setattr__(event, CHAIN_FIELD, previous)  # stored with the event; the domain never reads it
            stored.append(self.mapper.to_stored_event(event))
            heads[event.originator_id] = (version, event_hash(stored[-1]))
        return heads, stored

    def _chain_head(self, aggregate_id: UUID, version: int) -> str:
        """The hash of the aggregate's event at ``version`` (genesis before the first)."""
        if version == 0:
            return GENESIS
        cached = self._chain_heads.get(aggregate_id)
        if cached is not None and cached[0] == version:
            return cached[1]
        [last] = self.recorder.select_events(aggregate_id, gt=version - 1, lte=version)
        return event_hash(last)

    def create_or_refuse(self, aggregate: Aggregate, refusal: Exception) -> int:
        """Commit a new aggregate; ``refusal`` if its (natural) id is taken."""
        try:
            return self.commit(aggregate)
        except ConcurrencyConflict:
            raise refusal from None

    def make_or_change(
        self, cls: type[A], aggregate_id: UUID, what: str, make: Callable[[], A], change: Callable[[A], None]
    ) -> int:
        """The one record a natural key names: ``make`` it if there is none yet, else ``change`` it (a setting
        set again, a mandate signed again), and commit; a concurrent first making is retried as a change.
        The position."""

        def attempt() -> int:
            if self.exists(aggregate_id):
                kept = self.load(cls, aggregate_id, what)
                change(kept)
            else:
                kept = make()
            return self.commit(kept)

        return self.retrying(attempt, retry=True)

    def subject_keys_ready(self, subject_ids: Iterable[str]) -> None:
        """Create the personal-data keys of new data subjects now, in the caller's thread: sealing them
        while the committer encodes a batch would put a key write in front of every command waiting."""
        if self.subject_cipher is not None:
            self.subject_cipher.ensure(subject_ids)

    # -- loading ---------------------------------------------------------------------------------------

    def domain_events(self, stored: Sequence[StoredEvent]) -> list[Any]:
        """Decode a page of stored events (a page of the log, for the views): the personal-data keys they
        need are read in one query first, rather than one query per new applicant."""
        cast(LedgerTranscoder, self.mapper.transcoder).read_ahead(s.state for s in stored)
        return [self.mapper.to_domain_event(s) for s in stored]

    def load(self, cls: type[A], aggregate_id: UUID, what: str, *, catch_up: bool = True) -> A:
        """The aggregate as recorded now: the caller's own copy, to change and commit or to read.

        Without ``catch_up``, a cached copy comes as this process last saw it (no query): for a command
        whose success the commit's version check confirms, and whose refusal is decided again on the
        latest state (``application.cases.store``).
        """
        aggregate: Any = self._aggregates.lend(aggregate_id)
        if aggregate is None:
            try:
                aggregate = self.repository.get(aggregate_id)
            except AggregateNotFoundError:
                raise NotFound("no {what}", what=what) from None
            self._aggregates.keep(aggregate)
        elif catch_up and (newer := list(self.events.get(aggregate_id, gt=aggregate.version))):
            aggregate = project_aggregate(aggregate, newer)  # another process wrote since: catch up
            self._aggregates.keep(aggregate)
        if not isinstance(aggregate, cls):
            raise NotFound("no {what}", what=what)
        return aggregate

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.repository

    def is_current(self, aggregate_id: UUID, version: int) -> bool:
        """Whether no event of the aggregate was recorded after ``version`` (one indexed query)."""
        return not list(self.recorder.select_events(aggregate_id, gt=version, limit=1))

    def cached(self, aggregate_id: UUID) -> bool:
        """Whether this process holds a copy of the aggregate (a command may first try it unread)."""
        return self._aggregates.holds(aggregate_id)

    def cached_version(self, aggregate_id: UUID) -> int | None:
        return self._aggregates.version(aggregate_id)

    def forget_cached(self) -> None:
        """Drop every cached aggregate (after an erasure: cached cases hold personal data decrypted)."""
        self._aggregates.clear()

    @staticmethod
    def check_version(aggregate: Aggregate, expected_version: int | None, what: str) -> None:
        if expected_version is not None and aggregate.version != expected_version:
            raise StaleVersion(
                "{what} is at version {version}, not {expected_version}",
                what=what,
                version=aggregate.version,
                expected_version=expected_version,
            )

    @staticmethod
    def retrying(attempt: Callable[[], R], retry: bool, tries: int = 3) -> R:
        """Run ``attempt`` (load, command, commit); on a concurrent write, re-run it on fresh state."""
        for remaining in range(tries - 1, -1, -1):
            try:
                return attempt()
            except ConcurrencyConflict:
                if not retry or remaining == 0:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover
