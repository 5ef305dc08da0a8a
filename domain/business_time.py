"""Business time: the legal day of an instant is its date in Asia/Shanghai (Art. 82 counts working days)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.errors import InvalidValue

SHANGHAI = ZoneInfo("Asia/Shanghai")


def require_aware(at: datetime, what: str = "business time") -> datetime:
    """Reject naive datetimes: a ledger cannot guess which day an instant fell on."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidValue("{what} must carry a time zone, got naive {at}", what=what, at=at.isoformat())
    return at


def legal_day(at: datetime) -> date:
    """The calendar day (Asia/Shanghai) on which ``at`` falls."""
    return require_aware(at).astimezone(SHANGHAI).date()


def start_of_day(day: date) -> datetime:
    """00:00 of ``day`` in Asia/Shanghai: the instant a threshold on days used is crossed."""
    return datetime.combine(day, time(0), tzinfo=SHANGHAI)


def end_of_day(day: date) -> datetime:
    """The deadline instant of a due day: 24:00 in Asia/Shanghai (Civil Code Art. 203)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=SHANGHAI)


def ran_out(due_on: date, answered_on: date | None, at: datetime) -> bool:
    """Whether the due date ran out before the answer (given on ``answered_on``, or none by ``at``)."""
    return (answered_on if answered_on is not None else legal_day(at)) > due_on
