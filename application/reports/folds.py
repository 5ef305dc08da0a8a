"""The folds of the reports that count working days (in plain Python, over the rows the SQL reads):
days over a due date, overdue within a period, responsibility totals with the intervals still open,
and the KPI rates with their total row."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from application.projections.responsibility import GROUP_KEYS
from application.reports.filters import ReportFilters
from domain.agency.mandate import in_force
from domain.business_time import SHANGHAI, legal_day, start_of_day
from domain.calendar.working_days import WorkingDays
from domain.quality import kpis
from domain.supervision.screen import light_of


def days_over(row: dict[str, Any], today: date, calendar: WorkingDays) -> dict[str, int]:
    """Working days past the committed, statutory and step due dates (the overdue register's columns)."""

    def over(due: str | None) -> int:
        return calendar.count(date.fromisoformat(due), today) if due else 0

    delivering = row["status"] == "decided"  # only the delivery clock still runs
    return {
        "days_over_committed": 0 if delivering else over(row["kc_due"]),
        "days_over_statutory": 0 if delivering else over(row["ks_due"]),
        "step_days_over": 0 if delivering else over(row["step_due"]),
        "delivery_days_over": over(row["kd_due"]) if delivering else 0,
    }


OVERDUE_COLUMN = {"KC": "days_over_committed", "KS": "days_over_statutory", "STEP": "step_days_over"}


def overdue_in_period(
    breaches: list[dict[str, Any]], filters: ReportFilters, today: date, calendar: WorkingDays
) -> list[dict[str, Any]]:
    """The cases overdue at any time in the period, and by how many working days within it on each clock.

    A breach is overdue from the first working day after its due date (or, on a run that resumed past
    it, after the day it resumed) until it was cleared (its run ended) or, if it still stands, today;
    only the working days inside the period count, so pauses (which end runs) never do.
    """
    first = filters.date_from
    last = min(filters.date_to or today, today)
    cases: dict[str, dict[str, Any]] = {}
    for row in breaches:
        crossed = _instant(row["crossed_at"])
        after = max(_day(row["due_on"]), legal_day(crossed) - timedelta(days=1 if _is_midnight(crossed) else 0))
        if first is not None:
            after = max(after, first - timedelta(days=1))
        cleared = _instant(row["cleared_at"]) if row["cleared_at"] else None
        through = min(legal_day(cleared), last) if cleared is not None else last
        days = calendar.count(after, through) if through > after else 0
        case = cases.setdefault(
            row["case_no"],
            {
                "case_no": row["case_no"],
                "item_name": row["item_name"],
                "department": row["department"],
                "section": row["section"],
                "holder_id": row["holder_id"],
                "holder_name": row["holder_name"],
                "status": row["status"],
                "first_overdue_at": max(crossed, start_of_day(first)) if first else crossed,
                "days_over_committed": 0,
                "days_over_statutory": 0,
                "step_days_over": 0,
                "delivery_days_over": 0,
            },
        )
        case[OVERDUE_COLUMN.get(row["clock"], "delivery_days_over")] += days
    return [
        {**case, "first_overdue_at": case["first_overdue_at"].isoformat()}
        for case in sorted(cases.values(), key=lambda c: (c["first_overdue_at"], c["case_no"]))
    ]


def _instant(value: Any) -> datetime:
    found = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return found.astimezone(SHANGHAI)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _is_midnight(instant: datetime) -> bool:
    return instant.timetz().replace(tzinfo=None) == time(0)


def working_days_of(row: dict[str, Any], today: date, calendar: WorkingDays) -> tuple[int, int]:
    """The interval's working days and overrun days (an open interval counts up to ``today``)."""
    if row["working_days"] is not None:
        return int(row["working_days"]), int(row["overrun_days"] or 0)
    start = max(date.fromisoformat(row["from_at"][:10]), date.fromisoformat(row["day_zero"]))
    days = calendar.count(start, today)
    overrun = calendar.count(max(start, date.fromisoformat(row["step_due"])), today) if row.get("step_due") else 0
    return days, overrun


def responsibility_totals(
    closed: Iterable[dict[str, Any]],
    running: Iterable[dict[str, Any]],
    warnings: dict[tuple[str, ...], int],
    group: str,
    today: date,
    calendar: WorkingDays,
) -> list[dict[str, Any]]:
    """Per person, section or department: cases held, working days held, overrun steps and days,
    on-time rate of the cases they held that concluded, warnings and negative ratings on their watch.

    ``closed`` carries each group's totals over its closed custody intervals (counts over all of them);
    the ``running`` intervals add the working days they have lasted up to ``today``.
    """
    keys = GROUP_KEYS[group]
    totals: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in closed:
        key = tuple(row[k] or "" for k in keys)
        total = totals.setdefault(key, dict.fromkeys(AGGREGATES, 0))
        for name in AGGREGATES:
            total[name] += int(row[name] or 0)
    for row in running:
        total = totals[tuple(row[k] or "" for k in keys)]
        days, overrun = working_days_of(row | {"working_days": None}, today, calendar)
        total["working_days"] += days
        total["overrun_days"] += overrun
        if overrun and not row["overrun_counted"]:
            total["overrun_steps"] += 1
    result = [
        dict(zip(keys, key, strict=True))
        | {
            "cases_held": t["cases_held"],
            "working_days_held": t["working_days"],
            "on_time_pct": kpis.rate(t["on_time"], t["concluded"]),
            "overrun_steps": t["overrun_steps"],
            "overrun_working_days": t["overrun_days"],
            "warnings": warnings.get(key[:1], 0),
            "negative_ratings": t["negative"],
        }
        for key, t in totals.items()
    ]
    return sorted(result, key=lambda r: (-r["overrun_working_days"], -r["cases_held"], str(r[keys[0]])))


AGGREGATES = ("cases_held", "working_days", "overrun_days", "overrun_steps", "concluded", "on_time", "negative")


def kpi_rates(row: dict[str, Any]) -> dict[str, Any]:
    """The ISO 9001 KPI figures of one group: counts, then 即办率, 按时办结率, 提前办结率, satisfaction, as
    ``domain/quality/kpis.py`` defines them."""
    concluded, clocked, rated = row["concluded_n"], row["clocked"], row["rated"]
    return {
        "received": row["received"],
        "accepted": row["accepted"],
        "concluded": concluded,
        "immediate_rate_pct": kpis.rate(row["immediate_n"], concluded),
        "on_time_rate_pct": kpis.rate(row["on_time_n"], concluded),
        "early_rate_pct": kpis.rate(row["early_n"], clocked),  # only a case with a limit to beat can be early
        "avg_wd_used": round(int(row["wd_used"] or 0) / clocked, 2) if clocked else None,
        "avg_wd_committed": round(int(row["wd_committed"] or 0) / clocked, 2) if clocked else None,
        "days_compressed": row["days_compressed"],
        "rated": rated,
        "satisfaction_pct": kpis.rate(row["satisfied"], rated),
        "negative_rating_pct": kpis.rate(row["negative_n"], rated),
    }


def with_total(rows: list[dict[str, Any]], label: str) -> list[dict[str, Any]]:
    """Each group's row, then a total row (``ALL`` in the column ``label``)."""
    if not rows:
        return rows
    total = {k: sum(int(r[k] or 0) for r in rows) for k in rows[0] if k != label}
    return [*rows, {label: "ALL", **total}]


def kpi_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The KPI counts of each group (``grp``) and of all, as their figures."""
    return [{"group": r["grp"], **kpi_rates(r)} for r in with_total(rows, "grp")]


def agency_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per agent: cases filed, concluded, open, enterprises served, average turnaround; then ALL."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["agent_id"], []).append(row)

    def figures(agent_id: str, name: str, cases: list[dict[str, Any]]) -> dict[str, Any]:
        done = [c["turnaround_wd"] for c in cases if c["concluded_at"] is not None]
        return {
            "agent_id": agent_id,
            "agent_name": name,
            "cases": len(cases),
            "concluded": len(done),
            "open": len(cases) - len(done),
            "enterprises": len({c["subject_id"] for c in cases}),
            "avg_turnaround_wd": round(sum(done) / len(done), 2) if done else None,
        }

    result = [figures(agent, cases[-1]["agent_name"], cases) for agent, cases in sorted(groups.items())]
    return [*result, figures("ALL", "", rows)] if rows else result


def consultation_rows(rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Each question and how its answer stands: done (by its day), done late, open, or overdue on ``today``."""

    def answered(row: dict[str, Any]) -> date | None:
        return legal_day(_instant(row["answered_at"])) if row["answered_at"] is not None else None

    return [row | {"progress": _progress(answered(row), _day(row["answer_due"]), today)} for row in rows]


def mandate_rows(rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Each mandate, in force on ``today`` if it is not terminated and ``today`` is within its period."""

    def held(row: dict[str, Any]) -> bool:
        ended = _day(row["terminated_on"]) if row["terminated_on"] is not None else None
        return in_force(_day(row["valid_from"]), _day(row["valid_until"]), ended, today)

    return [row | {"in_force": held(row)} for row in rows]


def meeting_action_rows(rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Each action and how it stands: done (by its day), done late, open, or overdue on ``today``."""

    def done(row: dict[str, Any]) -> date | None:
        return _day(row["done_on"]) if row["done_on"] is not None else None

    return [{**row, "progress": _progress(done(row), _day(row["due_on"]), today)} for row in rows]


def _progress(done: date | None, due: date, today: date) -> str:
    """Something due on a day: done by it, done late, open, or overdue on ``today``."""
    if done is not None:
        return "done" if done <= due else "done_late"
    return "overdue" if today > due else "open"


def pre_review_rows(rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Each pre-review, and whether an answer is awaited past its day on ``today``."""
    return [{**row, "waiting_late": row["status"] == "submitted" and today > _day(row["answer_due"])} for row in rows]


def order_rows(rows: list[dict[str, Any]], today: date, calendar: WorkingDays) -> list[dict[str, Any]]:
    """Each order with its reply (awaiting, overdue without reply, on time, late: the first report against
    the due date) and its working days past the due date, up to its close or ``today``."""
    result = []
    for row in rows:
        due = _day(row["due_on"])
        replied = legal_day(_instant(row["first_reported_at"])) if row["first_reported_at"] else None
        if replied is None:
            reply = "awaiting" if today <= due else "overdue_without_reply"
        else:
            reply = "on_time" if replied <= due else "late"
        end = legal_day(_instant(row["closed_at"])) if row["closed_at"] else today
        days_over = calendar.count(due, end) if end > due else 0
        result.append({**row, "reply": reply, "days_over": days_over})
    return result


ORDER_COUNTS = (
    "opened",
    "awaiting_acknowledgement",
    "awaiting_reply",
    "replied_on_time",
    "replied_late",
    "overdue_without_reply",
    "open",
    "closed",
    "fault",
    "no_fault",
    "overdue",
)


def order_stats(orders: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per department: its orders, how they were answered and concluded, and how many ran past their due date."""
    departments: dict[str, dict[str, Any]] = {}
    for order in orders:
        counts = departments.setdefault(order["department"], dict.fromkeys(ORDER_COUNTS, 0))
        reply = order["reply"]
        counts["opened"] += 1
        counts["awaiting_acknowledgement"] += order["status"] == "opened"
        counts["awaiting_reply"] += order["status"] in ("opened", "acknowledged", "sent_back")
        counts["replied_on_time"] += reply == "on_time"
        counts["replied_late"] += reply == "late"
        counts["overdue_without_reply"] += reply == "overdue_without_reply"
        counts["open"] += order["status"] != "closed"
        counts["closed"] += order["status"] == "closed"
        counts["fault"] += order["finding"] == "fault"
        counts["no_fault"] += order["finding"] == "no_fault"
        counts["overdue"] += order["days_over"] > 0
    rows = [{"department": name, **counts} for name, counts in sorted(departments.items())]
    return with_total(rows, "department")


def complaint_rows(rows: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Each complaint with its rectification: awaiting (not yet due), overdue (due and not reported), on
    time or late (the first report against the due date)."""
    result = []
    for row in rows:
        due = _day(row["due_on"])
        if row["rectified_at"]:
            rectification = "on_time" if legal_day(_instant(row["rectified_at"])) <= due else "late"
        else:
            rectification = "awaiting" if today <= due else "overdue"
        result.append({**row, "rectification": rectification})
    return result


def complaint_stats(complaints: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per department: complaints filed, what they were found to be, rectified on time or late, overdue,
    the complainants' satisfaction, still open."""
    names: tuple[str, ...] = (
        "filed", "substantiated", "partly", "unfounded", "rectified_on_time", "rectified_late", "overdue",
        "satisfied", "dissatisfied", "open",
    )  # fmt: skip
    departments: dict[str, dict[str, Any]] = {}
    for c in complaints:
        counts = departments.setdefault(c["department"], dict.fromkeys(names, 0))
        counts["filed"] += 1
        if c["verification"]:
            counts[c["verification"]] += 1
        counts["rectified_on_time"] += c["rectification"] == "on_time"
        counts["rectified_late"] += c["rectification"] == "late"
        counts["overdue"] += c["rectification"] == "overdue"
        counts["satisfied"] += c["satisfaction"] in ("satisfied", "mostly")
        counts["dissatisfied"] += c["satisfaction"] == "dissatisfied"
        counts["open"] += c["status"] != "closed"
    rows = [{"department": name, **counts} for name, counts in sorted(departments.items())]
    return with_total(rows, "department")


SCREEN_COUNTS = ("open_cases", "due_today", "prompt", "yellow", "red", "statutory_breach", "red_flags")


def screen_rows(
    queue: list[dict[str, Any]], red_flags: list[dict[str, Any]], today: date, by: tuple[str, ...] = ("department",)
) -> list[dict[str, Any]]:
    """The supervision screen: the open cases (the queue) of each group (``by``: a department, or a
    department's holders) counted by their worst warning, those due today, the red flags on them, and
    the light they give; a total row (``ALL`` in the first column) last."""
    flags_on: dict[str, int] = {}
    for flag in red_flags:
        flags_on[flag["case_no"]] = flags_on.get(flag["case_no"], 0) + 1
    counts: dict[tuple[Any, ...], dict[str, int]] = {}
    for case in queue:
        row = counts.setdefault(tuple(case[k] for k in by), dict.fromkeys(SCREEN_COUNTS, 0))
        row["open_cases"] += 1
        row["due_today"] += case["kc_due"] is not None and _day(case["kc_due"]) == today
        if case["warning_level"] in SCREEN_COUNTS:
            row[case["warning_level"]] += 1
        row["red_flags"] += flags_on.get(case["case_no"], 0)
    rows = [dict(zip(by, key, strict=True)) | counts[key] for key in sorted(counts, key=lambda k: [str(v) for v in k])]
    if rows:
        total = {name: sum(row[name] for row in rows) for name in SCREEN_COUNTS}
        rows.append({by[0]: "ALL", **dict.fromkeys(by[1:]), **total})
    return [
        row
        | {"light": light_of(yellow=row["yellow"], red=row["red"], statutory_breaches=row["statutory_breach"]).value}
        for row in rows
    ]
