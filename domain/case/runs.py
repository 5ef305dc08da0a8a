"""Clock runs and the life of a warning on them (domain.md 5d).

A *run* is an interval in which a clock counts. It begins when the clock starts, resumes after a pause,
or (a step budget) starts again for a step after a return; it ends when the clock stops, pauses, or its
step is signed or returned. Runs are numbered per clock (and, for step budgets, per step): 0 for the
first, then 1, 2, ... (a step's second run is its rework after a return).

A warning belongs to one run and one level, and lives as follows:

- **raised** the instant its threshold was reached while the run counted (a run that begins past a
  threshold crosses it the instant it begins: a case resumed with four fifths of its time used is in
  yellow again at once);
- **superseded** by a higher level crossed later on the same run (a lower level reached later stands
  beside the higher one), from the instant the higher one was crossed, even if the watcher saw it only
  after the run ended;
- **cleared** when its run ends, at the instant of the act that ended it, which is named as the cause;
- **withdrawn** when an act entered late (a paper act) shows it never happened: its run ended before the
  warning's instant, or (a breach) the act moved the due date past it. The withdrawal names the act; the
  deadline watcher then looks at the case again, and what the case now crosses is raised anew.

Every change of state is an event: ``WarningRaised``/``DeadlineBreached`` raise, and ``WarningsCleared``
(recorded in the same commit as the act that ended the run) clears and withdraws. Supersession follows
from the raising events alone.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from domain.business_time import end_of_day
from domain.case.values import WarningLevel
from domain.clocks import Clock, ClockName

RANK = {WarningLevel.PROMPT: 1, WarningLevel.YELLOW: 2, WarningLevel.RED: 3, WarningLevel.STATUTORY_BREACH: 3}
BREACHES = (WarningLevel.RED, WarningLevel.STATUTORY_BREACH)


# The clocks warnings are raised on (``alerts.LEVELS_BY_CLOCK``): only their runs are kept.
SUPERVISED = frozenset({ClockName.KC, ClockName.KS, ClockName.STEP, ClockName.KD})


class ClockRun(NamedTuple):
    """An interval in which a clock counted, and how it ended (a tuple: a case keeps a handful, and a
    command that starts or stops clocks makes them)."""

    clock: ClockName
    number: int
    step_index: int | None  # the step a STEP run measures; None for every other clock
    started_at: datetime
    ended_at: datetime | None = None
    ended_by: str = ""  # the act that ended it (its event type) ...
    ended_version: int = 0  # ... and its version in the case's history
    final: Clock | None = None  # the clock as it stood when the run ended

    @property
    def key(self) -> tuple[ClockName, int | None, int]:
        return self.clock, self.step_index, self.number


class WarningStatus(enum.Enum):
    OPEN = "open"
    SUPERSEDED = "superseded"
    CLEARED = "cleared"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class RecordedWarning:
    """A warning or breach as the case keeps it: enough to clear, supersede or withdraw it."""

    clock: ClockName
    step_index: int | None
    level: WarningLevel
    run: int
    crossed_at: datetime
    status: WarningStatus = WarningStatus.OPEN
    superseded_by: str = ""


@dataclass(frozen=True)
class Settlement:
    """What one act did to the warnings: those it cleared and those it showed never happened."""

    at: datetime
    act: str
    act_version: int
    cleared: tuple[str, ...] = ()
    withdrawn: tuple[str, ...] = ()


def warning_key(clock: ClockName, step_index: int | None, level: WarningLevel, run: int = 0) -> str:
    """Warnings are recorded once per case, clock, step, level and run (a first run's key has no run)."""
    key = f"{clock.value}:{'' if step_index is None else step_index}:{level.value}"
    return f"{key}:{run}" if run else key


def superseded_by_raise(
    warnings: dict[str, RecordedWarning], raised: RecordedWarning, raised_key: str
) -> dict[str, RecordedWarning]:
    """The warnings of the same run that a newly raised, higher and later warning supersedes: those still
    open, and those its run's end cleared before the watcher saw the higher level (it was crossed first)."""
    return {
        key: _with(w, status=WarningStatus.SUPERSEDED, superseded_by=raised_key)
        for key, w in warnings.items()
        if w.status in (WarningStatus.OPEN, WarningStatus.CLEARED)
        and (w.clock, w.step_index, w.run) == (raised.clock, raised.step_index, raised.run)
        and RANK[w.level] < RANK[raised.level]
        and w.crossed_at <= raised.crossed_at
    }


def settlements(
    warnings: dict[str, RecordedWarning],
    runs: dict[tuple[ClockName, int | None, int], ClockRun],
    clocks: dict[ClockName, Clock],
    act: tuple[datetime, str, int] | None,
) -> list[Settlement]:
    """The warnings to clear or withdraw now, grouped by the act responsible, oldest act first.

    ``act`` is the act just recorded (business time, type, version), or None after a watcher's fact.
    A warning on an ended run is withdrawn if it was crossed after the run ended, else cleared (unless a
    still-standing higher warning had superseded it); a breach on a running clock is withdrawn when the
    act, dated before it, moved the due date past it (a late extension).
    """
    if not warnings:
        return []
    withdrawn: dict[tuple[datetime, str, int], list[str]] = {}
    for key, w in warnings.items():
        run = runs.get((w.clock, w.step_index, w.run))
        if run is None:
            continue  # recorded before runs were kept, on a run the case never had (ADR 21): left as it is
        if run.ended_at is not None:
            if w.crossed_at > run.ended_at:
                withdrawn.setdefault((run.ended_at, run.ended_by, run.ended_version), []).append(key)
        elif (
            act is not None
            and w.level in BREACHES
            and w.crossed_at > act[0]
            and w.crossed_at != end_of_day(clocks[w.clock].due.on)
        ):
            withdrawn.setdefault(act, []).append(key)
    gone = {key for keys in withdrawn.values() for key in keys}
    cleared: dict[tuple[datetime, str, int], list[str]] = {}
    for key, w in warnings.items():
        run = runs.get((w.clock, w.step_index, w.run))
        if key in gone or run is None or run.ended_at is None:
            continue
        standing = w.status is WarningStatus.OPEN or (w.status is WarningStatus.SUPERSEDED and w.superseded_by in gone)
        if standing:
            cleared.setdefault((run.ended_at, run.ended_by, run.ended_version), []).append(key)
    acts = sorted(set(withdrawn) | set(cleared))
    return [
        Settlement(
            at,
            name,
            version,
            tuple(cleared.get((at, name, version), ())),
            tuple(withdrawn.get((at, name, version), ())),
        )
        for at, name, version in acts
    ]


def settled(warnings: dict[str, RecordedWarning], cleared: tuple[str, ...], withdrawn: tuple[str, ...]) -> None:
    """Apply a settlement: withdrawn warnings are forgotten (the watcher may raise them anew), what they
    had superseded stands again, and cleared ones are cleared."""
    for key in withdrawn:
        warnings.pop(key, None)
    for key, w in list(warnings.items()):
        if w.status is WarningStatus.SUPERSEDED and w.superseded_by in withdrawn:
            warnings[key] = _with(w, status=WarningStatus.OPEN, superseded_by="")
    for key in cleared:
        if key in warnings:
            warnings[key] = _with(
                warnings[key], status=WarningStatus.CLEARED, superseded_by=warnings[key].superseded_by
            )


def _with(w: RecordedWarning, *, status: WarningStatus, superseded_by: str) -> RecordedWarning:
    return RecordedWarning(w.clock, w.step_index, w.level, w.run, w.crossed_at, status, superseded_by)
