"""Reading the notification log one page ahead, so that reading overlaps applying.

Fetching a page is mostly waiting on the database and building rows; while the runner applies one page
to its views, a thread fetches the next. Pages come in log order; the thread stops when the reader
is closed, and an error in it is raised in the reader.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

Fetch = Callable[[int], Sequence[Any]]  # the page after a position ([] once nothing more is wanted)
PAGES_AHEAD = 2


@contextmanager
def read_ahead(fetch: Fetch, start: int, head: int) -> Iterator[Iterator[Sequence[Any]]]:
    """The pages after ``start`` up to ``head``; an empty page means nothing of interest is left."""
    pages: queue.Queue[Sequence[Any] | BaseException | None] = queue.Queue(maxsize=PAGES_AHEAD)
    closing = threading.Event()

    def put(item: Sequence[Any] | BaseException | None) -> bool:
        while not closing.is_set():
            try:
                pages.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        position = start
        try:
            while position < head:
                page = fetch(position)
                if not put(page) or not page:
                    return
                position = page[-1].id
        except BaseException as error:  # handed to the reader, who raises it
            put(error)
            return
        put(None)

    def consume() -> Iterator[Sequence[Any]]:
        while (item := pages.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
            if not item:
                return

    thread = threading.Thread(target=read, name="caseledger-read-ahead", daemon=True)
    thread.start()
    try:
        yield consume()
    finally:
        closing.set()
        thread.join()
