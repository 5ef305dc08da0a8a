"""Custody intervals and delay attribution (责任倒查, domain.md 5e).

A case's time from receipt to its end is cut into intervals, each in exactly one bucket: a person and
section holding it (GOVT), the applicant (APPLICANT: supplementation that stops the clock), an Art. 45
procedure (EXCLUDED:type), the upper level (UPPER_LEVEL) or a co-department (CO_DEPT:code, when only its
opinion is awaited). Working days are counted per interval (those after its start day through its end
day), so the buckets of a case always add up to its elapsed working days. Days a holder spent in a
step past the step's due date are that holder's overrun days.

Besides the intervals, each person's, section's and department's totals of each calendar year are
kept as the intervals come (``YEARS``): a report on a whole year reads those few rows, however many
cases the year held. Distinct counts stay exact because each case's state remembers whom it has
already been counted for in which year, and which of its facts (concluded, on time, rated badly)
those counts hold, so that a later change of fact moves every total the case is in.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, TypedDict, cast

from application.projections.base import Context, Handlers, Index, Projection, Recorded, ViewWriter, table
from application.projections.case_events import CASE_EVENTS, clocks_of, day_of, iso
from domain.case.events import conclusion, handling, intake
from domain.clocks import ClockName
from domain.organisation.actors import Actor

# The responsibility report's groups and the columns that name each; a holder is a person's columns.
GROUP_KEYS = {
    "person": ("person_id", "person_name", "section", "department"),
    "section": ("section", "department"),
    "department": ("department",),
}
HOLDER = GROUP_KEYS["person"]
_PROJECTIONS = {level: tuple(HOLDER.index(c) for c in columns) for level, columns in GROUP_KEYS.items()}
FACTS = ("concluded", "on_time", "negative")
# What the responsibility totals read of an interval besides its department, bucket and start.
TOTALLED = ("person_id", "person_name", "section", "case_no", "step_index", "working_days", "overrun_days",
            "step_due", "day_zero", "concluded", "on_time", "negative")  # fmt: skip
RUNNING = ("person_id", "person_name", "section", "case_no", "step_index", "step_due", "day_zero")
OVERRAN = ("person_id", "person_name", "section", "department", "step_index", "from_at")
CUSTODY = table(
    "view_custody",
    key=("case_no", "seq"),
    # Who held it and when, the bucket second: the reports read the GOVT intervals of a holder's period.
    # A department's year is tens of thousands of intervals, on as many pages of the table: its index
    # carries what the totals read, so they are read from the index alone.
    indexes=(
        ("person_id", "bucket", "from_at"),
        ("section", "bucket", "from_at"),
        Index(("department", "bucket", "from_at"), include=TOTALLED),
        # The running intervals (at most one per open case), which a report counts up to today, and the
        # closed overruns of their steps, each read from a small index of its own: an open case's
        # intervals lie on as many pages of a table that holds every year.
        Index(("department", "from_at"), include=RUNNING, where="working_days IS NULL AND bucket = 'GOVT'"),
        Index(("case_no",), include=OVERRAN, where="overrun_days > 0 AND bucket = 'GOVT'"),
    ),
    case_no="text",
    seq="int",
    bucket="text",
    person_id="text",
    person_name="text",
    role="text",
    section="text",
    department="text",
    item_department="text",
    step_index="int",
    step_name="text",
    from_at="timestamp",
    to_at="timestamp",
    working_days="int",
    overrun_days="int",
    step_due="date",
    # The case's own facts, repeated on each of its intervals so that a report reads one table:
    day_zero="date",
    concluded="bool",
    on_time="bool",
    negative="bool",  # rated 1 or 2 stars (差评)
)
YEARS = table(
    "view_custody_year",
    key=("level", "year", "group_key"),
    indexes=(("level", "year", "department"),),
    level="text",  # person | section | department
    year="int",
    group_key="text",  # the group's columns joined, to key the row
    person_id="text",
    person_name="text",
    section="text",
    department="text",
    # As the responsibility report counts them over the GOVT intervals starting in the year:
    cases_held="int",
    working_days="int",  # of the closed intervals
    overrun_days="int",
    overrun_steps="int",
    concluded="int",
    on_time="int",
    negative="int",
)
ATTRIBUTION = table(
    "view_case_attribution",
    key=("case_no",),
    indexes=(("department",),),
    case_no="text",
    department="text",
    item_code="text",
    received_at="timestamp",
    day_zero="date",
    concluded_at="timestamp",
    elapsed_days="int",
    kc_due="date",
    delay_days="int",
    on_time="bool",
    returns="int",
    ended_at="timestamp",
    total_days="int",
)
ENDINGS = (
    conclusion.Delivered,
    conclusion.Withdrawn,
    conclusion.Terminated,
    intake.IntakeRejected,
    conclusion.PledgeFoundFalse,
)
DECISIONS = (conclusion.DecisionMade, intake.DecidedOnSpot, handling.UpperLevelDecisionReceived)
# A case concludes with its decision; a report-up item's county stage, when it is forwarded.
CONCLUSIONS = (conclusion.DecisionMade, intake.DecidedOnSpot, handling.ForwardedUp)


class Holder(TypedDict, total=False):
    """A person as they held a case."""

    person_id: str
    person_name: str
    role: str
    section: str | None
    department: str | None


class Segment(Holder, total=False):
    """The interval of custody now open: its bucket, since when, in which step, and its holder (GOVT)."""

    seq: int
    bucket: str
    from_at: str | None
    step_index: int | None
    step_name: str | None
    step_due: str | None


class CustodyState(TypedDict, total=False):
    """What the view keeps per case: the attribution row's columns, the open segment, and what the year
    totals have counted the case for (``held``, ``overran``, ``counted``)."""

    case_no: str
    department: str
    item_code: str
    received_at: str | None
    day_zero: str
    seq: int
    segment: Segment | None
    step_index: int | None
    steps: list[str]
    co_outstanding: list[str]
    returns: int
    holder: Holder
    ended: bool
    ended_at: str | None
    total_days: int
    step_due: str | None
    kc_due: str | None
    concluded_at: str | None
    elapsed_days: int
    delay_days: int
    on_time: bool
    negative: bool
    held: dict[str, list[list[Any]]]  # year -> the holders counted
    overran: dict[str, list[list[Any]]]  # year -> the holders with the step they overran
    counted: list[int]  # the facts its counts hold: concluded, on time, negative


class ResponsibilityView(Projection):
    """Who held each case when, in which step, and who overran."""

    name = "responsibility"
    tables = (CUSTODY, ATTRIBUTION, YEARS)
    events = CASE_EVENTS

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        event = recorded.event
        key = recorded.key
        if isinstance(event, intake.Received):
            state = self._start(event, context)
        else:
            found = cast(CustodyState | None, view.state(key))
            if found is not None and isinstance(event, conclusion.Rated):
                self._rated(found, event, view)  # a rating comes after the end; it marks every interval
                view.set_state(key, cast(dict[str, Any], found))
                return
            if found is None or found["ended"]:
                return  # nothing after the end moves custody
            state = found
        self._dues(state, event)
        segment = self._next_segment(state, event)
        if segment is not None:
            self._close(state, recorded.at, view, context)
            if segment:
                self._open(state, segment, recorded.at, view)
        if type(event) in CONCLUSIONS:
            self._conclude(state, event, context)
            self._facts_changed(state, view)
        if type(event) in ENDINGS:
            state["ended"] = True
            state["ended_at"] = recorded.at
            zero = date.fromisoformat(state["day_zero"])
            state["total_days"] = context.calendar.count(zero, max(day_of(state["ended_at"] or ""), zero))
        view.set_state(key, cast(dict[str, Any], state))
        view.upsert(ATTRIBUTION.name, {c: state.get(c) for c in ATTRIBUTION.column_names})

    @staticmethod
    def _start(event: intake.Received, context: Context) -> CustodyState:
        received = iso(event.occurred_at)
        zero = context.calendar.day_zero(day_of(received or ""))
        return CustodyState(
            case_no=event.case_no,
            department=event.item.department,
            item_code=event.item.code,
            received_at=received,
            day_zero=zero.isoformat(),
            seq=0,
            segment=None,
            step_index=None,
            steps=[s.name for s in event.item.steps],
            co_outstanding=[],
            returns=0,
            holder=_person(event.by),
            ended=False,
        )

    @staticmethod
    def _dues(state: CustodyState, event: object) -> None:
        for clock in clocks_of(event):
            if clock.name is ClockName.STEP:
                state["step_due"] = iso(clock.due.on)
            elif clock.name is ClockName.KC:
                state["kc_due"] = iso(clock.due.on)

    @staticmethod
    def _next_segment(state: CustodyState, event: object) -> Segment | None:
        """The segment that starts with this event: None keeps the current one, {} ends custody."""
        handler = segments.get(type(event))
        return handler(state, event) if handler is not None else None

    def _open(self, state: CustodyState, segment: Segment, at: str | None, view: ViewWriter) -> None:
        index = state["step_index"]
        steps = state["steps"]
        state["seq"] += 1
        holder = state["holder"] if segment["bucket"] == "GOVT" else Holder()
        opened = Segment(
            **holder,
            seq=state["seq"],
            bucket=segment["bucket"],
            from_at=at,
            step_index=index,
            step_name=steps[index] if index is not None and index < len(steps) else None,
            step_due=state.get("step_due") if index is not None else None,
        )
        state["segment"] = opened
        view.upsert(CUSTODY.name, self._row(state, opened, None, None, None))
        if segment["bucket"] == "GOVT" and at:
            _count_holder(state, opened, view)

    def _close(self, state: CustodyState, at: str | None, view: ViewWriter, context: Context) -> None:
        segment = state["segment"]
        if segment is None or at is None:
            return
        calendar = context.calendar
        zero = date.fromisoformat(state["day_zero"])
        start, end = max(day_of(segment["from_at"] or ""), zero), max(day_of(at), zero)
        days = calendar.count(start, end)
        overrun = 0
        step_due = segment.get("step_due")
        if segment["bucket"] == "GOVT" and step_due:
            due = date.fromisoformat(step_due)
            overrun = calendar.count(max(start, due), end)
        view.upsert(CUSTODY.name, self._row(state, segment, at, days, overrun))
        if segment["bucket"] == "GOVT" and segment["from_at"]:
            _count_days(state, segment, days, overrun, view)
        state["segment"] = None

    @staticmethod
    def _row(
        state: CustodyState, seg: Segment, to_at: str | None, days: int | None, overrun: int | None
    ) -> dict[str, Any]:
        return {
            "case_no": state["case_no"],
            "seq": seg["seq"],
            "bucket": seg["bucket"],
            "person_id": seg.get("person_id"),
            "person_name": seg.get("person_name"),
            "role": seg.get("role"),
            "section": seg.get("section"),
            "department": seg.get("department"),
            "item_department": state["department"],
            "step_index": seg["step_index"],
            "step_name": seg["step_name"],
            "from_at": seg["from_at"],
            "to_at": to_at,
            "working_days": days,
            "overrun_days": overrun,
            "step_due": seg.get("step_due"),
            "day_zero": state["day_zero"],
            **ResponsibilityView._facts(state),
        }

    @staticmethod
    def _facts(state: CustodyState) -> dict[str, Any]:
        return {
            "concluded": state.get("concluded_at") is not None,
            "on_time": bool(state.get("on_time")),
            "negative": bool(state.get("negative")),
        }

    def _facts_changed(self, state: CustodyState, view: ViewWriter) -> None:
        """The case's facts (concluded, on time, rated badly) changed: every interval and every year
        total the case is in follows."""
        facts = self._facts(state)
        view.update(CUSTODY.name, {"case_no": state["case_no"]}, facts)
        _recount_facts(facts, state, view)

    def _rated(self, state: CustodyState, event: conclusion.Rated, view: ViewWriter) -> None:
        state["negative"] = event.negative
        self._facts_changed(state, view)

    @staticmethod
    def _conclude(
        state: CustodyState,
        event: conclusion.DecisionMade | intake.DecidedOnSpot | handling.ForwardedUp,
        context: Context,
    ) -> None:
        at = iso(event.occurred_at) or ""
        zero = date.fromisoformat(state["day_zero"])
        day = max(day_of(at), zero)
        state["concluded_at"] = at
        state["elapsed_days"] = context.calendar.count(zero, day)
        kc_due = state.get("kc_due")
        delay = context.calendar.count(date.fromisoformat(kc_due), day) if kc_due else 0
        state["delay_days"], state["on_time"] = delay, delay == 0


segments = Handlers()  # the segment of custody an event starts: None keeps the current one, {} ends custody


def _working(state: CustodyState) -> Segment:
    """Back with the holder, or waiting for a co-department once every step is signed."""
    index = state["step_index"]
    if index is not None and index >= len(state["steps"]) and state["co_outstanding"]:
        return Segment(bucket=f"CO_DEPT:{state['co_outstanding'][0]}")
    return Segment(bucket="GOVT")


@segments(intake.Received)
def _received(state: CustodyState, event: intake.Received) -> Segment:
    return Segment(bucket="GOVT")


@segments(handling.HandOffReceived)
def _taken_over(state: CustodyState, event: handling.HandOffReceived) -> Segment:
    state["holder"] = _person(event.by)
    return _working(state)


@segments(intake.SupplementRequested)
def _supplement_requested(state: CustodyState, event: intake.SupplementRequested) -> Segment:
    return Segment(bucket="APPLICANT")


@segments(intake.Accepted, intake.DeemedAccepted)
def _accepted(state: CustodyState, event: intake.Accepted | intake.DeemedAccepted) -> Segment:
    state["step_index"] = 0
    state["steps"] = [s.name for s in event.item.steps]
    state["co_outstanding"] = list(event.item.co_departments)
    return Segment(bucket="GOVT")


@segments(handling.StepCompleted)
def _step_completed(state: CustodyState, event: handling.StepCompleted) -> Segment:
    state["step_index"] = event.step_index + 1
    if event.next_step is None:
        state["step_due"] = None
    return _working(state)


@segments(handling.StepsJoined)
def _steps_joined(state: CustodyState, event: handling.StepsJoined) -> Segment:
    return _working(state)  # a new interval from the joining, with the widened budget's due date


@segments(handling.JoinedStepSigned)
def _joined_step_signed(state: CustodyState, event: handling.JoinedStepSigned) -> Segment | None:
    if event.outstanding:
        return None  # the holder still answers for the joint review
    state["step_index"] = len(state["steps"])
    state["step_due"] = None
    return _working(state)


@segments(handling.StepReturned)
def _step_returned(state: CustodyState, event: handling.StepReturned) -> Segment:
    state["step_index"] = event.to_index
    state["returns"] += 1
    return _working(state)


@segments(handling.SpecialProcedureStarted)
def _excluded(state: CustodyState, event: handling.SpecialProcedureStarted) -> Segment:
    return Segment(bucket=f"EXCLUDED:{event.procedure.value}")


@segments(handling.PostAcceptanceSupplementRequested)
def _applicant_asked(state: CustodyState, event: handling.PostAcceptanceSupplementRequested) -> Segment | None:
    return Segment(bucket="APPLICANT") if event.pauses_clock else None


@segments(handling.OpinionGiven, handling.ConsentDeemed)
def _co_department_done(state: CustodyState, event: handling.OpinionGiven | handling.ConsentDeemed) -> Segment:
    state["co_outstanding"] = [d for d in state["co_outstanding"] if d != event.co_department]
    return _working(state)


@segments(handling.ForwardedUp)
def _forwarded(state: CustodyState, event: handling.ForwardedUp) -> Segment:
    return Segment(bucket="UPPER_LEVEL")


@segments(*DECISIONS)
def _decided(
    state: CustodyState,
    event: conclusion.DecisionMade | intake.DecidedOnSpot | handling.UpperLevelDecisionReceived,
) -> Segment:
    state["step_index"], state["step_due"] = None, None
    return Segment(bucket="GOVT")


@segments(*ENDINGS)
def _ended(
    state: CustodyState,
    event: conclusion.Delivered
    | conclusion.Withdrawn
    | conclusion.Terminated
    | intake.IntakeRejected
    | conclusion.PledgeFoundFalse,
) -> Segment:
    return Segment()


@segments(intake.SupplementProvided, handling.SpecialProcedureEnded, handling.PostAcceptanceSupplementProvided)
def _back(
    state: CustodyState,
    event: intake.SupplementProvided | handling.SpecialProcedureEnded | handling.PostAcceptanceSupplementProvided,
) -> Segment:
    return _working(state)


def _person(actor: Actor) -> Holder:
    return Holder(
        person_id=actor.person_id,
        person_name=actor.name,
        role=actor.role.value,
        section=actor.section,
        department=actor.department,
    )


# The year totals. A case's state keeps, per year, the holders it has been counted for ("held"), the
# holders with the steps it has counted an overrun for ("overran"), and the facts its counts hold.


def _groups(holders: list[list[Any]]) -> set[tuple[str, tuple[Any, ...]]]:
    """Every (level, group) these holders make up: each holder is in a person, section and department."""
    return {(level, tuple(h[i] for i in at)) for h in holders for level, at in _PROJECTIONS.items()}


def _step_groups(overran: list[list[Any]]) -> set[tuple[str, tuple[Any, ...], int]]:
    return {(level, group, entry[-1]) for entry in overran for level, group in _groups([entry[:-1]])}


@lru_cache(maxsize=8192)  # a few rows per holder and year, made for every interval: read-only, ``add`` copies
def _total_row(level: str, year: str, group: tuple[Any, ...]) -> dict[str, Any]:
    named = dict(zip(GROUP_KEYS[level], group, strict=True))
    joined = "\x1f".join(v or "" for v in group)
    return {"level": level, "year": int(year), "group_key": joined} | {c: named.get(c) for c in HOLDER}


def _holder(segment: Segment) -> tuple[str, list[Any]]:
    """The year an interval started in (as its start is written, and so compared by a report's period),
    and who held it."""
    return (segment["from_at"] or "")[:4], [segment.get(c) for c in HOLDER]


def _count_holder(state: CustodyState, segment: Segment, view: ViewWriter) -> None:
    """A GOVT interval opened: the case counts once for each group of its holder new to it that year."""
    year, holder = _holder(segment)
    held = state.setdefault("held", {}).setdefault(year, [])
    if holder in held:
        return
    new = _groups([*held, holder]) - _groups(held)
    held.append(holder)
    facts = dict(zip(FACTS, state.get("counted") or (0, 0, 0), strict=True))
    for level, group in new:
        view.add(YEARS.name, _total_row(level, year, group), {"cases_held": 1, **facts})


def _count_days(state: CustodyState, segment: Segment, days: int, overrun: int, view: ViewWriter) -> None:
    """A GOVT interval closed: its days go to its holder's groups of the year it started in, and an
    overrun of a step counts once per group and step."""
    year, holder = _holder(segment)
    step = segment["step_index"] if segment["step_index"] is not None else -1
    overran = state.setdefault("overran", {}).setdefault(year, [])
    new_steps: set[tuple[str, tuple[Any, ...], int]] = set()
    if overrun > 0 and [*holder, step] not in overran:
        had = _step_groups(overran)
        overran.append([*holder, step])
        new_steps = _step_groups(overran) - had
    for level, group in _groups([holder]):
        amounts = {"working_days": days, "overrun_days": overrun}
        if (level, group, step) in new_steps:
            amounts["overrun_steps"] = 1
        view.add(YEARS.name, _total_row(level, year, group), amounts)


def _recount_facts(facts: dict[str, Any], state: CustodyState, view: ViewWriter) -> None:
    """Every year total the case is counted in moves by the change of its ``facts`` (a case counts as
    on time only once concluded, as the report counts it)."""
    concluded = facts["concluded"]
    now = [int(concluded), int(concluded and facts["on_time"]), int(facts["negative"])]
    before = state.get("counted") or [0, 0, 0]
    if now == before:
        return
    change = {fact: n - b for fact, n, b in zip(FACTS, now, before, strict=True) if n != b}
    for year, holders in state.get("held", {}).items():
        for level, group in _groups(holders):
            view.add(YEARS.name, _total_row(level, year, group), change)
    state["counted"] = now
