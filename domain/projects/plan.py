"""A project's permits as a plan: which permit needs which first, and the longest way through them.

An investment project (service-modes.md 1) needs permits of many departments in an order the law and
practice set: 立项 before 用地规划许可, 工程规划许可 before 施工图审查, and so on, while others run side by
side (环评 beside planning). The plan is a directed acyclic graph of ``PlannedPermit``: an edge is
``after`` (a legal precondition: the result is needed) or ``soft_after`` (done first by custom; a green
channel runs it in parallel). The plan is acyclic by construction: a permit can only follow permits
already planned.

The project's commitment (承诺, e.g. 40 WD from 立项 to 施工许可) is set against the longest path through
the plan: by committed limits, what the departments promise; by statutory limits, what the law allows
(Shuangliu's "40 against 170"). While the project runs, the same walk over the days each permit used, or
has used so far, or is committed to, gives the critical path now and the permit holding the project up.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from domain.errors import InvalidValue


class Milestone(enum.Enum):
    """Where the project's clock starts and ends (立项 accepted; 施工许可 decided)."""

    START = "start"
    END = "end"


@dataclass(frozen=True)
class PlannedPermit:
    """One permit of the plan: the catalogue item it is applied for under, the department deciding it,
    the permits it needs first, and its limits in working days (committed and statutory)."""

    key: str  # the plan's own name for it (``land-use``, ``eia``)
    item_code: str
    department: str
    after: tuple[str, ...]  # legal preconditions
    soft_after: tuple[str, ...]  # done first by custom: a green channel runs them in parallel
    committed_wd: int
    statutory_wd: int
    milestone: Milestone | None = None

    def needs(self, green_channel: bool) -> tuple[str, ...]:
        """The permits that must be done before this one starts."""
        return self.after if green_channel else self.after + self.soft_after


@dataclass(frozen=True)
class Path:
    """The longest way through the plan to a permit: its permits in order and its length in days."""

    permits: tuple[str, ...]
    days: int


def longest_path(
    permits: Sequence[PlannedPermit], days: Callable[[PlannedPermit], int], to: str, green_channel: bool = False
) -> Path:
    """The longest path, by ``days`` per permit, from any permit without preconditions to ``to``."""
    by_key = {p.key: p for p in permits}
    if to not in by_key:
        raise InvalidValue("the plan has no permit {key}", key=to)
    finish: dict[str, int] = {}
    via: dict[str, str | None] = {}
    for permit in permits:  # in the order planned: each after those it needs
        before = [k for k in permit.needs(green_channel) if k in finish]
        latest = max(before, key=lambda k: (finish[k], k), default=None)
        finish[permit.key] = (finish[latest] if latest else 0) + days(permit)
        via[permit.key] = latest
    chain: list[str] = []
    at: str | None = to
    while at is not None:
        chain.append(at)
        at = via[at]
    return Path(tuple(reversed(chain)), finish[to])


@dataclass(frozen=True)
class PermitProgress:
    """Where a permit's case stands: not filed, running (working days used so far) or concluded (used)."""

    filed: bool
    concluded: bool
    used_wd: int  # working days from acceptance to the decision, or to today while it runs


def critical_now(
    permits: Sequence[PlannedPermit],
    progress: Mapping[str, PermitProgress],
    to: str,
    green_channel: bool = False,
) -> tuple[Path, str | None]:
    """The critical path as things stand (a concluded permit by the days it used, a running one by the
    longer of what it used and what it is committed to, one not filed by its commitment) and the permit
    on it holding the project up: the first on the path not concluded (None when all are)."""

    def days(permit: PlannedPermit) -> int:
        now = progress.get(permit.key)
        if now is None or not now.filed:
            return permit.committed_wd
        return now.used_wd if now.concluded else max(now.used_wd, permit.committed_wd)

    path = longest_path(permits, days, to, green_channel)
    holding = next((key for key in path.permits if not _concluded(progress.get(key))), None)
    return path, holding


def _concluded(progress: PermitProgress | None) -> bool:
    return progress is not None and progress.concluded
