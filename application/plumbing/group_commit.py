"""Group commit: concurrent commands are collected and recorded together.

PostgreSQL serialises every writer of the event table behind a table lock, so one transaction per
command caps the ledger near one fsync per command. The committer thread takes everything that arrived
while the previous batch was being written (and, if ``window`` is set, waits that long for more; by
default it adds no wait, so a lone command is not slowed) and records it in one transaction. If that
transaction fails because one command conflicts, the batch is retried command by command, so only the
conflicting one fails; every caller gets its own result or its own error.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from eventsourcing.persistence import StoredEvent


@dataclass
class CommitRequest:
    """One command's events, linked into their chains and encoded by the caller, waiting to be recorded."""

    stored: list[StoredEvent]
    heads: dict[UUID, tuple[int, str]]  # each chain's new head once these events are recorded
    position: int = 0
    error: BaseException | None = None
    # Held until the request is recorded or refused: its caller waits by acquiring it. A bare lock is
    # handed over in C; an Event's condition builds a waiter lock and a list in Python for every wait
    # (the lock gave ~3% more commands a second in one process).
    _pending: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self._pending.acquire()

    def wait(self) -> None:
        self._pending.acquire()

    def finish(self) -> None:
        """Wake the caller (once: a request is finished by whoever records or refuses it)."""
        self._pending.release()


class GroupCommitter:
    def __init__(
        self, record: Callable[[Sequence[CommitRequest]], None], window: float = 0.0, max_batch: int = 500
    ) -> None:
        self._record, self.window, self.max_batch = record, window, max_batch
        self._queue: queue.SimpleQueue[CommitRequest] = queue.SimpleQueue()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="caseledger-group-commit", daemon=True)
        self._thread.start()

    def submit(self, request: CommitRequest) -> int:
        """Record the request with whatever else arrives now; block until it is recorded or refused."""
        if self._stopping.is_set():
            raise RuntimeError("the ledger is closed")
        self._queue.put(request)
        request.wait()
        if request.error is not None:
            raise request.error
        return request.position

    def close(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        while True:  # whoever is still waiting hears that the ledger closed, rather than waiting forever
            try:
                request = self._queue.get_nowait()
            except queue.Empty:
                return
            request.error = RuntimeError("the ledger closed before this command was recorded")
            request.finish()

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                first = self._queue.get(timeout=0.05)
            except queue.Empty:
                continue
            batch = [first]
            deadline = time.perf_counter() + self.window
            while len(batch) < self.max_batch:
                try:
                    remaining = deadline - time.perf_counter()
                    batch.append(self._queue.get(timeout=remaining) if remaining > 0 else self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                self._record(batch)
            except BaseException as error:  # a bug in recording must not leave callers waiting forever
                for request in batch:
                    request.error = request.error or error
            for request in batch:
                request.finish()
