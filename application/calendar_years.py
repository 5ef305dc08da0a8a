"""The years the ledger keeps a working calendar for: no time outside them means anything.

A module of its own, so that the edges (request schemas, command-line options) can check a date without
loading the ledger.
"""

from __future__ import annotations

import time

FIRST_CALENDAR_YEAR = 2004  # the first year of the seed data
MAX_YEARS_AHEAD = 10  # provisional calendars are made this far ahead of the current year, no further


def calendar_years() -> tuple[int, int]:
    """The first and last year the ledger keeps a working calendar for."""
    return FIRST_CALENDAR_YEAR, time.gmtime().tm_year + MAX_YEARS_AHEAD
