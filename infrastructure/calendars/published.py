"""The published-schedule file format read by ``caseledger calendar publish FILE``.

A small TOML file, one year per file, transcribed from the State Council notice::

    year = 2027
    notice = "国办发明电〔2026〕N号"
    # single days or inclusive ranges "FROM..TO"
    holidays = ["2027-01-01", "2027-02-05..2027-02-11"]
    adjusted_workdays = ["2027-02-14", "2027-02-20"]
"""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path

from domain.calendar.schedule import YearSchedule
from domain.errors import InvalidValue


def _days(entries: object, field: str) -> frozenset[date]:
    if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
        raise InvalidValue(f"'{field}' must be a list of dates (YYYY-MM-DD) or ranges (FROM..TO)")
    days: set[date] = set()
    for entry in entries:
        try:
            first, _, last = entry.partition("..")
            start, end = date.fromisoformat(first.strip()), date.fromisoformat((last or first).strip())
        except ValueError:
            raise InvalidValue(f"'{entry}' in '{field}' is not a date or a FROM..TO range") from None
        if end < start:
            raise InvalidValue(f"range '{entry}' in '{field}' ends before it starts")
        days.update(start + timedelta(days=i) for i in range((end - start).days + 1))
    return frozenset(days)


def parse_schedule(text: str) -> YearSchedule:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidValue(f"not a valid schedule file: {error}") from None
    year, notice = data.get("year"), data.get("notice")
    if not isinstance(year, int) or not isinstance(notice, str) or not notice.strip():
        raise InvalidValue("a schedule file needs 'year' (a number) and 'notice' (the notice's number)")
    return YearSchedule(
        year=year,
        holidays=_days(data.get("holidays", []), "holidays"),
        adjusted_workdays=_days(data.get("adjusted_workdays", []), "adjusted_workdays"),
        source=notice.strip(),
    )


def read_schedule(path: Path) -> YearSchedule:
    return parse_schedule(path.read_text(encoding="utf-8"))
