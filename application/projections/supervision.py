"""The warnings and supervision register, the procedural red flags (电子监察, domain.md 5d/5f) and the
nonconformity register (ISO 9001 8.7).

A warning's row follows its life (``domain.case.runs``): open, superseded by a higher level of the same
run, cleared by the act that ended its run, or withdrawn by a late act that showed it never happened,
with the instant and the cause. The nonconformity register holds one row per breach (a clock, step and
level of a case, however many runs breached it) and one per procedural red flag or negative review, each
with a stable id and all its sources, and one per complaint found substantiated or partly so.

Besides the register, the number of warnings each holder drew in each calendar year is kept per
department and section as the warnings come (``WARNING_YEARS``), so that a whole year's responsibility
report reads a few rows, however many warnings the year held.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, TypedDict, cast

from application.projections.base import Context, Index, Projection, Recorded, ViewWriter, table
from application.projections.case_events import iso
from domain.business_time import legal_day
from domain.calendar.working_days import WorkingDays
from domain.case.escalation import LAPSE_AFTER, LAPSING, SUPERVISE_WITHIN, lapses_after, supervise_by
from domain.case.events import conclusion, handling, intake
from domain.case.runs import BREACHES, RANK, warning_key
from domain.case.values import WarningLevel
from domain.clocks import ClockName
from domain.errors import CalendarUnavailable
from domain.organisation.actors import Actor
from domain.quality.internal_audit import InternalAudit
from domain.supervision.complaint import Complaint, Source, Verification

WARNINGS = table(
    "view_warnings",
    key=("case_no", "clock", "step_index", "level", "run"),
    # A department's warnings of a period, with what the responsibility report counts them by, are read
    # from the index alone (a busy department's year holds thousands).
    indexes=(
        Index(("department", "crossed_at"), include=("holder_id", "section")),
        ("holder_id",),
        ("crossed_at",),
        # The watcher's questions: which alarms no order took up in time, which warnings lapse (a few rows).
        Index(("supervise_by",), where="unsupervised_at IS NULL"),
        Index(("lapses_after",), where="status = 'open'"),
    ),
    case_no="text",
    clock="text",
    step_index="int",
    level="text",
    run="int",
    rule_id="text",
    crossed_at="timestamp",
    recorded_at="timestamp",
    holder_id="text",
    holder_name="text",
    section="text",
    department="text",
    due_on="date",
    calendar="text",
    status="text",
    cleared_at="timestamp",
    cause="text",
    supervise_by="date",  # an alarm's last day to open supervision on it (B001)
    unsupervised_at="timestamp",  # when that day ran out with no order (B001 recorded)
    lapses_after="date",  # a prompt's or yellow warning's last day before it lapses
)
WARNING_YEARS = table(
    "view_warning_year",
    # The finest cell the register can be filtered and grouped by (the year of crossing as written, the
    # case's department, the holder's section, the holder); no part of a key is null, so "" for none.
    key=("year", "department", "section", "holder_id"),
    year="int",
    department="text",
    section="text",
    holder_id="text",
    warnings="int",
)
RED_FLAGS = table(
    "view_red_flags",
    key=("case_no", "flag", "seq"),
    indexes=(("department",), ("flag",)),
    case_no="text",
    flag="text",
    seq="int",
    detail="text",
    at="timestamp",
    person_id="text",
    person_name="text",
    department="text",
)
NONCONFORMITIES = table(
    "view_nonconformities",
    key=("nc_id",),
    indexes=(("department", "raised_at"), ("case_no",)),
    nc_id="text",
    source="text",
    case_no="text",
    description="text",
    sources="text",
    raised_at="timestamp",
    department="text",
    person_id="text",
    status="text",
)
BREACH_FLAGS = {ClockName.KS: "statutory_breach", ClockName.KD: "late_delivery"}


class Who(TypedDict, total=False):
    """Whom a red flag falls on: a person (with their department), or a department alone."""

    person_id: str
    person_name: str
    department: str | None


class Breach(TypedDict):
    """A nonconformity for a breach: the warnings (key -> crossed at) it stands for, its row, its red flag."""

    keys: dict[str, str]
    row: dict[str, Any] | None
    flag: list[Any] | None  # [flag, seq] of the red flag it joined


class SupervisionState(TypedDict):
    """What the view keeps per case between its events."""

    case_no: str
    department: str
    signers: dict[str, list[str]]  # person id -> the steps they signed
    returns: int
    warnings: dict[str, dict[str, Any]]  # warning key -> its row of the register (but withdrawn ones)
    breaches: dict[str, Breach]  # nonconformity id -> the breach
    flags: int
    receiver: Who
    holder: Who | None


class SupervisionView(Projection):
    """Every warning and breach with the holder it fell on, and the red flags inspectors look for."""

    name = "supervision"
    tables = (WARNINGS, WARNING_YEARS, RED_FLAGS, NONCONFORMITIES)
    # Only the events that change the register or the state it keeps: the others are never read.
    events = (
        intake.Received,
        intake.DeemedAccepted,
        handling.HandOffReceived,
        handling.StepCompleted,
        handling.JoinedStepSigned,
        handling.StepReturned,
        handling.ConsentDeemed,
        conclusion.WarningRaised,
        conclusion.DeadlineBreached,
        conclusion.WarningsCleared,
        conclusion.SupervisionNotOpened,
        conclusion.Rated,
        Complaint.Filed,
        Complaint.Rectified,
        InternalAudit.FindingRaised,
    )

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        event = recorded.event
        if isinstance(event, Complaint.Filed | Complaint.Rectified):
            self._complaint(event, recorded, view)
            return
        if isinstance(event, InternalAudit.FindingRaised):
            self._audit_finding(event, recorded, view)
            return
        if isinstance(event, intake.Received):
            state = SupervisionState(
                case_no=event.case_no,
                department=event.item.department,
                signers={},
                returns=0,
                warnings={},  # the case's rows (but withdrawn ones), by warning key
                breaches={},  # nonconformity id -> the keys of the breaches it stands for
                flags=0,
                receiver=_who(event.by),
                holder=None,
            )
        else:
            found = view.state(recorded.key)
            if found is None:
                return
            state = cast(SupervisionState, found)
        self._evolve(state, event, view, recorded.at, context)
        view.set_state(recorded.key, cast(dict[str, Any], state))

    def _evolve(
        self, state: SupervisionState, event: object, view: ViewWriter, at: str | None, context: Context
    ) -> None:
        match event:
            case handling.HandOffReceived():
                state["holder"] = _who(event.by)
            case handling.StepCompleted() | handling.JoinedStepSigned():
                signed = state["signers"].setdefault(event.by.person_id, [])
                if signed and event.step_name not in signed:
                    detail = f"{event.by.name} signed {event.step_name} after {', '.join(signed)}: no separate reviewer"
                    self._flag(state, view, "same_signer", detail, at, _who(event.by))
                signed.append(event.step_name)
            case conclusion.WarningRaised() | conclusion.DeadlineBreached():
                self._warning(state, event, view, context.calendar)
            case conclusion.WarningsCleared():
                self._settle(state, event, view, at)
            case conclusion.SupervisionNotOpened():
                row = state["warnings"].get(event.warning)
                if row is not None:
                    row["unsupervised_at"] = iso(event.crossed_at)
                    view.upsert(WARNINGS.name, row)
            case conclusion.Rated() if event.negative:
                # 谁办理、谁负责: a negative review falls on whoever last held the case.
                holder = state.get("holder") or state["receiver"]
                self._flag(state, view, "negative_review", f"rated {event.stars} stars: {event.comment}", at, holder)
            case handling.StepReturned():
                state["returns"] += 1
                if state["returns"] == 2:
                    self._flag(state, view, "repeated_returns", "returned a second time (A010)", at, _who(event.by))
            case intake.DeemedAccepted():
                detail = "no one-time notice within 5 WD of receipt (Art. 32(4))"
                self._flag(state, view, "deemed_acceptance", detail, at, state["receiver"])
            case handling.ConsentDeemed():
                detail = f"{event.co_department} did not answer in time"
                self._flag(state, view, "co_department_timeout", detail, at, Who(department=event.co_department))

    @staticmethod
    def _complaint(event: Complaint.Filed | Complaint.Rectified, recorded: Recorded, view: ViewWriter) -> None:
        """A complaint found substantiated, or partly, is a nonconformity (``NC-{complaint}``) that corrective
        actions can name; a later rectification that finds it unfounded withdraws it. A negative rating taken
        up as a complaint is already a nonconformity (its ``negative_review`` flag): it raises no second one."""
        if isinstance(event, Complaint.Filed):
            if event.source is Source.RATING:
                return
            view.set_state(
                recorded.key,
                {
                    "nc_id": f"NC-{event.complaint_no}",
                    "case_no": event.case_no,
                    "department": event.department,
                    "person_id": event.person_id,
                    "description": f"complaint {event.kind.value}: {event.content[:200]}",
                },
            )
            return
        state = view.state(recorded.key)
        if state is None:
            return
        founded = event.verification is not Verification.UNFOUNDED
        if not founded and "raised_at" not in state:
            return  # unfounded from the start: never a nonconformity
        state.setdefault("raised_at", recorded.at)
        row = {
            **{k: state[k] for k in ("nc_id", "case_no", "department", "person_id", "description")},
            "source": "complaint",
            "sources": f"complaint {event.verification.value}",
            "raised_at": state["raised_at"],
            "status": "open" if founded else "withdrawn",
        }
        view.set_state(recorded.key, state)
        view.upsert(NONCONFORMITIES.name, row)

    @staticmethod
    def _audit_finding(event: InternalAudit.FindingRaised, recorded: Recorded, view: ViewWriter) -> None:
        """An internal audit's finding is a nonconformity (ISO 9001 9.2.2 e) that corrective actions can name."""
        row = {
            "nc_id": event.nc_id,
            "source": "audit",
            "case_no": event.case_no,
            "description": f"{event.clause} {event.nature.value}: {event.description[:200]}",
            "sources": f"internal audit {event.nc_id.removeprefix('NC-').rsplit('-', 1)[0]}",
            "raised_at": recorded.at,
            "department": event.department,
            "person_id": None,
            "status": "open",
        }
        view.upsert(NONCONFORMITIES.name, row)

    def _warning(
        self,
        state: SupervisionState,
        event: conclusion.WarningRaised | conclusion.DeadlineBreached,
        view: ViewWriter,
        calendar: WorkingDays,
    ) -> None:
        step = -1 if event.step_index is None else event.step_index
        run = getattr(event, "run", 0)
        key = warning_key(event.clock, event.step_index, event.level, run)
        row = {
            "case_no": state["case_no"],
            "clock": event.clock.value,
            "step_index": step,
            "level": event.level.value,
            "run": run,
            "rule_id": event.rule_id,
            "crossed_at": iso(event.crossed_at),
            "recorded_at": iso(event.occurred_at),
            "holder_id": event.holder.person_id,
            "holder_name": event.holder.name,
            "section": event.holder.section,
            "department": state["department"],
            "due_on": iso(getattr(event, "due_on", None)),
            "calendar": event.calendar,
            "status": "open",
            "cleared_at": None,
            "cause": None,
            "unsupervised_at": None,
            **_watch_dates(event.level, event.crossed_at, calendar),
        }
        for other in state["warnings"].values():
            if (
                other["status"] in ("open", "cleared")
                and (other["clock"], other["step_index"], other["run"]) == (row["clock"], step, run)
                and RANK[WarningLevel(other["level"])] < RANK[event.level]
                and other["crossed_at"] <= row["crossed_at"]
            ):
                other.update(status="superseded", cleared_at=row["crossed_at"], cause=f"superseded:{key}")
                view.upsert(WARNINGS.name, other)
        state["warnings"][key] = row
        view.upsert(WARNINGS.name, row)
        self._count(row, view, 1)
        if event.level in (WarningLevel.RED, WarningLevel.STATUTORY_BREACH):
            self._breach(state, key, row, event, view)

    @staticmethod
    def _count(row: dict[str, Any], view: ViewWriter, amount: int) -> None:
        # A case records each warning (clock, step, level, run) once (domain: due_alerts), so each is one
        # row of the register, counted once in the year it was crossed (as written, as a period compares).
        year = int(row["crossed_at"][:4])
        cell = {"year": year, "warnings": 0} | {c: row[c] or "" for c in ("department", "section", "holder_id")}
        view.add(WARNING_YEARS.name, cell, {"warnings": amount})

    def _breach(
        self,
        state: SupervisionState,
        key: str,
        row: dict[str, Any],
        event: conclusion.WarningRaised | conclusion.DeadlineBreached,
        view: ViewWriter,
    ) -> None:
        """One nonconformity per breach of a clock (and step) of the case, however many runs breached it:
        raised when the first of them was crossed."""
        nc_id = f"NC-{state['case_no']}-{row['clock']}-{row['level']}-{row['step_index']}"
        breach = state["breaches"].setdefault(nc_id, Breach(keys={}, row=None, flag=None))
        breach["keys"][key] = row["crossed_at"]
        if len(breach["keys"]) == 1:
            sources = [f"{event.rule_id} {row['clock']} {row['level']}"]
            flag = BREACH_FLAGS.get(event.clock)
            if flag is not None:
                detail = (
                    f"KS ran out on {row['due_on']} (Arts 42/74)"
                    if event.clock is ClockName.KS
                    else f"not delivered by {row['due_on']} (Art. 44)"
                )
                seq = self._flag(state, view, flag, detail, row["crossed_at"], _who(event.holder), nc=False)
                breach["flag"] = [flag, seq]
                sources.append(f"red flag {flag}")
            breach["row"] = {
                "nc_id": nc_id,
                "source": "overdue",
                "case_no": state["case_no"],
                "description": f"{row['clock']} {row['level']} (due {row['due_on']})",
                "sources": "; ".join(sources),
                "department": state["department"],
                "person_id": row["holder_id"],
            }
        self._put_breach(breach, view)

    @staticmethod
    def _put_breach(breach: Breach, view: ViewWriter) -> None:
        keys = breach["keys"]
        status = {"status": "open", "raised_at": min(keys.values())} if keys else {"status": "withdrawn"}
        view.upsert(NONCONFORMITIES.name, {"raised_at": None, **(breach["row"] or {}), **status})

    def _settle(
        self, state: SupervisionState, event: conclusion.WarningsCleared, view: ViewWriter, at: str | None
    ) -> None:
        """A ``WarningsCleared``: withdrawn rows (and what they had superseded stands again), cleared rows."""
        warnings = state["warnings"]
        for key in event.withdrawn:
            row = warnings.pop(key, None)
            if row is None:
                continue
            withdrawn = {"status": "withdrawn", "cleared_at": at, "cause": f"withdrawn:{event.act}"}
            view.upsert(WARNINGS.name, {**row, **withdrawn})
            self._count(row, view, -1)
            for other in warnings.values():
                if other["status"] == "superseded" and other["cause"] == f"superseded:{key}":
                    other.update(status="open", cleared_at=None, cause=None)
                    view.upsert(WARNINGS.name, other)
            self._unbreach(state, key, view)
        for key in event.cleared:
            row = warnings.get(key)
            if row is not None:
                row.update(status="cleared", cleared_at=at, cause=event.act)
                view.upsert(WARNINGS.name, row)

    def _unbreach(self, state: SupervisionState, key: str, view: ViewWriter) -> None:
        for breach in state["breaches"].values():
            if key in breach["keys"]:
                del breach["keys"][key]
                if not breach["keys"] and breach["flag"] is not None:
                    flag, seq = breach["flag"]
                    breach["flag"] = None
                    view.delete(RED_FLAGS.name, {"case_no": state["case_no"], "flag": flag, "seq": seq})
                self._put_breach(breach, view)
                return

    @staticmethod
    def _flag(
        state: SupervisionState,
        view: ViewWriter,
        flag: str,
        detail: str,
        at: str | None,
        who: Who,
        *,
        nc: bool = True,
    ) -> int:
        """Record a red flag; unless it stands for a breach (whose nonconformity row it joins), it is a
        nonconformity of its own. Returns its number within the case."""
        seq: int = state["flags"] + 1
        state["flags"] = seq
        department = who.get("department") or state["department"]
        view.upsert(
            RED_FLAGS.name,
            {
                "case_no": state["case_no"],
                "flag": flag,
                "seq": seq,
                "detail": detail,
                "at": at,
                "person_id": who.get("person_id"),
                "person_name": who.get("person_name"),
                "department": department,
            },
        )
        if nc:
            view.upsert(
                NONCONFORMITIES.name,
                {
                    "nc_id": f"NC-{state['case_no']}-{flag}-{seq}",
                    "source": "negative_review" if flag == "negative_review" else "red_flag",
                    "case_no": state["case_no"],
                    "description": f"{flag}: {detail}",
                    "sources": f"red flag {flag}",
                    "raised_at": at,
                    "department": department,
                    "person_id": who.get("person_id"),
                    "status": "open",
                },
            )
        return seq


def _watch_dates(level: WarningLevel, crossed_at: datetime, calendar: WorkingDays) -> dict[str, str | None]:
    """The days the watcher looks at a warning again (``domain.case.escalation``): an alarm's last day for
    supervision, a prompt's or yellow warning's last day standing. On a calendar not yet loaded they are
    put at the earliest they could be (the watcher's case decides on the calendars then in force)."""
    alarm = level in BREACHES
    if not alarm and level not in LAPSING:
        return {"supervise_by": None, "lapses_after": None}
    try:
        day = supervise_by(crossed_at, calendar) if alarm else lapses_after(crossed_at, calendar)
    except CalendarUnavailable:
        day = legal_day(crossed_at) + timedelta(days=SUPERVISE_WITHIN if alarm else LAPSE_AFTER)
    return (
        {"supervise_by": iso(day), "lapses_after": None} if alarm else {"supervise_by": None, "lapses_after": iso(day)}
    )


def _who(actor: Actor) -> Who:
    return Who(person_id=actor.person_id, person_name=actor.name, department=actor.department)
