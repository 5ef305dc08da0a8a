"""Charts drawn on the server as SVG: the geometry is computed here, the template only draws it.

No chart library runs in the browser: a chart is part of the page as it is sent (and of its printout),
reads without scripts and is checked in tests like any other markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from domain.business_time import SHANGHAI
from domain.calendar.working_days import WorkingDays

LABEL_WIDTH = 170  # the lane names, left of the days
LANE_HEIGHT = 26
TOP = 34  # room for the day ticks
MAX_WIDTH = 820  # the days' part of the chart at most


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    kind: str  # govt, overrun, applicant, excluded, upper, co_dept: the CSS class
    title: str  # shown on hover: who, from, to, working days


@dataclass(frozen=True)
class DayColumn:
    x: float
    width: float
    resting: bool  # a weekend or a holiday: no working day
    label: str  # the day of the month on the first and every 7th column, else ""


@dataclass
class CustodyChart:
    """Who held a case, day by day: one lane per holder (and one each for the applicant, an Art. 45
    procedure, the upper level, a co-department), resting days shaded, each step's due date a line."""

    width: float
    height: float
    lanes: list[tuple[float, str]] = field(default_factory=list)  # (y of the lane's middle, its name)
    days: list[DayColumn] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    due_lines: list[tuple[float, float, float]] = field(default_factory=list)  # x, from y, to y


def _instant(value: Any) -> datetime:
    found = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return found.astimezone(SHANGHAI)


def _lane_of(interval: dict[str, Any], names: dict[str, str]) -> str:
    bucket = str(interval["bucket"])
    if bucket == "GOVT":
        return f"{interval['person_name'] or interval['person_id']}"
    kind, _, detail = bucket.partition(":")
    return f"{names.get(kind, kind)} {detail}".strip()


def custody_chart(
    intervals: list[dict[str, Any]], now: datetime, calendar: WorkingDays, names: dict[str, str]
) -> CustodyChart | None:
    """The chart of a case's custody ``intervals`` (the open one up to ``now``); ``names`` says the
    buckets other than a holder's (APPLICANT, EXCLUDED, UPPER_LEVEL, CO_DEPT) in the reader's language."""
    if not intervals:
        return None
    first = _instant(intervals[0]["from_at"]).date()
    last = max(_instant(i["to_at"]).date() if i["to_at"] else now.astimezone(SHANGHAI).date() for i in intervals)
    span = (last - first).days + 1
    day_width = max(3.0, min(60.0, MAX_WIDTH / span))
    lanes: dict[str, int] = {}
    for interval in intervals:
        lanes.setdefault(_lane_of(interval, names), len(lanes))
    chart = CustodyChart(LABEL_WIDTH + span * day_width + 10, TOP + len(lanes) * LANE_HEIGHT + 10)
    chart.lanes = [(TOP + n * LANE_HEIGHT + LANE_HEIGHT / 2, name) for name, n in lanes.items()]
    for n in range(span):
        day = first + timedelta(days=n)
        label = str(day.day) if day_width >= 18 or n == 0 or day.day == 1 or n % 7 == 0 else ""
        chart.days.append(DayColumn(LABEL_WIDTH + n * day_width, day_width, not calendar.is_working_day(day), label))

    def x_of(instant: datetime) -> float:
        local = instant.astimezone(SHANGHAI)
        days = (local.date() - first).days + (local.hour * 3600 + local.minute * 60) / 86400
        return LABEL_WIDTH + days * day_width

    def end_of(day: date) -> float:
        return LABEL_WIDTH + ((day - first).days + 1) * day_width

    for interval in intervals:
        lane = lanes[_lane_of(interval, names)]
        y = TOP + lane * LANE_HEIGHT + 4
        start = _instant(interval["from_at"])
        end = _instant(interval["to_at"]) if interval["to_at"] else now
        left, right = x_of(start), max(x_of(end), x_of(start) + 2)
        kind = str(interval["bucket"]).split(":")[0].lower()
        held = interval["working_days"]
        title = f"{_lane_of(interval, names)} · {interval['step_name'] or ''} · {start:%m-%d %H:%M} → "
        title += f"{end:%m-%d %H:%M}" + (f" · {held} WD" if held is not None else "")
        chart.bars.append(Bar(left, y, right - left, LANE_HEIGHT - 8, "govt" if kind == "govt" else kind, title))
        if kind == "govt" and interval["step_due"]:
            due = end_of(date.fromisoformat(str(interval["step_due"])[:10]))
            chart.due_lines.append((due, y - 3, y + LANE_HEIGHT - 5))
            if right > due:
                chart.bars.append(Bar(due, y, right - due, LANE_HEIGHT - 8, "overrun", title))
    return chart


BAR_HEIGHT = 12
BARS_WIDTH = 520  # the bars' part of the chart


@dataclass
class BarChart:
    """Horizontal bars: one group per row of a report (its label on the left), one bar per figure."""

    width: float
    height: float
    figures: list[tuple[str, str]]  # (CSS class, name) of each figure, for the legend
    groups: list[tuple[float, str]] = field(default_factory=list)  # (y of the group's middle, label)
    bars: list[Bar] = field(default_factory=list)
    scale: list[tuple[float, str]] = field(default_factory=list)  # (x, value) of the ticks


def bar_chart(rows: list[dict[str, Any]], labels: tuple[str, ...], figures: dict[str, str]) -> BarChart | None:
    """Bars of ``figures`` (column: its name) for each row but the total (``ALL``), labelled by the values
    of ``labels`` a row has."""
    shown = [r for r in rows if "ALL" not in (r.get(label) for label in labels)]
    values = [float(r.get(f) or 0) for r in shown for f in figures]
    if not shown or not figures or max(values, default=0) <= 0:
        return None
    top = max(values)
    group = BAR_HEIGHT * len(figures) + 8
    chart = BarChart(
        LABEL_WIDTH + BARS_WIDTH + 60,
        TOP + group * len(shown) + 4,
        [(f"figure-{n}", name) for n, name in enumerate(figures.values())],
    )
    for index, row in enumerate(shown):
        y = TOP + index * group
        label = " ".join(str(row[label]) for label in labels if row.get(label)) or "–"
        chart.groups.append((y + group / 2, label[:22]))
        for n, column in enumerate(figures):
            value = float(row.get(column) or 0)
            width = BARS_WIDTH * value / top
            title = f"{label} · {figures[column]}: {row.get(column)}"
            chart.bars.append(Bar(LABEL_WIDTH, y + n * BAR_HEIGHT, width, BAR_HEIGHT - 2, f"figure-{n}", title))
    for step in range(5):
        value = top * step / 4
        chart.scale.append((LABEL_WIDTH + BARS_WIDTH * step / 4, f"{value:.0f}" if top >= 8 else f"{value:.1f}"))
    return chart


LINE_HEIGHT = 180
LINES_WIDTH = 640


@dataclass
class LineChart:
    """Lines of percentages over months: one polyline per figure, the months along the bottom."""

    width: float
    height: float
    lines: list[tuple[str, str, str]]  # (CSS class, name, SVG points) of each figure
    months: list[tuple[float, str]] = field(default_factory=list)  # (x, month)
    scale: list[tuple[float, str]] = field(default_factory=list)  # (y, percentage)
    dots: list[tuple[float, float, str, str]] = field(default_factory=list)  # x, y, CSS class, title


def line_chart(rows: list[dict[str, Any]], along: str, figures: dict[str, str]) -> LineChart | None:
    """Lines of ``figures`` (column: its name; percentages, 0 to 100) over the ``along`` of ``rows``; a
    month without a figure leaves a gap in its line."""
    if len(rows) < 2:
        return None
    step = LINES_WIDTH / (len(rows) - 1)
    chart = LineChart(60 + LINES_WIDTH + 20, LINE_HEIGHT + 50, [])

    def y_of(value: float) -> float:
        return 14 + LINE_HEIGHT * (1 - value / 100)

    chart.months = [(60 + n * step, str(row[along])) for n, row in enumerate(rows)]
    chart.scale = [(y_of(value), f"{value}%") for value in (0, 25, 50, 75, 100)]
    for index, (column, name) in enumerate(figures.items()):
        points = []
        for n, row in enumerate(rows):
            if row.get(column) is None:
                continue
            x, y = 60 + n * step, y_of(float(row[column]))
            points.append(f"{x:.1f},{y:.1f}")
            chart.dots.append((x, y, f"figure-{index}", f"{row[along]} · {name}: {row[column]}%"))
        chart.lines.append((f"figure-{index}", name, " ".join(points)))
    return chart
