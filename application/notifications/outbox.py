"""The outbox (通知待发): one row per notice an event raised, written with the view's position.

A notice is named by its event's position in the log, so a rebuilt outbox names every notice as it was
named before and the deliveries already made still match it (``deliveries.py`` keeps those apart from
the view). The outbox holds no personal data: the applicant's phone is read from the case at sending.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from application.projections.base import Context, Projection, Recorded, ViewWriter, table
from domain.case.events import intake
from domain.notifications.notices import Notice
from domain.notifications.raised import RAISING, CaseFacts, action_notice, case_notice, facts_of, order_notice
from domain.projects.meeting import CoordinationMeeting, MeetingAction
from domain.supervision.order import SupervisionOrder

OUTBOX = table(
    "view_outbox",
    key=("notice_id",),
    indexes=(("at",),),
    notice_id="int",  # the raising event's position
    at="timestamp",  # when the event happened (a notice too old when first seen is not sent)
    kind="text",
    subject="text",
    department="text",
    holder="text",
    message_values="text",  # JSON object: the words of the message
)


class OutboxView(Projection):
    """Every notice raised, in the order of the log."""

    name = "outbox"
    tables = (OUTBOX,)
    events = RAISING

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        event = recorded.event
        notice: Notice | None
        if isinstance(event, SupervisionOrder.Opened):
            notice = order_notice(event)
        elif isinstance(event, CoordinationMeeting.Held):
            actions = [{**asdict(a), "due_on": a.due_on.isoformat()} for a in event.actions]  # as JSON keeps it
            view.set_state(recorded.key, {"meeting_no": event.meeting_no, "actions": actions})
            return
        elif isinstance(event, CoordinationMeeting.ActionOverdue):
            meeting = view.state(recorded.key)
            kept = [a for a in (meeting or {}).get("actions", []) if a["action_id"] == event.action_id]
            if meeting is None or not kept:
                return
            action = MeetingAction(**{**kept[0], "due_on": date.fromisoformat(kept[0]["due_on"])})
            notice = action_notice(meeting["meeting_no"], action)
        else:
            if isinstance(event, intake.Received):
                view.set_state(recorded.key, vars(facts_of(event)))
            facts = view.state(recorded.key)
            if facts is None:
                return
            notice = case_notice(event, CaseFacts(**facts))
        if notice is None:
            return
        view.upsert(
            OUTBOX.name,
            {
                "notice_id": recorded.position,
                "at": recorded.at,
                "kind": notice.kind.value,
                "subject": notice.subject,
                "department": notice.department,
                "holder": notice.holder,
                "message_values": json.dumps(dict(notice.values), ensure_ascii=False),
            },
        )


def notice_row(row: dict[str, Any]) -> dict[str, Any]:
    """An outbox row with its values as a dictionary again."""
    return {**row, "message_values": json.loads(row["message_values"])}
