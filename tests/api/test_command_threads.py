"""The command threads: a command's result or error comes back to the awaiting request, commands run
side by side up to the thread count, and stopping lets handed-over commands finish."""

from __future__ import annotations

import asyncio
import threading

import pytest

from interface.api.command_threads import CommandThreads


class Refused(Exception):
    pass


def test_a_result_and_an_error_come_back_to_their_callers() -> None:
    threads = CommandThreads(2)

    def refuse() -> int:
        raise Refused("no")

    async def main() -> tuple[int, BaseException | None, str]:
        result = await threads.run(lambda: 41 + 1)
        try:
            await threads.run(refuse)
        except Refused as error:
            return result, error, threading.current_thread().name
        return result, None, threading.current_thread().name

    result, error, loop_thread = asyncio.run(main())
    threads.shutdown()
    assert result == 42
    assert isinstance(error, Refused)
    assert loop_thread == threading.current_thread().name  # awaited on the loop, not on a command thread


def test_commands_run_side_by_side_up_to_the_count_and_threads_start_as_needed() -> None:
    threads = CommandThreads(4)
    together = threading.Barrier(4, timeout=5)  # only passes if four commands run at once

    def command() -> str:
        together.wait()
        return threading.current_thread().name

    async def main() -> list[str]:
        return list(await asyncio.gather(*(threads.run(command) for _ in range(8))))

    assert threads._threads == []  # none before the first command
    ran_on = asyncio.run(main())
    threads.shutdown()
    assert len(ran_on) == 8
    assert len(set(ran_on)) == 4  # four threads, each reused
    assert all(name.startswith("caseledger-command-") for name in ran_on)


def test_stopping_lets_handed_over_commands_finish_and_refuses_new_ones() -> None:
    threads = CommandThreads(1)
    release = threading.Event()
    finished: list[str] = []

    def slow() -> str:
        release.wait(5)
        finished.append("slow")
        return "slow"

    async def main() -> None:
        first = asyncio.ensure_future(threads.run(slow))
        second = asyncio.ensure_future(threads.run(lambda: finished.append("queued") or "queued"))
        await asyncio.sleep(0.05)
        stopper = asyncio.get_running_loop().run_in_executor(None, threads.shutdown)
        await asyncio.sleep(0.05)
        with pytest.raises(RuntimeError, match="stopping"):
            await threads.run(lambda: "late")
        release.set()
        await stopper
        assert await first == "slow"
        assert await second == "queued"

    asyncio.run(main())
    assert finished == ["slow", "queued"]
    assert not any(thread.is_alive() for thread in threads._threads)
