"""Rebuilding the views in parts, one process per part (``caseledger project rebuild --parts N``).

Folding is Python's work, one core's worth per process: parts on more cores make a rebuild of millions
of events faster, as far as the database keeps up and each part's reading of the whole log allows (two
parts on two cores shared with PostgreSQL: 1.4 ×; README: benchmarks). Each part folds the events
of its share of the aggregates (``ProjectionRunner.fold_part``) into views rebuilt beside the live ones,
which serve on until every part is done and the rebuilt views take their place; a rebuild that fails or is
interrupted leaves the live views as they were.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from application.projections.runner import Rebuild
from infrastructure.settings import Settings
from interface.composition import opened
from interface.runtime import settle_process

Progress = Callable[[str, int], None]


class RebuildFailed(Exception):
    """A part of a rebuild failed; the live views serve on as they were."""


@dataclass(frozen=True)
class Rebuilt:
    applied: int  # events applied, summed over the views
    head: int  # the position the views start again from
    stopped: list[str]  # views whose rebuild a poison event stopped, with why (the live ones serve on)
    parts_peak_mb: float = 0.0  # the largest resident set of a part's process (0 when folded in this one)


def default_parts(settings: Settings) -> int:
    """One part per core on PostgreSQL; one on SQLite, whose writers take turns on one file."""
    return max(1, os.cpu_count() or 1) if settings.backend == "postgres" else 1


def rebuild_in_parts(settings: Settings, names: Sequence[str] | None, parts: int, progress: Progress | None) -> Rebuilt:
    """Rebuild the views named (all by default) with ``parts`` processes folding at once."""
    if parts > 1 and settings.backend == "memory":
        raise RebuildFailed("an in-memory ledger is one process's own: rebuild it in one part")
    with opened(settings) as (_, views):
        if parts <= 1:
            rebuild = views.runner.begin_rebuild(names)
            applied = views.runner.fold_part(rebuild, 0, 1, progress)
            return Rebuilt(applied, rebuild.head, views.runner.finish_rebuild(rebuild))
        rebuild = views.runner.begin_rebuild(names)
        applied, peak = _run_parts(settings, rebuild, parts, progress)
        return Rebuilt(applied, rebuild.head, views.runner.finish_rebuild(rebuild), peak)


def _run_parts(settings: Settings, rebuild: Rebuild, parts: int, progress: Progress | None) -> tuple[int, float]:
    context = multiprocessing.get_context("spawn")  # a clean interpreter: no inherited connections or threads
    messages: Any = context.Queue()
    processes = [
        context.Process(target=_fold_part, args=(settings, rebuild, part, parts, messages), name=f"rebuild-part-{part}")
        for part in range(parts)
    ]
    for process in processes:
        process.start()
    applied, peak, done, failures = 0, 0.0, set[int](), list[str]()
    try:
        while len(done) < parts and not failures:
            try:
                kind, part, *rest = messages.get(timeout=1.0)
            except queue.Empty:  # a part that died without a word (killed, out of memory) fails the rebuild
                failures += [f"part {i} exited with {p.exitcode}" for i, p in enumerate(processes) if _died(p, i, done)]
                continue
            if kind == "progress" and progress is not None:
                progress(rest[0], rest[1])
            elif kind == "done":
                done.add(part)
                applied, peak = applied + rest[0], max(peak, rest[1])
            elif kind == "failed":
                failures.append(f"part {part}: {rest[0]}")
    finally:
        for process in processes:
            if failures:
                process.terminate()
            process.join()
    if failures:
        raise RebuildFailed(f"the rebuild failed; the live views serve on as they were: {'; '.join(failures)}")
    return applied, peak


def _peak_mb() -> float:
    """This process's largest resident set, in MiB (since it started: its spawn's fork does not count)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _died(process: Any, part: int, done: set[int]) -> bool:
    return part not in done and process.exitcode is not None


def _fold_part(settings: Settings, rebuild: Rebuild, part: int, parts: int, messages: Any) -> None:
    """One part, in a process of its own; it reports its progress, and its end, through ``messages``."""
    settle_process()
    try:
        with opened(settings) as (_, views):
            applied = views.runner.fold_part(
                rebuild, part, parts, progress=lambda name, n: messages.put(("progress", part, name, n))
            )
        messages.put(("done", part, applied, _peak_mb()))
    except BaseException as error:
        messages.put(("failed", part, "".join(traceback.format_exception_only(error)).strip()))
        raise
