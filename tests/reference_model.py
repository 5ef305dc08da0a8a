"""The reference model: what supervision must show, computed a second time, plainly, from raw events.

It shares no code with the projections nor with the domain's clock arithmetic: it walks each case's
events in order with its own table of which act starts, pauses, resumes, restarts or stops which clock,
counts working days one by one on the legal calendar, and from that derives

- every warning that must have been recorded by a given instant (clock, step, level, run, when it was
  crossed, the due date) and its state: open, superseded (when, by which), cleared (when, by which act)
  or withdrawn;
- the nonconformity register: one row per breached clock (and step) of a case, one per procedural red
  flag and negative rating, with their stable ids;
- the KPI counts of each department.

The rules it encodes are the ones the README states (warning thresholds, runs, KPIs), written out
longhand; a view or report that disagrees with it is wrong, or the README is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from domain.calendar.working_days import WorkingDays

SHANGHAI = ZoneInfo("Asia/Shanghai")
PROMPT_DAYS = 1  # a prompt when at most this many working days of KC remain
YELLOW_NUMERATOR, YELLOW_DENOMINATOR = 4, 5  # yellow once four fifths of KC or a step budget are used
LEVELS = {"KC": ("prompt", "yellow", "red"), "STEP": ("yellow", "red"), "KS": ("statutory_breach",), "KD": ("red",)}
RANK = {"prompt": 1, "yellow": 2, "red": 3, "statutory_breach": 3}
ENDS_ALL = {"IntakeRejected", "DecisionMade", "DecidedOnSpot", "UpperLevelDecisionReceived", "Delivered"}
ENDS_ALL |= {"Withdrawn", "Terminated"}
PAUSABLE = ("KC", "KS", "STEP", "CO")


def day_of(instant: datetime) -> date:
    return instant.astimezone(SHANGHAI).date()


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SHANGHAI)


@dataclass
class PlainClock:
    name: str
    day_zero: date
    limit: int
    step: int | None = None
    pauses: list[tuple[date, date | None]] = field(default_factory=list)
    stopped: bool = False

    @property
    def counting(self) -> bool:
        return not self.stopped and not (self.pauses and self.pauses[-1][1] is None)


@dataclass
class PlainRun:
    clock: PlainClock
    number: int
    started_at: datetime
    pauses: list[tuple[date, date | None]]  # those before the run (all closed)
    limit: int = 0
    ended_at: datetime | None = None
    ended_by: str = ""


def paused(day: date, pauses: Iterable[tuple[date, date | None]]) -> bool:
    """A pause leaves out the days after the one it began on, up to and including the day it ended."""
    return any(start < day and (end is None or day <= end) for start, end in pauses)


def nth_counted_day(calendar: WorkingDays, day_zero: date, n: int, pauses: list[tuple[date, date | None]]) -> date:
    """The working day on which ``n`` days have been used, counting from the day after day zero."""
    day, used = day_zero, 0
    while used < n:
        day += timedelta(days=1)
        if calendar.is_working_day(day) and not paused(day, pauses):
            used += 1
    return day


def working_days_between(
    calendar: WorkingDays, after: date, through: date, pauses: list[tuple[date, date | None]]
) -> int:
    days, day = 0, after
    while day < through:
        day += timedelta(days=1)
        if calendar.is_working_day(day) and not paused(day, pauses):
            days += 1
    return days


@dataclass
class Expected:
    """One warning as the register must show it."""

    case_no: str
    clock: str
    step_index: int
    level: str
    run: int
    crossed_at: datetime
    due_on: date
    status: str = "open"
    cleared_at: datetime | None = None
    cause: str | None = None

    @property
    def key(self) -> str:
        base = f"{self.clock}:{'' if self.step_index < 0 else self.step_index}:{self.level}"
        return f"{base}:{self.run}" if self.run else base


class PlainCase:
    """One case's clocks and runs, walked event by event."""

    def __init__(self, events: list[Any], calendar: WorkingDays) -> None:
        self.events, self.calendar = events, calendar
        self.case_no = events[0].case_no
        self.department = events[0].item.department
        self.clocks: dict[str, PlainClock] = {}
        self.runs: list[PlainRun] = []
        self.live: dict[str, PlainRun] = {}
        self.co_departments: tuple[str, ...] = ()
        self.answered: set[str] = set()
        self._warnings: dict[datetime, list[Expected]] = {}
        for event in events:
            self._walk(event)

    # -- clocks ----------------------------------------------------------------------------------

    def _start(self, name: str, value: Any, at: datetime, step: int | None = None) -> None:
        self.clocks[name] = PlainClock(name, value.started_on, value.limit.value + value.extension, step)
        self.runs_begin(name, at)

    def runs_begin(self, name: str, at: datetime) -> None:
        clock = self.clocks[name]
        number = sum(1 for run in self.runs if (run.clock.name, run.clock.step) == (name, clock.step))
        run = PlainRun(clock, number, at, list(clock.pauses), clock.limit)
        self.runs.append(run)
        self.live[name] = run

    def _end(self, name: str, at: datetime, act: str) -> None:
        run = self.live.pop(name, None)
        if run is not None:
            run.ended_at, run.ended_by = at, act

    def _stop(self, name: str, at: datetime, act: str) -> None:
        clock = self.clocks.get(name)
        if clock is not None and not clock.stopped:
            clock.stopped = True
            self._end(name, at, act)

    def _walk(self, event: Any) -> None:  # noqa: PLR0912 - the table of acts, one branch each
        kind, at = type(event).__name__, event.occurred_at
        if kind == "Received":
            self._start("K0", event.k0, at)
        elif kind in ("SupplementRequested",):
            self._stop("K0", at, kind)
        elif kind in ("Accepted", "DeemedAccepted"):
            self._stop("K0", at, kind)
            self.co_departments = event.item.co_departments
            for value in event.clocks:
                self._start(value.name.value, value, at, 0 if value.name.value == "STEP" else None)
        elif kind in ENDS_ALL:
            for name in list(self.clocks):
                self._stop(name, at, kind)
            if getattr(event, "kd", None) is not None:
                self._start("KD", event.kd, at)
        elif kind == "ForwardedUp":
            for name in ("KC", "KS", "STEP"):
                self._stop(name, at, kind)
        elif kind == "StepCompleted":
            self._stop("STEP", at, kind)
            if event.next_step is not None:
                self._start("STEP", event.next_step, at, event.step_index + 1)
        elif kind == "StepsJoined":  # a new run of the step, from its day zero, on the longest budget
            self._stop("STEP", at, kind)
            self._start("STEP", event.step_clock, at, event.steps[0])
        elif kind == "JoinedStepSigned" and not event.outstanding:
            self._stop("STEP", at, kind)
        elif kind == "StepReturned":
            self._stop("STEP", at, kind)
            self._start("STEP", event.step_clock, at, event.to_index)
        elif kind == "SpecialProcedureStarted" or (kind == "PostAcceptanceSupplementRequested" and event.pauses_clock):
            for name in PAUSABLE:
                clock = self.clocks.get(name)
                if clock is not None and clock.counting:
                    clock.pauses.append((day_of(at), None))
                    self._end(name, at, kind)
        elif kind in ("SpecialProcedureEnded", "PostAcceptanceSupplementProvided"):
            for name, clock in self.clocks.items():
                if not clock.stopped and clock.pauses and clock.pauses[-1][1] is None:
                    clock.pauses[-1] = (clock.pauses[-1][0], max(day_of(at), clock.pauses[-1][0]))
                    self.runs_begin(name, at)
        elif kind == "ExtensionApproved":
            self.clocks["KS"].limit += event.days
            if "KS" in self.live:  # else (paused) the run that begins on resumption takes the new limit
                self.live["KS"].limit = self.clocks["KS"].limit
        elif kind in ("OpinionGiven", "ConsentDeemed"):
            self.answered.add(event.co_department)
            if set(self.co_departments) <= self.answered:
                self._stop("CO", at, kind)

    # -- warnings --------------------------------------------------------------------------------

    def due_on(self, run: PlainRun) -> date:
        return nth_counted_day(self.calendar, run.clock.day_zero, run.limit, run.pauses)

    def threshold(self, run: PlainRun, level: str) -> datetime | None:
        limit = run.limit
        if level in ("red", "statutory_breach"):
            return midnight(self.due_on(run) + timedelta(days=1))
        if limit <= 0:
            return None
        if level == "yellow":
            used = -(-limit * YELLOW_NUMERATOR // YELLOW_DENOMINATOR)
        else:
            used = limit - PROMPT_DAYS
            if used <= 0:
                return None
        return midnight(nth_counted_day(self.calendar, run.clock.day_zero, used, run.pauses))

    def warnings(self, as_of: datetime) -> list[Expected]:
        """Every warning the watcher must have recorded by ``as_of``, with its state."""
        if as_of not in self._warnings:
            self._warnings[as_of] = self._crossed(as_of)
        return self._warnings[as_of]

    def _crossed(self, as_of: datetime) -> list[Expected]:
        found: list[Expected] = []
        for run in self.runs:
            crossed: list[Expected] = []
            for level in LEVELS.get(run.clock.name, ()):
                instant = self.threshold(run, level)
                if instant is None:
                    continue
                instant = max(instant, run.started_at)
                if instant > as_of or (run.ended_at is not None and instant > run.ended_at):
                    continue
                step = -1 if run.clock.step is None else run.clock.step
                crossed.append(
                    Expected(self.case_no, run.clock.name, step, level, run.number, instant, self.due_on(run))
                )
            for warning in crossed:
                later_higher = [
                    w for w in crossed if RANK[w.level] > RANK[warning.level] and w.crossed_at >= warning.crossed_at
                ]
                if later_higher:
                    first = min(later_higher, key=lambda w: (w.crossed_at, RANK[w.level]))
                    warning.status, warning.cleared_at = "superseded", first.crossed_at
                    warning.cause = f"superseded:{first.key}"
                elif run.ended_at is not None:
                    warning.status, warning.cleared_at, warning.cause = "cleared", run.ended_at, run.ended_by
            found += crossed
        return found


def plain_nonconformities(events: list[Any], warnings: list[Expected]) -> dict[str, datetime]:  # noqa: PLR0912
    """The open nonconformities of a case, by id, with when each was raised (its earliest breach).

    Red flags are numbered in the order the events record them; a breach's own flag (a statutory breach,
    a late delivery) is numbered when the breach is recorded with no other breach of it standing.
    """
    found: dict[str, datetime] = {}
    for w in warnings:
        if w.level in ("red", "statutory_breach"):
            nc_id = f"NC-{w.case_no}-{w.clock}-{w.level}-{w.step_index}"
            found[nc_id] = min(found.get(nc_id, w.crossed_at), w.crossed_at)
    standing: dict[str, set[str]] = {}  # breach nonconformity -> its recorded, not withdrawn, breaches
    seq, returns, signed = 0, 0, {}
    case_no = events[0].case_no
    for event in events:
        kind = type(event).__name__
        flag = None
        if kind == "DeadlineBreached":
            step = -1 if event.step_index is None else event.step_index
            nc_id = f"NC-{case_no}-{event.clock.value}-{event.level.value}-{step}"
            if not standing.get(nc_id) and event.clock.value in ("KS", "KD"):
                seq += 1  # its red flag is part of the breach's row
            standing.setdefault(nc_id, set()).add(f"{event.clock.value}:{event.level.value}:{step}:{event.run}")
        elif kind == "WarningsCleared":
            for key in event.withdrawn:
                clock, step_text, level, *run = key.split(":")
                step = int(step_text) if step_text else -1
                standing.get(f"NC-{case_no}-{clock}-{level}-{step}", set()).discard(
                    f"{clock}:{level}:{step}:{int(run[0]) if run else 0}"
                )
        elif kind == "DeemedAccepted":
            flag = "deemed_acceptance"
        elif kind == "ConsentDeemed":
            flag = "co_department_timeout"
        elif kind == "StepReturned":
            returns += 1
            flag = "repeated_returns" if returns == 2 else None
        elif kind in ("StepCompleted", "JoinedStepSigned"):
            mine = signed.setdefault(event.by.person_id, [])
            if mine and event.step_name not in mine:
                flag = "same_signer"
            mine.append(event.step_name)
        elif kind == "Rated" and event.stars <= 2:
            flag = "negative_review"
        if flag is not None:
            seq += 1
            found[f"NC-{case_no}-{flag}-{seq}"] = event.occurred_at
    return found


@dataclass
class Conclusion:
    """How a case ended, plainly: the day, on time or early against KC, the working days KC used (None for an
    immediate decision), its committed and statutory limits."""

    day: date
    on_time: bool
    early: bool
    used: int | None
    committed: int
    statutory: int


def conclusion(case: PlainCase) -> Conclusion | None:
    kinds = {type(e).__name__: e for e in case.events}
    if "DecidedOnSpot" in kinds:
        statutory = kinds["Received"].item.statutory_limit.value
        return Conclusion(day_of(kinds["DecidedOnSpot"].occurred_at), True, False, None, 0, statutory)
    end = kinds.get("DecisionMade") or kinds.get("ForwardedUp")
    if end is None:
        return None
    day = day_of(end.occurred_at)
    kc, ks = case.clocks.get("KC"), case.clocks.get("KS")
    if kc is None or ks is None:
        return Conclusion(day, False, False, None, 0, 0)
    closed = [(start, stop if stop is not None else day) for start, stop in kc.pauses]
    due = nth_counted_day(case.calendar, kc.day_zero, kc.limit, closed)
    used = working_days_between(case.calendar, kc.day_zero, day, closed)
    return Conclusion(day, day <= due, day < due, used, kc.limit, ks.limit)


def plain_kpis(cases: list[PlainCase]) -> dict[str, dict[str, int]]:
    """Per department: received, accepted, concluded, on time, early and the rest (README, KPIs)."""
    totals: dict[str, dict[str, int]] = {}
    names = ("received", "accepted", "concluded", "immediate", "on_time", "early", "wd_used", "wd_committed")
    names += ("clocked", "days_compressed", "rated", "satisfied", "negative")
    for case in cases:
        row = totals.setdefault(case.department, dict.fromkeys(names, 0))
        kinds = {type(e).__name__: e for e in case.events}
        row["received"] += 1
        row["accepted"] += any(k in kinds for k in ("Accepted", "DeemedAccepted", "DecidedOnSpot"))
        rated = kinds.get("Rated")
        if rated is not None:
            row["rated"] += 1
            row["satisfied"] += rated.stars >= 4
            row["negative"] += rated.stars <= 2
        ended = conclusion(case)
        if ended is None:
            continue
        row["concluded"] += 1
        row["on_time"] += ended.on_time
        row["early"] += ended.early
        if "DecidedOnSpot" in kinds:
            row["immediate"] += 1
            row["days_compressed"] += ended.statutory
        elif ended.used is not None:
            row["wd_used"] += ended.used
            row["wd_committed"] += ended.committed
            row["clocked"] += 1
            row["days_compressed"] += ended.statutory - ended.used
    return totals


def plain_evaluation_figures(
    cases: list[PlainCase], orders: list[list[Any]], complaints: list[list[Any]], first: date, last: date
) -> dict[str, dict[str, int]]:
    """Each department's quarter from the raw events (all figures of ``DepartmentFigures`` but the red flags):
    cases received in it; concluded in it, on time, working days used, rated and satisfied; step budgets
    run out in it (as of the end of the simulation); orders opened in it (but the evaluation's own) and
    those flagged overdue; complaints filed in it and those found substantiated or partly."""
    names = ("received", "concluded", "on_time", "wd_used", "clocked", "step_overruns", "orders", "orders_overdue")
    names += ("complaints", "complaints_upheld", "rated", "satisfied")
    totals: dict[str, dict[str, int]] = {}

    def row(department: str) -> dict[str, int]:
        return totals.setdefault(department, dict.fromkeys(names, 0))

    def within(instant: datetime) -> bool:
        return first <= day_of(instant) <= last

    for case in cases:
        kinds = {type(e).__name__: e for e in case.events}
        if within(kinds["Received"].occurred_at):
            row(case.department)["received"] += 1
        ended = conclusion(case)
        if ended is not None and first <= ended.day <= last:
            figures = row(case.department)
            figures["concluded"] += 1
            figures["on_time"] += ended.on_time
            if ended.used is not None:
                figures["wd_used"] += ended.used
                figures["clocked"] += 1
            rated = kinds.get("Rated")
            if rated is not None:
                figures["rated"] += 1
                figures["satisfied"] += rated.stars >= 4
        for event in case.events:
            if type(event).__name__ == "DeadlineBreached" and event.clock.value == "STEP" and within(event.crossed_at):
                row(case.department)["step_overruns"] += 1
    for events in orders:
        opened = events[0]
        if opened.rule_id != "E001" and within(opened.occurred_at):
            row(opened.department)["orders"] += 1
            row(opened.department)["orders_overdue"] += any(type(e).__name__ == "FlaggedOverdue" for e in events)
    for events in complaints:
        filed = events[0]
        if within(filed.occurred_at):
            rectified = [e for e in events if type(e).__name__ == "Rectified"]
            upheld = bool(rectified) and rectified[-1].verification.value in ("substantiated", "partly")
            row(filed.department)["complaints"] += 1
            row(filed.department)["complaints_upheld"] += upheld
    return totals


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def plain_kpi_report(cases: list[PlainCase]) -> dict[str, dict[str, Any]]:
    """The KPI report's figures per department, from the plain counts."""
    report: dict[str, dict[str, Any]] = {}
    for department, c in plain_kpis(cases).items():
        clocked = c["clocked"]
        report[department] = {
            "received": c["received"],
            "accepted": c["accepted"],
            "concluded": c["concluded"],
            "immediate_rate_pct": percent(c["immediate"], c["concluded"]),
            "on_time_rate_pct": percent(c["on_time"], c["concluded"]),
            "early_rate_pct": percent(c["early"], clocked),
            "avg_wd_used": round(c["wd_used"] / clocked, 2) if clocked else None,
            "avg_wd_committed": round(c["wd_committed"] / clocked, 2) if clocked else None,
            "days_compressed": c["days_compressed"],
            "rated": c["rated"],
            "satisfaction_pct": percent(c["satisfied"], c["rated"]),
            "negative_rating_pct": percent(c["negative"], c["rated"]),
        }
    return report


OVERDUE_COLUMNS = {"KC": "days_over_committed", "KS": "days_over_statutory", "STEP": "step_days_over"}


def plain_overdue(
    cases: list[tuple[PlainCase, datetime]], first: date, last: date, today: date
) -> dict[str, dict[str, int]]:
    """Per case (with the instant the watcher last passed over it) overdue at any instant from ``first``
    to ``last`` (and ``today``): its working days past due in the period on each clock. A run is overdue
    from its breach to its end; a working day counts when the run counted it (after the day it began, up
    to the day it ended, or today) and it is after the due date."""
    found: dict[str, dict[str, int]] = {}
    begins, ends = midnight(first), midnight(last + timedelta(days=1))
    for case, as_of in cases:
        breaches = {
            (w.clock, w.step_index, w.run): w for w in case.warnings(as_of) if w.level in ("red", "statutory_breach")
        }
        for run in case.runs:
            breach = breaches.get((run.clock.name, -1 if run.clock.step is None else run.clock.step, run.number))
            if breach is None or breach.crossed_at >= ends or (run.ended_at is not None and run.ended_at < begins):
                continue
            start = max(case.due_on(run), day_of(run.started_at), first - timedelta(days=1))
            end = min(day_of(run.ended_at) if run.ended_at else last, last, today)
            days = working_days_between(case.calendar, start, end, []) if end > start else 0
            row = found.setdefault(case.case_no, dict.fromkeys((*OVERDUE_COLUMNS.values(), "delivery_days_over"), 0))
            row[OVERDUE_COLUMNS.get(run.clock.name, "delivery_days_over")] += days
    return found


def plain_orders(orders: list[list[Any]], calendar: WorkingDays, today: date) -> dict[str, dict[str, Any]]:
    """Each supervision order from its raw events: its status, reply (the first report against the due
    date: awaiting, overdue_without_reply, on_time, late), working days past its due date up to its
    close or ``today``, and its finding."""
    found: dict[str, dict[str, Any]] = {}
    for events in orders:
        opened = events[0]
        names = [type(e).__name__ for e in events]
        acts = [n for n in names if not n.startswith("Extension") and n != "FlaggedOverdue"]
        status = {
            "Opened": "opened",
            "Acknowledged": "acknowledged",
            "CorrectionReported": "reported",
            "SentBack": "sent_back",
            "Accepted": "accepted",
            "Closed": "closed",
        }[acts[-1]]
        reports = [e for e in events if type(e).__name__ == "CorrectionReported"]
        closes = [e for e in events if type(e).__name__ == "Closed"]
        granted = [e.new_due_on for e in events if type(e).__name__ == "ExtensionDecided" and e.granted]
        due = granted[-1] if granted else opened.due_on
        if reports:
            reply = "on_time" if day_of(reports[0].occurred_at) <= due else "late"
        else:
            reply = "awaiting" if today <= due else "overdue_without_reply"
        end = day_of(closes[0].occurred_at) if closes else today
        found[opened.order_no] = {
            "status": status,
            "reply": reply,
            "days_over": working_days_between(calendar, due, end, []) if end > due else 0,
            "reports": len(reports),
            "finding": closes[0].finding.value if closes else None,
        }
    return found


def plain_order_stats(orders: dict[str, dict[str, Any]], departments: dict[str, str]) -> dict[str, dict[str, int]]:
    """Per department (``departments``: order number -> department): the counts of the order statistics."""
    stats: dict[str, dict[str, int]] = {}
    for order_no, order in orders.items():
        row = stats.setdefault(departments[order_no], {})
        for name, holds in (
            ("opened", True),
            ("awaiting_acknowledgement", order["status"] == "opened"),
            ("awaiting_reply", order["status"] in ("opened", "acknowledged", "sent_back")),
            ("replied_on_time", order["reply"] == "on_time"),
            ("replied_late", order["reply"] == "late"),
            ("overdue_without_reply", order["reply"] == "overdue_without_reply"),
            ("open", order["status"] != "closed"),
            ("closed", order["status"] == "closed"),
            ("fault", order["finding"] == "fault"),
            ("no_fault", order["finding"] == "no_fault"),
            ("overdue", order["days_over"] > 0),
        ):
            row[name] = row.get(name, 0) + int(holds)
    return stats


def plain_complaints(complaints: list[list[Any]], today: date) -> dict[str, dict[str, Any]]:
    """Each complaint from its raw events: its status, what it was found to be, its rectification (awaiting,
    overdue, on_time, late: the first rectification against the due date), the complainant's last word."""
    found: dict[str, dict[str, Any]] = {}
    for events in complaints:
        filed = events[0]
        rectified = [e for e in events if type(e).__name__ == "Rectified"]
        calls = [e for e in events if type(e).__name__ == "CalledBack"]
        if rectified:
            rectification = "on_time" if day_of(rectified[0].occurred_at) <= filed.due_on else "late"
        else:
            rectification = "awaiting" if today <= filed.due_on else "overdue"
        last_word = calls[-1].satisfaction.value if calls else None
        if calls and type(events[-1]).__name__ == "CalledBack":
            status = "closed" if last_word != "dissatisfied" else "reopened"
        else:
            status = "rectified" if type(events[-1]).__name__ == "Rectified" else "filed"
        found[filed.complaint_no] = {
            "status": status,
            "verification": rectified[-1].verification.value if rectified else None,
            "rectification": rectification,
            "satisfaction": last_word,
            "rectifications": len(rectified),
        }
    return found


def plain_findings(findings: list[list[Any]]) -> dict[str, dict[str, Any]]:
    """Each finding from the raw events of all findings, taken in the order they were recorded (their events'
    timestamps): aggravating when another finding against the same person, recorded before it and not
    withdrawn by then, was decided in the twelve months up to it; standing unless withdrawn."""
    timeline = sorted((e for events in findings for e in events), key=lambda e: e.timestamp)
    decided: dict[str, tuple[str, date]] = {}
    withdrawn: set[str] = set()
    found: dict[str, dict[str, Any]] = {}
    for event in timeline:
        kind = type(event).__name__
        if kind == "Recorded":
            on = day_of(event.occurred_at)
            year_before = on.replace(year=on.year - 1) if (on.month, on.day) != (2, 29) else date(on.year - 1, 2, 28)
            prior = sorted(
                no
                for no, (person, day) in decided.items()
                if person == event.person_id and no not in withdrawn and year_before < day <= on
            )
            decided[event.finding_no] = (event.person_id, on)
            found[event.finding_no] = {
                "aggravating": bool(prior),
                "prior": " ".join(prior),
                "status": "standing",
                "defences": 0,
            }
        elif kind == "DefenceStated":
            found[_number_of(event, findings)]["defences"] += 1
        elif kind == "Withdrawn":
            number = _number_of(event, findings)
            withdrawn.add(number)
            found[number]["status"] = "withdrawn"
    return found


def _number_of(event: Any, findings: list[list[Any]]) -> str:
    for events in findings:
        if events[0].originator_id == event.originator_id:
            return str(events[0].finding_no)
    raise KeyError(event.originator_id)


def plain_casefile(case: PlainCase) -> dict[str, Any]:
    """A case's file from its raw events, plainly: its documents' gaps and its deadlines at the decision."""
    kinds = [type(e).__name__ for e in case.events]
    by_kind: dict[str, list[Any]] = {}
    for event in case.events:
        by_kind.setdefault(type(event).__name__, []).append(event)
    gaps = set()
    if "DeemedAccepted" in kinds:
        gaps.add("deemed")
    if kinds.count("SupplementRequested") > 1:
        gaps.add("second notice")
    signatures = by_kind.get("StepCompleted", []) + by_kind.get("JoinedStepSigned", [])
    if any(not e.opinion.strip() for e in signatures):
        gaps.add("no opinion")
    for decision in by_kind.get("DecisionMade", []) + by_kind.get("DecidedOnSpot", []):
        if not decision.document_no.strip():
            gaps.add("no decision number")
    for accepted in by_kind.get("Accepted", []):
        if not accepted.notice_no.strip():
            gaps.add("no acceptance number")
    ended = conclusion(case)
    kc = case.clocks.get("KC")
    if ended is not None and ended.used is not None and not ended.on_time and kc is not None:
        gaps.add("late decision")
    found: dict[str, Any] = {
        "supplement_notices": kinds.count("SupplementRequested"),
        "steps_signed": len(signatures),
        "returns": kinds.count("StepReturned"),
        "extension_days": sum(e.days for e in by_kind.get("ExtensionApproved", [])),
        "gaps": gaps,
    }
    if ended is not None and ended.used is not None:
        found |= {"wd_used": ended.used, "committed_breach": not ended.on_time}
    return found


def plain_pre_reviews(reviews: list[list[Any]], today: date) -> dict[str, dict[str, Any]]:
    """Each pre-review from its raw events: where it stands, its answers, how many came after the day of
    their round (the submission's or the last resubmission's ``answer_due``), and whether one is awaited
    past its day on ``today``."""
    found: dict[str, dict[str, Any]] = {}
    for events in reviews:
        submitted = events[0]
        due, answers, late, status, case_no = submitted.answer_due, 0, 0, "submitted", None
        for event in events[1:]:
            name = type(event).__name__
            if name == "Answered":
                answers += 1
                late += day_of(event.occurred_at) > due
                status = "incomplete" if event.missing else "complete"
            elif name == "Resubmitted":
                due, status = event.answer_due, "submitted"
            elif name == "Filed":
                status, case_no = "filed", event.case_no
            elif name == "Withdrawn":
                status = "withdrawn"
        found[submitted.pre_review_no] = {
            "status": status,
            "answers": answers,
            "late_answers": late,
            "case_no": case_no,
            "waiting_late": status == "submitted" and today > due,
        }
    return found


AGENCY_ENDS = {
    "DecisionMade",
    "DecidedOnSpot",
    "UpperLevelDecisionReceived",
    "IntakeRejected",
    "Withdrawn",
    "Terminated",
}


def plain_agency(cases: list[list[Any]], calendar: WorkingDays) -> dict[str, dict[str, Any]]:
    """Per agent, from the raw events of every case: the cases an agent filed (received through the agent
    channel), those concluded (decided, rejected at intake, withdrawn or terminated: the first of these),
    the enterprises served, and the average working days from receipt to conclusion."""
    agents: dict[str, dict[str, Any]] = {}
    for events in cases:
        received = events[0]
        if received.channel.value != "agent":
            continue
        agent = agents.setdefault(received.by.person_id, {"cases": 0, "days": [], "subjects": set()})
        agent["cases"] += 1
        agent["subjects"].add(received.applicant.subject_id)
        ends = [e for e in events if type(e).__name__ in AGENCY_ENDS]
        if ends:
            start, end = day_of(received.occurred_at), day_of(ends[0].occurred_at)
            agent["days"].append(working_days_between(calendar, start, end, []) if end > start else 0)
    return {
        agent_id: {
            "cases": a["cases"],
            "concluded": len(a["days"]),
            "enterprises": len(a["subjects"]),
            "avg_turnaround_wd": round(sum(a["days"]) / len(a["days"]), 2) if a["days"] else None,
        }
        for agent_id, a in agents.items()
    }


def plain_longest(plan: list[Any], days: str, end: str, green: bool) -> int:
    """The longest path to ``end`` through a project's plan, by the permits' ``days`` attribute, found by
    trying every chain of preconditions (a green channel ignores the orders of custom)."""
    by_key = {p.key: p for p in plan}

    def longest(key: str) -> int:
        permit = by_key[key]
        needs = permit.after if green else (*permit.after, *permit.soft_after)
        return getattr(permit, days) + max((longest(k) for k in needs), default=0)

    return longest(end)


def plain_meeting_actions(meetings: list[list[Any]], today: date) -> dict[tuple[str, str], str]:
    """Each action of each meeting from the raw events: done (by its day), done late, overdue, or open."""
    found: dict[tuple[str, str], str] = {}
    for events in meetings:
        held = events[0]
        done = {e.action_id: day_of(e.occurred_at) for e in events[1:] if type(e).__name__ == "ActionDone"}
        for action in held.actions:
            key = (held.meeting_no, action.action_id)
            if action.action_id in done:
                found[key] = "done" if done[action.action_id] <= action.due_on else "done_late"
            else:
                found[key] = "overdue" if today > action.due_on else "open"
    return found


def plain_mandates(mandates: list[list[Any]], today: date) -> dict[tuple[str, str], dict[str, Any]]:
    """Each mandate from its raw events: the terms its last signing gave, terminated on the day of a
    termination recorded after that signing, in force on ``today`` when not terminated and within its period."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for events in mandates:
        last_signing = max(i for i, e in enumerate(events) if type(e).__name__ in ("Signed", "Renewed"))
        last = events[last_signing]
        ends = [e for e in events[last_signing:] if type(e).__name__ == "Terminated"]
        terminated = day_of(ends[-1].occurred_at) if ends else None
        terms = last.terms
        found[(events[0].agent_id, events[0].subject_id)] = {
            "applicant_name": terms.applicant_name,
            "item_codes": ",".join(terms.items),
            "valid_until": terms.valid_until.isoformat(),
            "terminated_on": terminated.isoformat() if terminated else None,
            "in_force": terminated is None and terms.valid_from <= today <= terms.valid_until,
        }
    return found


def plain_consultations(consultations: list[list[Any]], calendar: WorkingDays, today: date) -> dict[str, str]:
    """How each question's answer stands, from its raw events: its day is the 3rd working day after the
    day it was asked (the 10th or 15th once reclassified), counted here by walking the calendar; answered by
    that day (done), after it (done late), or not yet: open, or overdue once ``today`` is past it."""
    found: dict[str, str] = {}
    for events in consultations:
        asked = events[0]
        days = 3
        answered = None
        for event in events[1:]:
            name = type(event).__name__
            if name == "Reclassified":
                days = {"complex": 10, "multi_department": 15}[event.kind.value]
            elif name == "Answered":
                answered = day_of(event.occurred_at)
        due, counted = day_of(asked.occurred_at), 0
        while counted < days:
            due += timedelta(days=1)
            counted += calendar.is_working_day(due)
        if answered is not None:
            found[asked.consultation_no] = "done" if answered <= due else "done_late"
        else:
            found[asked.consultation_no] = "overdue" if today > due else "open"
    return found
