"""The server's command threads: where a case command runs while the event loop serves other requests.

A command may read the store and waits for its group commit, so it cannot run on the event loop. The
hand-off there and back is on every command's path, and ``loop.run_in_executor`` with a
``ThreadPoolExecutor`` pays for machinery a command does not use: a ``concurrent.futures.Future``
(a condition, two locks) chained to an asyncio future, two pool-wide locks and a semaphore per call.
Here a command goes out on a queue with the loop's own future and comes back by one
``call_soon_threadsafe``: the two wake-ups that any hand-off needs, and little else.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

Job = tuple[Callable[[], Any], asyncio.Future[Any], asyncio.AbstractEventLoop]


class CommandThreads:
    """Up to ``count`` threads, started as commands arrive, each running one command at a time."""

    def __init__(self, count: int, name: str = "caseledger-command") -> None:
        self.count, self.name = count, name
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._stopped = False

    async def run(self, command: Callable[[], T]) -> T:
        """``command()`` on a command thread; its result (or its exception) here."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        with self._lock:  # so that no command is handed over after the threads were told to stop
            if self._stopped:
                raise RuntimeError("the server is stopping")
            if len(self._threads) < self.count:
                thread = threading.Thread(target=self._work, name=f"{self.name}-{len(self._threads)}", daemon=True)
                thread.start()
                self._threads.append(thread)
            self._jobs.put((command, future, loop))
        return await future

    def shutdown(self) -> None:
        """Let the commands already handed over finish, then stop every thread."""
        with self._lock:
            self._stopped = True
            threads = list(self._threads)
        for _ in threads:
            self._jobs.put(None)
        for thread in threads:
            thread.join()

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            _perform(*job)
            del job  # not kept alive while this thread waits for the next


def _perform(command: Callable[[], Any], future: asyncio.Future[Any], loop: asyncio.AbstractEventLoop) -> None:
    try:
        outcome: tuple[Callable[..., None], Any] = (_settle, command())
    except BaseException as error:
        outcome = (_fail, error)
    with contextlib.suppress(RuntimeError):  # the loop closed: nobody is waiting for the answer
        loop.call_soon_threadsafe(outcome[0], future, outcome[1])


def _settle(future: asyncio.Future[Any], result: Any) -> None:
    if not future.done():  # the request may have been cancelled meanwhile
        future.set_result(result)


def _fail(future: asyncio.Future[Any], error: BaseException) -> None:
    if not future.done():
        future.set_exception(error)
