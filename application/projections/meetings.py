"""The actions of coordination meetings (协调会交办事项): one row per action, its department, due date, and
when it was done or recorded overdue. The watcher finds here the meetings with actions past their day."""

from __future__ import annotations

from typing import Any

from application.projections.base import Context, Index, Projection, Recorded, ViewWriter, table
from application.projections.case_events import iso
from domain.business_time import legal_day
from domain.projects.meeting import CoordinationMeeting

MEETING_ACTIONS = table(
    "view_meeting_actions",
    key=("meeting_no", "action_id"),
    # The watcher's question: which actions are past their day, neither done nor recorded overdue (few rows).
    indexes=(("owner_department", "due_on"), Index(("due_on",), where="done_on IS NULL AND flagged_at IS NULL")),
    meeting_no="text",
    action_id="text",
    text="text",
    owner_department="text",
    held_at="timestamp",
    due_on="date",
    done_on="date",
    flagged_at="timestamp",
)


class MeetingActionsView(Projection):
    name = "meetings"
    tables = (MEETING_ACTIONS,)
    events = (CoordinationMeeting.Held, CoordinationMeeting.ActionDone, CoordinationMeeting.ActionOverdue)

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        event = recorded.event
        if isinstance(event, CoordinationMeeting.Held):
            for action in event.actions:
                view.upsert(
                    MEETING_ACTIONS.name,
                    {
                        "meeting_no": event.meeting_no,
                        "action_id": action.action_id,
                        "text": action.text,
                        "owner_department": action.owner_department,
                        "held_at": iso(event.occurred_at),
                        "due_on": action.due_on.isoformat(),
                        "done_on": None,
                        "flagged_at": None,
                    },
                )
            view.set_state(recorded.key, {"meeting_no": event.meeting_no})
            return
        state = view.state(recorded.key)
        if state is None:
            return
        changed: dict[str, Any]
        if isinstance(event, CoordinationMeeting.ActionDone):
            changed = {"done_on": legal_day(event.occurred_at).isoformat()}
        else:
            changed = {"flagged_at": iso(event.crossed_at)}
        view.update(MEETING_ACTIONS.name, {"meeting_no": state["meeting_no"], "action_id": event.action_id}, changed)
