"""Times as people type them on the command line: a plain date, a local time, or an instant with an offset.

A plain date means the whole of that day in the centre's calendar (what had happened by its end); a time
without an offset is Asia/Shanghai's. Anything outside the working calendars the ledger keeps, or not a
time at all, is a clear message and exit 2.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, time
from typing import TypeVar

from application.calendar_years import calendar_years
from domain.business_time import SHANGHAI

D = TypeVar("D", date, datetime)


def instant(text: str) -> datetime:
    """A plain date (its last moment), a local time (Asia/Shanghai) or an ISO instant with its offset."""
    try:
        if len(text.strip()) == 10:
            value = datetime.combine(date.fromisoformat(text.strip()), time.max, tzinfo=SHANGHAI)
        else:
            value = datetime.fromisoformat(text.strip())
            value = value if value.tzinfo is not None else value.replace(tzinfo=SHANGHAI)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a time: give a date (2026-11-26), a local time (2026-11-26T09:30) or an instant "
            "with its offset (2026-11-26T09:30+08:00)"
        ) from None
    return _in_calendar(value)


def day(text: str) -> date:
    """A plain date."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: give it as 2026-11-26") from None
    return _in_calendar(value)


def _in_calendar(value: D) -> D:
    first, last = calendar_years()
    if not first <= value.year <= last:
        raise argparse.ArgumentTypeError(f"{value.isoformat()} is outside the working calendars kept ({first}-{last})")
    return value
