"""Running N threads for S seconds and reporting rate and latency percentiles."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    operations: int
    seconds: float
    p50_ms: float
    p99_ms: float
    cpu_seconds: float = 0.0  # the CPU time (all threads) of the process(es) that ran the operations

    @property
    def per_second(self) -> float:
        return self.operations / self.seconds if self.seconds else 0.0

    @property
    def cpu_us_per_operation(self) -> float:
        """CPU per operation on the caller's side: steadier than the rate when the machine's speed varies."""
        return self.cpu_seconds / self.operations * 1e6 if self.operations else 0.0

    @classmethod
    def of(cls, latencies: list[float], seconds: float, cpu_seconds: float = 0.0) -> Run:
        """The run of these operations' latencies (seconds) over ``seconds``."""
        everything = sorted(latencies)
        if not everything:
            return cls(0, seconds, 0.0, 0.0, cpu_seconds)
        p99 = everything[min(len(everything) - 1, int(len(everything) * 0.99))]
        return cls(len(everything), seconds, statistics.median(everything) * 1000, p99 * 1000, cpu_seconds)


def hammer(concurrency: int, seconds: float, make_worker: Callable[[int], Callable[[], None]]) -> Run:
    """Run ``concurrency`` threads, each calling its own operation until ``seconds`` have passed."""
    return Run.of(*timed(concurrency, seconds, make_worker))


def timed(
    concurrency: int, seconds: float, make_worker: Callable[[int], Callable[[], None]]
) -> tuple[list[float], float, float]:
    """``hammer``'s measurement: every operation's latency, the seconds they took together, and this
    process's CPU seconds meanwhile."""
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    workers = [make_worker(i) for i in range(concurrency)]
    start_line = threading.Barrier(concurrency + 1)
    deadline = [0.0]

    def loop(index: int) -> None:
        start_line.wait()
        operation, mine = workers[index], latencies[index]
        while (now := time.perf_counter()) < deadline[0]:
            operation()
            mine.append(time.perf_counter() - now)

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    began, cpu = time.perf_counter(), time.process_time()
    deadline[0] = began + seconds
    start_line.wait()
    for thread in threads:
        thread.join()
    return [x for xs in latencies for x in xs], time.perf_counter() - began, time.process_time() - cpu
