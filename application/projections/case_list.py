"""The case list and work queues (办件列表 / 待办): one row per case, by holder, section, status, due date."""

from __future__ import annotations

import operator
from typing import Any, TypedDict, cast

from application.projections.base import Context, Handlers, Projection, Recorded, ViewWriter, table
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


COLUMNS_OF = operator.itemgetter(*CASE_LIST.column_names)  # a row's column values, in order


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
        view.upsert(CASE_LIST.name, dict(zip(CASE_LIST.column_names, COLUMNS_OF(row), strict=True)))

    def _evolve(self, row: CaseRow, event: object, at: str | None) -> None:
        if type(event) in STATUS_OF:
            row["status"] = STATUS_OF[type(event)].value
        for clock in clocks_of(event):
            if clock.name in DUE_COLUMNS:
                row[DUE_COLUMNS[clock.name]] = iso(clock.due.on)  # type: ignore[literal-required]
                row.setdefault("provisional_by_clock", {})[clock.name.value] = clock.due.provisional
        row["provisional"] = any(row.get("provisional_by_clock", {}).values())
        handler = on.get(type(event))
        if handler is not None:
            handler(row, event, at)


on = Handlers()


@on(intake.Accepted, intake.DeemedAccepted)
def _accepted(row: CaseRow, event: intake.Accepted | intake.DeemedAccepted, at: str | None) -> None:
    row["accepted_at"] = at
    row["deemed_accepted"] = isinstance(event, intake.DeemedAccepted)
    row["steps"] = [s.name for s in event.item.steps]
    row["step_name"] = row["steps"][0] if row["steps"] else None


@on(handling.HandedOff)
def _handed_off(row: CaseRow, event: handling.HandedOff, at: str | None) -> None:
    row["in_transit_to"] = event.to.person_id


@on(handling.HandOffReceived)
def _taken_over(row: CaseRow, event: handling.HandOffReceived, at: str | None) -> None:
    row["in_transit_to"] = None
    _hold(row, event.by)


@on(handling.StepCompleted)
def _step_completed(row: CaseRow, event: handling.StepCompleted, at: str | None) -> None:
    _at_step(row, event.step_index + 1)
    if event.next_step is None:
        row["step_due"] = None


@on(handling.JoinedStepSigned)
def _joined_step_signed(row: CaseRow, event: handling.JoinedStepSigned, at: str | None) -> None:
    if not event.outstanding:  # the last of the joined steps: every step is signed
        _at_step(row, len(row["steps"]))
        row["step_due"] = None


@on(handling.StepReturned)
def _step_returned(row: CaseRow, event: handling.StepReturned, at: str | None) -> None:
    _at_step(row, event.to_index)
    row["returns"] += 1


def _at_step(row: CaseRow, index: int) -> None:
    row["step_index"] = index
    row["step_name"] = row["steps"][index] if index < len(row["steps"]) else None


@on(handling.SpecialProcedureStarted)
def _paused(row: CaseRow, event: handling.SpecialProcedureStarted, at: str | None) -> None:
    row["paused"] = True


@on(handling.PostAcceptanceSupplementRequested)
def _supplement_requested(row: CaseRow, event: handling.PostAcceptanceSupplementRequested, at: str | None) -> None:
    row["paused"] = event.pauses_clock


@on(handling.SpecialProcedureEnded, handling.PostAcceptanceSupplementProvided)
def _resumed(
    row: CaseRow,
    event: handling.SpecialProcedureEnded | handling.PostAcceptanceSupplementProvided,
    at: str | None,
) -> None:
    row["paused"] = False


@on(handling.ExtensionApproved)
def _extended(row: CaseRow, event: handling.ExtensionApproved, at: str | None) -> None:
    row["extension_granted"] = True


@on(conclusion.DecisionMade, intake.DecidedOnSpot, handling.UpperLevelDecisionReceived)
def _decided(
    row: CaseRow,
    event: conclusion.DecisionMade | intake.DecidedOnSpot | handling.UpperLevelDecisionReceived,
    at: str | None,
) -> None:
    row["decided_at"], row["outcome"], row["step_due"] = at, event.outcome.value, None


@on(conclusion.Delivered, conclusion.Withdrawn, conclusion.Terminated, intake.IntakeRejected)
def _closed(
    row: CaseRow,
    event: conclusion.Delivered | conclusion.Withdrawn | conclusion.Terminated | intake.IntakeRejected,
    at: str | None,
) -> None:
    row["closed_at"], row["in_transit_to"] = at, None


@on(conclusion.Rated)
def _rated(row: CaseRow, event: conclusion.Rated, at: str | None) -> None:
    row["rating"] = event.stars


@on(conclusion.WarningRaised, conclusion.DeadlineBreached)
def _warned(row: CaseRow, event: conclusion.WarningRaised | conclusion.DeadlineBreached, at: str | None) -> None:
    if event.clock not in (ClockName.KC, ClockName.KS):
        return  # the case's light is its committed and statutory clocks'
    run = getattr(event, "run", 0)  # a warning recorded before clock runs were kept has none
    key = warning_key(event.clock, event.step_index, event.level, run)
    row.setdefault("standing", {})[key] = [event.clock.value, run, event.level.value]
    row["warning_level"] = _highest(row["standing"])


@on(conclusion.WarningsCleared)
def _cleared(row: CaseRow, event: conclusion.WarningsCleared, at: str | None) -> None:
    # A run that ended takes all its warnings with it, those a higher level had superseded too.
    standing = row.get("standing", {})
    ended = {tuple(standing[key][:2]) for key in event.cleared if key in standing}
    for key in [k for k, (clock, run, _) in standing.items() if (clock, run) in ended or k in event.withdrawn]:
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
