"""The case event classes, and plain-data helpers projections use to keep JSON state."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.business_time import legal_day
from domain.case.events import conclusion, handling, intake
from domain.clocks import Clock

CASE_EVENTS: tuple[type, ...] = tuple(
    cls
    for module in (intake, handling, conclusion)
    for cls in vars(module).values()
    if isinstance(cls, type) and cls.__module__ == module.__name__ and hasattr(cls, "__dataclass_fields__")
)


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def day_of(instant: str) -> date:
    return legal_day(datetime.fromisoformat(instant))


def clocks_of(event: Any) -> list[Clock]:
    """Every clock value an event carries (the due dates it set)."""
    found: list[Clock] = []
    for name in ("k0", "ks", "kd", "next_step", "step_clock"):
        value = getattr(event, name, None)
        if isinstance(value, Clock):
            found.append(value)
    found += [c for c in getattr(event, "clocks", ()) or () if isinstance(c, Clock)]
    return found
