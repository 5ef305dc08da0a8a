"""The case list and work queues (办件列表 / 待办): one row per case, by holder, section, status, due date."""

from __future__ import annotations

from typing import Any, TypedDict, cast

from application.projections.base import Context, Projection, Recorded, ViewWriter, table
from application.projections.case_events import CASE_EVENTS, clocks_of, iso
from domain.case.events import conclusion, handling, intake
from domain.case.runs import warning_key
from domain.case.values import CaseStatus, WarningLevel
from domain.clocks import ClockName
from domain.organisation.actors import Actor

LEVEL_ORDER = [
    None,
    WarningLevel.PROMPT.value,
    WarningLevel.YELLOW.value,
    WarningLevel.RED.value,
    WarningLevel.STATUTORY_BREACH.value,
]
STATUS_OF: dict[type, CaseStatus] = {
    intake.Received: CaseStatus.RECEIVED,
    intake.SupplementRequested: CaseStatus.SUPPLEMENT_REQUESTED,
    intake.SupplementProvided: CaseStatus.RECEIVED,
    intake.Accepted: CaseStatus.IN_PROGRESS,
    intake.DeemedAccepted: CaseStatus.IN_PROGRESS,
    intake.IntakeRejected: CaseStatus.REJECTED_AT_INTAKE,
    intake.DecidedOnSpot: CaseStatus.DECIDED,
    handling.SpecialProcedureStarted: CaseStatus.SUSPENDED,
    handling.SpecialProcedureEnded: CaseStatus.IN_PROGRESS,
    handling.PostAcceptanceSupplementRequested: CaseStatus.AWAITING_APPLICANT,
    handling.PostAcceptanceSupplementProvided: CaseStatus.IN_PROGRESS,
    handling.ForwardedUp: CaseStatus.FORWARDED_UP,
    handling.UpperLevelDecisionReceived: CaseStatus.DECIDED,
    conclusion.DecisionMade: CaseStatus.DECIDED,
    conclusion.Delivered: CaseStatus.CLOSED,
    conclusion.Withdrawn: CaseStatus.WITHDRAWN,
    conclusion.Terminated: CaseStatus.TERMINATED,
    conclusion.PledgeFoundFalse: CaseStatus.REVOKED,
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


class CaseRow(TypedDict, total=False):
    """The case's row (``CASE_LIST``'s columns), and what the view keeps besides to evolve it."""

    case_no: str
    department: str
    item_code: str
    item_name: str
    kind: str
    procedure: str
    channel: str
    status: str
    holder_id: str
    holder_name: str
    holder_role: str
    section: str | None
    in_transit_to: str | None
    step_index: int
    step_name: str | None
    received_at: str | None
    accepted_at: str | None
    decided_at: str | None
    closed_at: str | None
    kc_due: str | None
    ks_due: str | None
    step_due: str | None
    kd_due: str | None
    provisional: bool
    paused: bool
    warning_level: str | None
    outcome: str | None
    rating: int | None
    deemed_accepted: bool
    extension_granted: bool
    returns: int
    position: int
    # kept, not shown
    steps: list[str]  # the item's step names
    provisional_by_clock: dict[str, bool]
    standing: dict[str, list[Any]]  # warning key -> [clock, run, level] of the committed and statutory ones


class CaseListView(Projection):
    """One row per case with who holds it, where it stands and when it is due."""

    name = "queue"
    tables = (CASE_LIST,)
    events = CASE_EVENTS

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        event = recorded.event
        row = cast(CaseRow, view.state(recorded.key) or {})
        if isinstance(event, intake.Received):
            item = event.item
            row = cast(CaseRow, dict.fromkeys(CASE_LIST.column_names))
            row.update(
                CaseRow(
                    case_no=event.case_no,
                    department=item.department,
                    item_code=item.code,
                    item_name=item.name,
                    kind=item.kind.value,
                    procedure=item.procedure.value,
                    channel=event.channel.value,
                    received_at=iso(event.occurred_at),
                    step_index=0,
                    provisional=False,
                    paused=False,
                    deemed_accepted=False,
                    extension_granted=False,
                    returns=0,
                    steps=[s.name for s in item.steps],
                )
            )
            _hold(row, event.by)
        self._evolve(row, event, recorded.at)
        row["position"] = recorded.position
        view.set_state(recorded.key, cast(dict[str, Any], row))
        view.upsert(CASE_LIST.name, {c: row.get(c) for c in CASE_LIST.column_names})

    def _evolve(self, row: CaseRow, event: object, at: str | None) -> None:  # noqa: PLR0912 - one branch per event
        if type(event) in STATUS_OF:
            row["status"] = STATUS_OF[type(event)].value
        for clock in clocks_of(event):
            if clock.name in DUE_COLUMNS:
                row[DUE_COLUMNS[clock.name]] = iso(clock.due.on)  # type: ignore[literal-required]
                row.setdefault("provisional_by_clock", {})[clock.name.value] = clock.due.provisional
        row["provisional"] = any(row.get("provisional_by_clock", {}).values())
        match event:
            case intake.Accepted() | intake.DeemedAccepted():
                row["accepted_at"] = at
                row["deemed_accepted"] = isinstance(event, intake.DeemedAccepted)
                row["steps"] = [s.name for s in event.item.steps]
                row["step_name"] = row["steps"][0] if row["steps"] else None
            case handling.HandedOff():
                row["in_transit_to"] = event.to.person_id
            case handling.HandOffReceived():
                row["in_transit_to"] = None
                _hold(row, event.by)
            case handling.StepCompleted() | handling.StepReturned():
                row["step_index"] = (
                    event.step_index + 1 if isinstance(event, handling.StepCompleted) else event.to_index
                )
                steps = row["steps"]
                row["step_name"] = steps[row["step_index"]] if row["step_index"] < len(steps) else None
                if isinstance(event, handling.StepReturned):
                    row["returns"] += 1
                elif event.next_step is None:
                    row["step_due"] = None
            case handling.SpecialProcedureStarted():
                row["paused"] = True
            case handling.PostAcceptanceSupplementRequested():
                row["paused"] = event.pauses_clock
            case handling.SpecialProcedureEnded() | handling.PostAcceptanceSupplementProvided():
                row["paused"] = False
            case handling.ExtensionApproved():
                row["extension_granted"] = True
            case conclusion.DecisionMade() | intake.DecidedOnSpot() | handling.UpperLevelDecisionReceived():
                row["decided_at"], row["outcome"], row["step_due"] = at, event.outcome.value, None
            case conclusion.Delivered() | conclusion.Withdrawn() | conclusion.Terminated() | intake.IntakeRejected():
                row["closed_at"], row["in_transit_to"] = at, None
            case conclusion.Rated():
                row["rating"] = event.stars
            case conclusion.WarningRaised() | conclusion.DeadlineBreached() if event.clock in (
                ClockName.KC,
                ClockName.KS,
            ):
                run = getattr(event, "run", 0)  # a warning recorded before clock runs were kept has none
                key = warning_key(event.clock, event.step_index, event.level, run)
                row.setdefault("standing", {})[key] = [event.clock.value, run, event.level.value]
                row["warning_level"] = _highest(row["standing"])
            case conclusion.WarningsCleared():
                # A run that ended takes all its warnings with it, those a higher level had superseded too.
                standing = row.get("standing", {})
                ended = {tuple(standing[key][:2]) for key in event.cleared if key in standing}
                for key in [
                    k for k, (clock, run, _) in standing.items() if (clock, run) in ended or k in event.withdrawn
                ]:
                    del standing[key]
                row["warning_level"] = _highest(standing)


def _hold(row: CaseRow, actor: Actor) -> None:
    row.update(
        CaseRow(holder_id=actor.person_id, holder_name=actor.name, holder_role=actor.role.value, section=actor.section)
    )


def _highest(standing: dict[str, list[Any]]) -> str | None:
    """The case's light: the highest level of its committed and statutory warnings still standing."""
    levels: list[str | None] = [level for _, _, level in standing.values()]
    return max(levels, key=LEVEL_ORDER.index, default=LEVEL_ORDER[0])
