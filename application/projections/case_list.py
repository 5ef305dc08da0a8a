"""The case list and work queues (办件列表 / 待办): one row per case, by holder, section, status, due date."""

from __future__ import annotations

from typing import Any

from application.projections.base import Context, Projection, Recorded, ViewWriter, table
from application.projections.case_events import CASE_EVENTS, clocks_of, iso
from domain.case.runs import warning_key
from domain.case.values import CaseStatus, WarningLevel
from domain.clocks import ClockName

LEVEL_ORDER = [
    None,
    WarningLevel.PROMPT.value,
    WarningLevel.YELLOW.value,
    WarningLevel.RED.value,
    WarningLevel.STATUTORY_BREACH.value,
]
STATUS_OF = {
    "Received": CaseStatus.RECEIVED,
    "SupplementRequested": CaseStatus.SUPPLEMENT_REQUESTED,
    "SupplementProvided": CaseStatus.RECEIVED,
    "Accepted": CaseStatus.IN_PROGRESS,
    "DeemedAccepted": CaseStatus.IN_PROGRESS,
    "IntakeRejected": CaseStatus.REJECTED_AT_INTAKE,
    "DecidedOnSpot": CaseStatus.DECIDED,
    "SpecialProcedureStarted": CaseStatus.SUSPENDED,
    "SpecialProcedureEnded": CaseStatus.IN_PROGRESS,
    "PostAcceptanceSupplementRequested": CaseStatus.AWAITING_APPLICANT,
    "PostAcceptanceSupplementProvided": CaseStatus.IN_PROGRESS,
    "ForwardedUp": CaseStatus.FORWARDED_UP,
    "UpperLevelDecisionReceived": CaseStatus.DECIDED,
    "DecisionMade": CaseStatus.DECIDED,
    "Delivered": CaseStatus.CLOSED,
    "Withdrawn": CaseStatus.WITHDRAWN,
    "Terminated": CaseStatus.TERMINATED,
    "PledgeFoundFalse": CaseStatus.REVOKED,
}
DUE_COLUMNS = {ClockName.KC: "kc_due", ClockName.KS: "ks_due", ClockName.STEP: "step_due", ClockName.KD: "kd_due"}

CASE_LIST = table(
    "view_case_list",
    key=("case_no",),
    # position: the watcher looks at the cases that ended since its last pass.
    indexes=(("department", "status"), ("holder_id",), ("section",), ("kc_due",), ("position",)),
    case_no="text",
    department="text",
    item_code="text",
    item_name="text",
    kind="text",
    procedure="text",
    channel="text",
    status="text",
    holder_id="text",
    holder_name="text",
    holder_role="text",
    section="text",
    in_transit_to="text",
    step_index="int",
    step_name="text",
    received_at="timestamp",
    accepted_at="timestamp",
    decided_at="timestamp",
    closed_at="timestamp",
    kc_due="date",
    ks_due="date",
    step_due="date",
    kd_due="date",
    provisional="bool",
    paused="bool",
    warning_level="text",
    outcome="text",
    rating="int",
    deemed_accepted="bool",
    extension_granted="bool",
    returns="int",
    position="int",
)


class CaseListView(Projection):
    """One row per case with who holds it, where it stands and when it is due."""

    name = "queue"
    tables = (CASE_LIST,)
    events = CASE_EVENTS

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        event, kind = recorded.event, recorded.type
        key = recorded.key
        row: dict[str, Any] = view.state(key) or {}
        if kind == "Received":
            item = event.item
            row = dict.fromkeys(CASE_LIST.column_names) | {
                "case_no": event.case_no,
                "department": item.department,
                "item_code": item.code,
                "item_name": item.name,
                "kind": item.kind.value,
                "procedure": item.procedure.value,
                "channel": event.channel.value,
                "received_at": iso(event.occurred_at),
                "step_index": 0,
                "provisional": False,
                "paused": False,
                "deemed_accepted": False,
                "extension_granted": False,
                "returns": 0,
                "steps": [s.name for s in item.steps],
            }
            self._hold(row, event.by)
        self._evolve(row, recorded)
        row["position"] = recorded.position
        view.set_state(key, row)
        view.upsert(CASE_LIST.name, {c: row[c] for c in CASE_LIST.column_names})

    @staticmethod
    def _hold(row: dict[str, Any], actor: Any) -> None:
        row.update(
            holder_id=actor.person_id, holder_name=actor.name, holder_role=actor.role.value, section=actor.section
        )

    def _evolve(self, row: dict[str, Any], recorded: Recorded) -> None:  # noqa: PLR0912 - one branch per event
        event, kind = recorded.event, recorded.type
        if kind in STATUS_OF:
            row["status"] = STATUS_OF[kind].value
        at = recorded.at
        for clock in clocks_of(event):
            if clock.name in DUE_COLUMNS:
                row[DUE_COLUMNS[clock.name]] = iso(clock.due.on)
                row.setdefault("provisional_by_clock", {})[clock.name.value] = clock.due.provisional
        row["provisional"] = any(row.get("provisional_by_clock", {}).values())
        if kind in ("Accepted", "DeemedAccepted"):
            row["accepted_at"] = at
            row["deemed_accepted"] = kind == "DeemedAccepted"
            row["steps"] = [s.name for s in event.item.steps]
            row["step_name"] = row["steps"][0] if row["steps"] else None
        elif kind == "HandedOff":
            row["in_transit_to"] = event.to.person_id
        elif kind == "HandOffReceived":
            row["in_transit_to"] = None
            self._hold(row, event.by)
        elif kind in ("StepCompleted", "StepReturned"):
            row["step_index"] = event.step_index + 1 if kind == "StepCompleted" else event.to_index
            steps = row["steps"]
            row["step_name"] = steps[row["step_index"]] if row["step_index"] < len(steps) else None
            row["returns"] += kind == "StepReturned"
            if kind == "StepCompleted" and event.next_step is None:
                row["step_due"] = None
        elif kind in ("SpecialProcedureStarted", "PostAcceptanceSupplementRequested"):
            row["paused"] = kind == "SpecialProcedureStarted" or event.pauses_clock
        elif kind in ("SpecialProcedureEnded", "PostAcceptanceSupplementProvided"):
            row["paused"] = False
        elif kind == "ExtensionApproved":
            row["extension_granted"] = True
        elif kind in ("DecisionMade", "DecidedOnSpot", "UpperLevelDecisionReceived"):
            row["decided_at"], row["outcome"], row["step_due"] = at, event.outcome.value, None
        elif kind in ("Delivered", "Withdrawn", "Terminated", "IntakeRejected"):
            row["closed_at"], row["in_transit_to"] = at, None
        elif kind == "Rated":
            row["rating"] = event.stars
        elif kind in ("WarningRaised", "DeadlineBreached") and event.clock in (ClockName.KC, ClockName.KS):
            run = getattr(event, "run", 0)
            key = warning_key(event.clock, event.step_index, event.level, run)
            row.setdefault("standing", {})[key] = [event.clock.value, run, event.level.value]
            row["warning_level"] = _highest(row["standing"])
        elif kind == "WarningsCleared":
            # A run that ended takes all its warnings with it, those a higher level had superseded too.
            standing = row.get("standing", {})
            ended = {tuple(standing[key][:2]) for key in event.cleared if key in standing}
            for key in [k for k, (clock, run, _) in standing.items() if (clock, run) in ended or k in event.withdrawn]:
                del standing[key]
            row["warning_level"] = _highest(standing)


def _highest(standing: dict[str, list[Any]]) -> str | None:
    """The case's light: the highest level of its committed and statutory warnings still standing."""
    levels: list[str | None] = [level for _, _, level in standing.values()]
    return max(levels, key=LEVEL_ORDER.index, default=LEVEL_ORDER[0])
