"""The warnings and supervision register and the procedural red flags (电子监察, domain.md 5d/5f).

Besides the register, the number of warnings each holder drew in each calendar year is kept per
department and section as the warnings come (``WARNING_YEARS``), so that a whole year's responsibility
report reads a few rows, however many warnings the year held.
"""

from __future__ import annotations

from typing import Any

from application.projections.base import Context, Index, Projection, Recorded, ViewWriter, table
from application.projections.case_events import CASE_EVENTS, iso
from domain.case.values import WarningLevel
from domain.clocks import ClockName

WARNINGS = table(
    "view_warnings",
    key=("case_no", "clock", "step_index", "level"),
    # A department's warnings of a period, with what the responsibility report counts them by, are read
    # from the index alone (a busy department's year holds thousands).
    indexes=(Index(("department", "crossed_at"), include=("holder_id", "section")), ("holder_id",), ("crossed_at",)),
    case_no="text",
    clock="text",
    step_index="int",
    level="text",
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
ADVANCE = {WarningLevel.PROMPT.value, WarningLevel.YELLOW.value}  # auto-cleared by an on-time conclusion


class SupervisionView(Projection):
    """Every warning and breach with the holder it fell on, and the red flags inspectors look for."""

    name = "supervision"
    tables = (WARNINGS, WARNING_YEARS, RED_FLAGS)
    events = CASE_EVENTS

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:  # noqa: PLR0912 - per event
        event, kind = recorded.event, recorded.type
        key = recorded.key
        if kind == "Received":
            state: dict[str, Any] = {
                "case_no": event.case_no,
                "department": event.item.department,
                "signers": {},
                "returns": 0,
                "open": {},
                "flags": 0,
                "receiver": _who(event.by),
            }
        else:
            found = view.state(key)
            if found is None:
                return
            state = found
        at = recorded.at
        if kind in ("WarningRaised", "DeadlineBreached"):
            self._warning(state, event, view)
        elif kind == "DeemedAccepted":
            self._flag(
                state,
                view,
                "deemed_acceptance",
                "no one-time notice within 5 WD of receipt (Art. 32(4))",
                at,
                state["receiver"],
            )
        elif kind == "ConsentDeemed":
            self._flag(
                state,
                view,
                "co_department_timeout",
                f"{event.co_department} did not answer in time",
                at,
                {"department": event.co_department},
            )
        elif kind == "StepReturned":
            state["returns"] += 1
            if state["returns"] == 2:
                self._flag(state, view, "repeated_returns", "returned a second time (A010)", at, _who(event.by))
        elif kind == "StepCompleted":
            signed = state["signers"].setdefault(event.by.person_id, [])
            if signed and event.step_name not in signed:
                detail = f"{event.by.name} signed {event.step_name} after {', '.join(signed)}: no separate reviewer"
                self._flag(state, view, "same_signer", detail, at, _who(event.by))
            signed.append(event.step_name)
        elif kind == "HandOffReceived":
            state["holder"] = _who(event.by)
        elif kind == "Rated" and event.negative:
            # 谁办理、谁负责: a negative review falls on whoever last held the case.
            holder = state.get("holder", state["receiver"])
            self._flag(state, view, "negative_review", f"rated {event.stars} stars: {event.comment}", at, holder)
        elif kind in ("DecisionMade", "DecidedOnSpot", "UpperLevelDecisionReceived") and not state.get("late"):
            self._clear_advance_warnings(state, view, at)
        view.set_state(key, state)

    def _warning(self, state: dict[str, Any], event: Any, view: ViewWriter) -> None:
        step = -1 if event.step_index is None else event.step_index
        row = {
            "case_no": state["case_no"],
            "clock": event.clock.value,
            "step_index": step,
            "level": event.level.value,
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
        }
        view.upsert(WARNINGS.name, row)
        if row["crossed_at"]:
            # A case records each warning (clock, step, level) once (domain: due_alerts), so each is one
            # row of the register, counted once in the year it was crossed (as written, as a period compares).
            year = int(row["crossed_at"][:4])
            cell = {"year": year, "warnings": 0} | {c: row[c] or "" for c in ("department", "section", "holder_id")}
            view.add(WARNING_YEARS.name, cell, {"warnings": 1})
        if event.level.value in ADVANCE and event.clock is ClockName.KC:
            state["open"][f"{row['clock']}|{step}|{row['level']}"] = row
        if event.clock is ClockName.KC and event.level is WarningLevel.RED:
            state["late"] = True  # a case that went red keeps its warnings until an inspector disposes of them
        if event.level is WarningLevel.STATUTORY_BREACH:
            self._flag(
                state,
                view,
                "statutory_breach",
                f"KS ran out on {row['due_on']} (Arts 42/74)",
                row["crossed_at"],
                _who(event.holder),
            )
        elif event.clock is ClockName.KD:
            self._flag(
                state,
                view,
                "late_delivery",
                f"not delivered by {row['due_on']} (Art. 44)",
                row["crossed_at"],
                _who(event.holder),
            )

    @staticmethod
    def _clear_advance_warnings(state: dict[str, Any], view: ViewWriter, at: str | None) -> None:
        for row in state["open"].values():
            view.upsert(WARNINGS.name, {**row, "status": "cleared", "cleared_at": at})
        state["open"] = {}

    @staticmethod
    def _flag(
        state: dict[str, Any], view: ViewWriter, flag: str, detail: str, at: str | None, who: dict[str, Any]
    ) -> None:
        state["flags"] += 1
        view.upsert(
            RED_FLAGS.name,
            {
                "case_no": state["case_no"],
                "flag": flag,
                "seq": state["flags"],
                "detail": detail,
                "at": at,
                "person_id": who.get("person_id"),
                "person_name": who.get("person_name"),
                "department": who.get("department") or state["department"],
            },
        )


def _who(actor: Any) -> dict[str, Any]:
    return {"person_id": actor.person_id, "person_name": actor.name, "department": actor.department}
