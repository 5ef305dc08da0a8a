"""Folds the notification log into the views, in batches, exactly once.

Each batch of a view is one transaction: its rows, its state and its position. A poison event (one the
projection cannot apply, cannot read, or whose rows the database will not take) stops that view at the
last good position, naming the event, logged and visible in its status; the other views go on. A
stopped view restarts only from a rebuild.

A rebuild folds into views of its own beside the live ones (``rebuilding``: other tables, state and
position), held stopped so that no runner folds into them, while the live views go on serving and
catching up; once every part is done each rebuilt view takes its live view's place in one transaction,
at the rebuild's head. A rebuild that fails or stops on a poison event leaves the live view as it was.
It can be folded in parts, by several processes at once (``begin_rebuild``, ``fold_part``,
``finish_rebuild``): every view keeps its state per aggregate, and the only rows that aggregates share
are totals, whose additions commute, so each part folds the events of its own aggregates, in their
order, and the parts may commit in any order.
"""

from __future__ import annotations

import logging
import traceback
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, cast

from eventsourcing.utils import get_topic

from application.calendars import Calendars
from application.plumbing.store import LedgerStore
from application.ports import PartLog, part_of_id
from application.projections.base import REBUILDING, Context, Projection, Recorded, rebuilding
from application.projections.case_events import iso
from application.projections.read_ahead import read_ahead
from application.projections.store import BatchWriter, ViewMoved, ViewStatus, ViewStore
from domain.case.alerts import WarningPolicy

log = logging.getLogger("caseledger.projections")
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Rebuild:
    """A rebuild in parts: the views it holds and the head of the log it folds to."""

    names: tuple[str, ...]
    head: int

    @property
    def mark(self) -> str:
        """What the held views' status says meanwhile (and still says if the rebuild never finished)."""
        return f"rebuilding to event {self.head} in parts (if this stays, rebuild again)"


def part_of(notification: Any, parts: int) -> int:
    """The part of a rebuild an event's aggregate falls in (all of an aggregate's events in one part)."""
    return part_of_id(notification.originator_id, parts)


class ProjectionRunner:
    def __init__(
        self,
        log: LedgerStore,
        calendars: Calendars,
        store: ViewStore,
        projections: Sequence[Projection],
        *,
        batch_size: int = 2000,
        policy: WarningPolicy | None = None,
    ) -> None:
        self.log, self.calendars, self.store, self.projections = log, calendars, store, list(projections)
        self.batch_size = batch_size
        self.policy = policy or WarningPolicy()
        for projection in self.projections:
            store.ensure(projection)

    def projection(self, name: str) -> Projection:
        for projection in self.projections:
            if projection.name == name:
                return projection
        known = ", ".join(p.name for p in self.projections)
        raise KeyError(f"no view '{name}' (views: {known})")

    def statuses(self) -> list[tuple[ViewStatus, int]]:
        """Each view's status and its lag (events of the log after its position)."""
        head = self.log.recorder.max_notification_id() or 0
        return [(s := self.store.status(p.name), head - s.position) for p in self.projections]

    def catch_up(self, names: Sequence[str] | None = None, progress: Progress | None = None) -> int:
        """Bring the views up to the head of the log; return how many events were applied.

        Views standing at the same position read and decode the log once, together (a rebuild of all
        views is one pass); each still commits its own batches with its own position.
        """
        selected = self._selected(names)
        groups: dict[int, list[Projection]] = defaultdict(list)
        for projection in selected:
            status = self.store.status(projection.name)
            if not status.stopped:
                groups[status.position].append(projection)
        applied = sum(self._catch_up_together(group, progress) for group in groups.values() if len(group) > 1)
        return applied + sum(self._catch_up(projection, progress) for projection in selected)

    def begin_rebuild(self, names: Sequence[str] | None = None) -> Rebuild:
        """Start a rebuild, in parts, up to today's head of the log: each view is rebuilt beside the live
        one (``rebuilding``), which goes on serving and catching up until ``finish_rebuild`` switches."""
        head = self.log.recorder.max_notification_id() or 0
        rebuild = Rebuild(tuple(p.name for p in self._selected(names)), head)
        for projection in self._selected(names):
            self.store.reset(rebuilding(projection), held=rebuild.mark)
        return rebuild

    def fold_part(self, rebuild: Rebuild, part: int, parts: int, progress: Progress | None = None) -> int:
        """Fold into the rebuilt views the events up to the rebuild's head of the aggregates in part ``part``
        (of ``parts``); return how many events were applied. A poison event stops the rebuilt view (it
        keeps that error, and ``finish_rebuild`` leaves the live view serving instead)."""
        group = [rebuilding(p) for p in self._selected(rebuild.names)]
        for projection in group:
            self.store.hold_states(projection.name)
        told = None if progress is None else _as_live(progress)
        applied = self._catch_up_together(list(group), told, head=rebuild.head, part=(part, parts))
        for projection in group:
            self.store.write_held_states(projection.name)
        return applied

    def finish_rebuild(self, rebuild: Rebuild) -> list[str]:
        """Every part is done: each rebuilt view takes the live one's place at the rebuild's head, tidied;
        returns the views a poison event stopped instead, with why (their live views serve as before)."""
        stopped = []
        for projection in self._selected(rebuild.names):
            why = self.store.switch(projection, rebuilding(projection), rebuild.mark, rebuild.head)
            if why is not None:
                log.error("the rebuild of %s stopped (%s); the view serves as before", projection.name, why)
                stopped.append(f"{projection.name} ({why})")
        self.analyze(rebuild.names)
        return stopped

    def _selected(self, names: Sequence[str] | None) -> list[Projection]:
        return [p for p in self.projections if names is None or p.name in names]

    def rebuild(self, names: Sequence[str] | None = None, progress: Progress | None = None) -> int:
        """Rebuild the views (all by default) from the start of the log, in this process: a rebuild in one
        part; return how many events were applied."""
        rebuild = self.begin_rebuild(names)
        applied = self.fold_part(rebuild, 0, 1, progress)
        self.finish_rebuild(rebuild)
        return applied

    def analyze(self, names: Sequence[str] | None = None) -> None:
        """Tidy the views' tables as after any bulk load: fresh statistics and, on PostgreSQL, vacuumed
        (autovacuum does it too, in its own time)."""
        for projection in self.projections:
            if names is None or projection.name in names:
                self.store.analyze(projection)

    def _topics(self, projection: Projection) -> list[str]:
        return [get_topic(cls) for cls in projection.events or ()]

    def _catch_up(self, projection: Projection, progress: Progress | None) -> int:
        applied = 0
        topics = self._topics(projection)
        head = self.log.recorder.max_notification_id() or 0
        while True:
            status = self.store.status(projection.name)
            if status.stopped or status.position >= head:
                return applied
            page = self.log.recorder.select_notifications(
                start=status.position, limit=self.batch_size, stop=head, topics=topics, inclusive_of_start=False
            )
            try:
                if not page:  # nothing of interest up to the head
                    self.store.writer(projection, set(), status.position).commit(head)
                    return applied
                done = self._apply_batch(projection, page, status.position)
            except ViewMoved:
                continue  # another runner wrote this batch; carry on from where it left the view
            except Exception:  # a batch the store cannot take or an event that cannot be read
                return applied + self._isolate(projection, head)
            if done < len(page):
                return applied  # stopped on a poison event: that batch was not written
            applied += done
            if progress is not None:
                progress(projection.name, done)

    def _catch_up_together(
        self,
        group: list[Projection],
        progress: Progress | None,
        *,
        head: int | None = None,
        part: tuple[int, int] | None = None,
    ) -> int:
        """Fold each page into every view of the group. Each view's batch is committed by a thread of its
        own while the next views fold theirs, so the database writes one view while Python folds the
        next; a view's next batch waits for its previous one (it reads the states that one wrote).

        With ``part`` (part, parts), only that part's aggregates are folded, from the start of the log to
        ``head``, into views held by a rebuild: their batches are written without moving them."""
        applied = 0
        head = head if head is not None else self.log.recorder.max_notification_id() or 0
        topics = [] if any(p.events is None for p in group) else sorted({t for p in group for t in self._topics(p)})
        position = 0 if part is not None else self.store.status(group[0].name).position
        in_flight: dict[str, tuple[Future[None], int]] = {}  # by view: its batch being committed, its size
        failed: list[tuple[Projection, str]] = []  # views whose batch could not be written or read, and why

        def settled(projection: Projection) -> bool:
            """Wait for the view's batch in flight; False if another runner moved the view meanwhile, or if
            the batch could not be written (the view is then isolated below)."""
            nonlocal applied
            if projection.name not in in_flight:
                return True
            commit, done = in_flight.pop(projection.name)
            try:
                commit.result()
            except ViewMoved:
                return False  # nothing of that batch was written: the view catches up on its own
            except Exception as error:  # the store refused the batch (a value it cannot keep)
                failed.append((projection, _described(error)))
                return False
            applied += done
            if progress is not None:
                progress(projection.name, done)
            return True

        log, (number, parts) = self.log.recorder, part or (0, 1)
        by_log = parts > 1 and isinstance(log, PartLog)  # the database leaves the other parts' events out

        def fetch(after: int) -> Sequence[Any]:
            if by_log:
                return cast(PartLog, log).select_notifications_of_part(
                    after, self.batch_size, head, topics, number, parts
                )
            return log.select_notifications(
                start=after, limit=self.batch_size, stop=head, topics=topics, inclusive_of_start=False
            )

        with (
            read_ahead(fetch, position, head) as pages,
            ThreadPoolExecutor(1, thread_name_prefix="caseledger-view-commit") as committer,
        ):
            for page in pages:
                last = page[-1].id if page else head
                ours = page if parts == 1 or by_log else [n for n in page if part_of(n, parts) == number]
                try:
                    batch = self._decode(ours)
                except Exception as error:  # an event no longer readable as stored
                    failed.extend((p, _described(error)) for p in group if settled(p))
                    group.clear()
                    break
                for projection in list(group):
                    if not settled(projection):
                        group.remove(projection)
                        continue
                    reads = projection.reads
                    mine = [r for r in batch if reads[r.event.__class__]]
                    writer, done = self._fold(projection, mine, position)
                    if writer is None:
                        group.remove(projection)  # stopped on a poison event: that batch was not written
                        continue
                    at = last if part is None else None
                    in_flight[projection.name] = (committer.submit(writer.commit, at), done)
                if not group:
                    break
                position = last
            for projection in list(group):
                if not settled(projection):
                    group.remove(projection)
        return applied + self._failed(failed, head, None if part is None else position)

    def _failed(self, failed: list[tuple[Projection, str]], head: int, held_at: int | None) -> int:
        """Views whose batch could not be written or read: each isolated (a view held by a rebuild is
        stopped instead, and the rebuild says so)."""
        applied = 0
        for projection, reason in failed:
            if held_at is None:
                applied += self._isolate(projection, head)
            else:
                self.store.stop(projection.name, 0, f"events after {held_at}: {reason}")
        return applied

    def _isolate(self, projection: Projection, head: int) -> int:
        """A batch of this view could not be written or read: apply its events one at a time, each in a
        transaction of its own, up to the one that cannot be, and stop the view just before it, naming it
        (the other views go on). A failure that does not come back (a lost connection) stops nothing."""
        applied = 0
        status = self.store.status(projection.name)
        position = status.position
        page = self.log.recorder.select_notifications(
            start=position, limit=self.batch_size, stop=head, topics=self._topics(projection), inclusive_of_start=False
        )
        for notification in page:
            try:
                writer, done = self._fold(projection, self._decode([notification]), position)
                if writer is None:
                    return applied  # a poison event: _fold stopped the view, naming it
                writer.commit(notification.id)
            except ViewMoved:
                return applied
            except Exception as error:
                if not self.store.refuses(error):
                    raise  # the store is away (a lost connection): nothing is stopped; the worker tries again
                log.error("view %s stopped at event %d: %s", projection.name, notification.id, error)
                self.store.stop(projection.name, position, f"event {notification.id}: {_described(error)}")
                return applied
            applied += done
            position = notification.id
        return applied

    def _apply_batch(self, projection: Projection, page: Sequence[Any], start: int) -> int:
        """Apply a page of notifications read after ``start`` and commit the view at its last event, only
        if the view still stands at ``start`` (else ``ViewMoved``: nothing is written)."""
        writer, done = self._fold(projection, self._decode(page), start)
        if writer is not None:
            writer.commit(page[-1].id)
        return done

    def _fold(self, projection: Projection, batch: Sequence[Recorded], start: int) -> tuple[BatchWriter | None, int]:
        """Apply decoded events to a writer for the view at ``start``:
        the writer to commit and the events applied, or no writer if a poison event stopped the view."""
        context = Context(self.calendars.working_days(), self.policy)
        writer = self.store.writer(projection, projection.keys(batch), start)
        for done, recorded in enumerate(batch):
            try:
                projection.apply(recorded, writer, context)
            except Exception as error:  # a poison event: the batch is dropped and the view stops before it
                log.error("view %s stopped at event %d: %s", projection.name, recorded.position, error)
                detail = "".join(traceback.format_exception_only(error)).strip()
                self.store.stop(projection.name, writer.start, f"event {recorded.position}: {detail}")
                return None, done
        return writer, len(batch)

    def _decode(self, page: Sequence[Any]) -> list[Recorded]:
        events = self.log.domain_events(page)
        return [
            Recorded(n.id, event, str(event.originator_id), iso(getattr(event, "occurred_at", None)))
            for n, event in zip(page, events, strict=True)
        ]


def _as_live(progress: Progress) -> Progress:
    """Progress told by the live views' names (a rebuild folds into views named ``NAME#next``)."""
    return lambda name, applied: progress(name.removesuffix(REBUILDING), applied)


def _described(error: BaseException) -> str:
    return "".join(traceback.format_exception_only(error)).strip()
