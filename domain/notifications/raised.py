"""The events that raise notices, and the notice each raises (``notices.AUDIENCES`` says to whom)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.case.events import conclusion, handling, intake
from domain.case.values import WarningLevel
from domain.clocks import ClockName
from domain.notifications.notices import Notice, NoticeKind
from domain.projects.meeting import CoordinationMeeting, MeetingAction
from domain.supervision.order import SupervisionOrder


@dataclass(frozen=True)
class CaseFacts:
    """What a notice about a case names: its number, its item, the department that handles it."""

    case_no: str
    item: str
    department: str


DECISIONS = (conclusion.DecisionMade, intake.DecidedOnSpot, handling.UpperLevelDecisionReceived)
CASE_NOTICES: tuple[type, ...] = (
    intake.Received,
    intake.SupplementRequested,
    intake.Accepted,
    intake.DeemedAccepted,
    intake.IntakeRejected,
    *DECISIONS,
    conclusion.ResultReady,
    conclusion.WarningRaised,
    conclusion.DeadlineBreached,
)
RAISING: tuple[type, ...] = (
    *CASE_NOTICES,
    SupervisionOrder.Opened,
    CoordinationMeeting.Held,  # not a notice itself: the actions a later one names
    CoordinationMeeting.ActionOverdue,
)


def facts_of(received: intake.Received) -> CaseFacts:
    return CaseFacts(received.case_no, received.item.name, received.item.department)


def case_notice(event: Any, case: CaseFacts) -> Notice | None:
    """The notice an act on a case raises, if any."""
    values: dict[str, str] = {"case_no": case.case_no, "item": case.item}
    holder = ""
    if isinstance(event, intake.Received):
        kind = NoticeKind.RECEIVED
    elif isinstance(event, intake.SupplementRequested):
        kind, values["missing"] = NoticeKind.SUPPLEMENT_REQUESTED, "、".join(event.missing)
    elif isinstance(event, intake.Accepted | intake.DeemedAccepted):
        kind = NoticeKind.ACCEPTED
        committed = [c for c in event.clocks if c.name is ClockName.KC]
        values["due_on"] = committed[0].due.on.isoformat() if committed else ""
    elif isinstance(event, intake.IntakeRejected):
        kind, values["reasons"] = NoticeKind.NOT_ACCEPTED, event.reasons
    elif isinstance(event, DECISIONS):
        kind, values["outcome"] = NoticeKind.DECIDED, event.outcome.value
    elif isinstance(event, conclusion.ResultReady):
        kind, values["window"] = NoticeKind.READY_FOR_PICKUP, event.window
    elif isinstance(event, conclusion.WarningRaised) and event.level is WarningLevel.YELLOW:
        kind, holder = NoticeKind.YELLOW_WARNING, event.holder.person_id
        values |= {"clock": event.clock.value, "due_on": event.due_on.isoformat() if event.due_on else ""}
    elif isinstance(event, conclusion.DeadlineBreached):
        kind, holder = NoticeKind.RED_WARNING, event.holder.person_id
        values |= {"clock": event.clock.value, "due_on": event.due_on.isoformat(), "level": event.level.value}
    else:
        return None
    return Notice(kind, case.case_no, case.department, holder, tuple(values.items()))


def order_notice(event: SupervisionOrder.Opened) -> Notice:
    """A supervision order opened: its department's heads, and whoever holds its case, are told."""
    values = {"order_no": event.order_no, "case_no": event.case_no or "", "due_on": event.due_on.isoformat()}
    return Notice(NoticeKind.SUPERVISION_ORDER, event.order_no, event.department, "", tuple(values.items()))


def action_notice(meeting_no: str, action: MeetingAction) -> Notice:
    """A meeting's action ran past its day undone: its department's heads are told."""
    values = {"meeting_no": meeting_no, "action_id": action.action_id, "text": action.text[:60]}
    values["due_on"] = action.due_on.isoformat()
    return Notice(NoticeKind.MEETING_ACTION_OVERDUE, meeting_no, action.owner_department, "", tuple(values.items()))
