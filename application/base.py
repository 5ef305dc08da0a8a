"""The ledger's base application: one name, one transcoder, one commit path, calendars in force.

Every write goes through ``_commit``: that single place links events into their hash chains, records
them through the group committer, and turns the library's integrity error into ``ConcurrencyConflict``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, project_aggregate
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, StoredEvent, Transcoder

from application.aggregate_cache import AggregateCache
from application.calendar_years import FIRST_CALENDAR_YEAR, calendar_years
from application.errors import StaleVersion
from application.group_commit import CommitRequest, GroupCommitter
from application.idempotency import receipt_for
from application.integrity.chain import CHAIN_FIELD, GENESIS, event_hash
from application.lru import LRU
from application.ports import CalendarSource
from application.query_codes import QueryCodes
from application.transcodings import LedgerTranscoder
from domain.calendar.working_calendar import WorkingCalendar
from domain.calendar.working_days import WorkingDays
from domain.errors import CalendarUnavailable, ConcurrencyConflict, NotFound

A = TypeVar("A", bound=Aggregate)

CALENDAR_TTL_SECONDS = 60.0  # how long another process's calendar publication may go unseen
CHAIN_HEADS_CACHED = 10_000  # aggregates whose last hash is kept in memory
AGGREGATES_CACHED = 5_000  # aggregates kept as last recorded, by default (a case is a few kilobytes)


class LedgerBase(Application[UUID]):
    """Shared plumbing of the case ledger; the commands live in the mixins of ``CaseLedger``."""

    name = "CaseLedger"  # pinned: table names and the notification log derive from it

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        calendar_source: CalendarSource | None = None,
        subject_cipher: Any = None,
        query_codes: QueryCodes | None = None,
    ) -> None:
        self.subject_cipher = subject_cipher  # set first: the transcoder is built by the base class
        self.query_codes = query_codes or QueryCodes()
        super().__init__(env=dict(env) if env is not None else None)
        self._calendar_source = calendar_source
        self._calendar_lock = threading.Lock()
        self._working_days: WorkingDays | None = None
        self._calendars_loaded_at = 0.0
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

    def _commit(self, *aggregates: Aggregate) -> int:
        """Record the pending events of ``aggregates`` atomically; return the last ledger position.

        With group commit on, the events travel to the committer thread and are recorded with the other
        commands of the moment in one transaction; a conflict still fails this command alone.
        """
        if not any(aggregate.pending_events for aggregate in aggregates):
            return 0  # nothing to record (a watcher found nothing due)
        receipt = receipt_for(aggregates)  # read here: the idempotency key belongs to the caller's context
        everything = (*aggregates, receipt) if receipt else aggregates
        # Linked and encoded here, in the caller's thread: the committer's turn (and every command waiting
        # on it) is only the insert, and this command's encoding overlaps the batch being written.
        heads, stored = self._chain([event for aggregate in everything for event in aggregate.collect_events()])
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

    def _subject_keys_ready(self, subject_ids: Iterable[str]) -> None:
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

    def _load(self, cls: type[A], aggregate_id: UUID, what: str, *, catch_up: bool = True) -> A:
        """The aggregate as recorded now: the caller's own copy, to change and commit or to read.

        Without ``catch_up``, a cached copy comes as this process last saw it (no query): for a command
        whose success the commit's version check confirms, and whose refusal is decided again on the
        latest state (``CaseCommandsBase._act``).
        """
        aggregate: Any = self._aggregates.lend(aggregate_id)
        if aggregate is None:
            try:
                aggregate = self.repository.get(aggregate_id)
            except AggregateNotFoundError:
                raise NotFound(f"no {what}") from None
            self._aggregates.keep(aggregate)
        elif catch_up and (newer := list(self.events.get(aggregate_id, gt=aggregate.version))):
            aggregate = project_aggregate(aggregate, newer)  # another process wrote since: catch up
            self._aggregates.keep(aggregate)
        if not isinstance(aggregate, cls):
            raise NotFound(f"no {what}")
        return aggregate

    def _exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.repository

    @staticmethod
    def _check_version(aggregate: Aggregate, expected_version: int | None, what: str) -> None:
        if expected_version is not None and aggregate.version != expected_version:
            raise StaleVersion(f"{what} is at version {aggregate.version}, not {expected_version}")

    def _retrying(self, attempt: Callable[[], Any], retry: bool, tries: int = 3) -> Any:
        """Run ``attempt`` (load, command, commit); on a concurrent write, re-run it on fresh state."""
        for remaining in range(tries - 1, -1, -1):
            try:
                return attempt()
            except ConcurrencyConflict:
                if not retry or remaining == 0:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    # -- calendars in force ----------------------------------------------------------------------------

    def working_days(self, through_year: int | None = None) -> WorkingDays:
        """The calendars in force from 2004 through ``through_year`` + 1, provisioning missing years."""
        needed = (through_year or time.gmtime().tm_year) + 1
        with self._calendar_lock:
            current = self._working_days
            fresh = time.monotonic() - self._calendars_loaded_at < CALENDAR_TTL_SECONDS
            if current is not None and fresh and needed in current.years:
                return current
            self._working_days = self._load_calendars(max([needed, *(current.years if current else ())]))
            self._calendars_loaded_at = time.monotonic()
            return self._working_days

    def _load_calendars(self, last_year: int) -> WorkingDays:
        calendars = {}
        for year in range(FIRST_CALENDAR_YEAR, last_year + 1):
            calendar = self._calendar_for(year)
            calendars[year] = (calendar.schedule, calendar.version)
        return WorkingDays(calendars)

    def _calendar_for(self, year: int) -> WorkingCalendar:
        first, last = calendar_years()
        if not first <= year <= last:
            raise CalendarUnavailable(f"calendars are kept for {FIRST_CALENDAR_YEAR} to {last}, not {year}")
        calendar_id = WorkingCalendar.id_for(year)
        found: object
        try:
            found = self.repository.get(calendar_id)
        except AggregateNotFoundError:
            if self._calendar_source is None:
                raise NotFound(f"no working calendar for {year} and no source to seed it from") from None
            calendar = WorkingCalendar.seed(self._calendar_source.schedule_for(year))
            try:
                self._commit(calendar)
            except ConcurrencyConflict:  # another process seeded it first: use theirs
                found = self.repository.get(calendar_id)
            else:
                return calendar
        if not isinstance(found, WorkingCalendar):
            raise NotFound(f"the record for the {year} calendar is not a calendar")
        return found

    def _forget_calendars(self) -> None:
        with self._calendar_lock:
            self._working_days = None
