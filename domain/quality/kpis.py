"""The centre's KPIs (domain.md 5f; ISO 9001 9.1.3): one definition each, used by every report of them.

Per case, once concluded (decided, or forwarded up at the end of the county's stage):
- *on time* (按时): concluded on or before the day its committed limit (KC, pauses and extension counted)
  falls due; a case decided on the spot (即办) is on time by definition.
- *early* (提前): concluded before that day. Only a case with a committed limit to beat can be early: one
  decided on the spot is neither early nor counted in the early rate.

Over a group of cases:
- 即办率 (immediate rate) = decided on the spot / concluded;
- 按时办结率 (on-time rate) = on time / concluded;
- 提前办结率 (early rate) = early / concluded with a committed limit (not on the spot);
- average working days used against committed, over the cases concluded with a committed limit;
- days compressed = statutory limit − working days used, summed over the concluded cases;
- satisfaction = ratings of 4 or 5 stars / ratings; negative-rating rate = ratings of 1 or 2 / ratings.
"""

from __future__ import annotations

from datetime import date

SATISFIED_STARS = 4  # 满意 and 非常满意
NEGATIVE_STARS = 2  # 不满意 and 非常不满意 count as a negative review (差评)


def on_time(concluded_on: date, due_on: date) -> bool:
    return concluded_on <= due_on


def early(concluded_on: date, due_on: date) -> bool:
    return concluded_on < due_on


def rate(part: int | None, whole: int | None) -> float | None:
    """A share in per cent, to one decimal (None when there is nothing to share)."""
    return round(100 * int(part or 0) / int(whole), 1) if whole else None
