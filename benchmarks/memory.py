"""Resident memory of a process and its children (Linux ``/proc``), sampled while a benchmark runs."""

from __future__ import annotations

import resource
import threading
from pathlib import Path

PAGE_KB = 4


def rss_mb(pid: int) -> float:
    """The resident set of ``pid`` in MiB (0 once it has gone)."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
        return 0.0
    return pages * PAGE_KB / 1024


def own_peak_mb() -> float:
    """The largest resident set this process has had so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


class PeakMemory:
    """Samples the largest RSS of any one process of a tree (the server and each of its workers)."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid, self.interval = pid, interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            for pid in (self.pid, *children(self.pid)):
                self.peak_mb = max(self.peak_mb, rss_mb(pid))
            self._stop.wait(self.interval)
