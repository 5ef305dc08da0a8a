"""The full-process agency's cases (全程代理): one row per case an agent filed, with the enterprise it acts
for and, once concluded, the working days from receipt to conclusion. The agents' workload report
(``agency``) counts them per agent: cases, concluded, open, enterprises served, turnaround."""

from __future__ import annotations

from typing import Any

from application.projections.base import Context, Projection, Recorded, ViewWriter, table
from application.projections.case_events import day_of, iso
from domain.case.events import conclusion, handling, intake
from domain.organisation.actors import Channel

AGENCY_CASES = table(
    "view_agency_cases",
    key=("case_no",),
    indexes=(("agent_id", "received_at"),),
    case_no="text",
    agent_id="text",
    agent_name="text",
    subject_id="text",  # the enterprise's data subject id (its credit code as the agent gave it)
    department="text",
    item_code="text",
    received_at="timestamp",
    concluded_at="timestamp",
    turnaround_wd="int",  # working days from the receipt's day to the conclusion's
    outcome="text",  # granted, refused, rejected_at_intake, withdrawn, terminated
)
CONCLUSIONS: dict[type, str | None] = {
    conclusion.DecisionMade: None,  # the decision's own outcome
    intake.DecidedOnSpot: None,
    handling.UpperLevelDecisionReceived: None,
    intake.IntakeRejected: "rejected_at_intake",
    conclusion.Withdrawn: "withdrawn",
    conclusion.Terminated: "terminated",
}


class AgencyView(Projection):
    name = "agency"
    tables = (AGENCY_CASES,)
    events = (intake.Received, *CONCLUSIONS)

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        event = recorded.event
        if isinstance(event, intake.Received):
            if event.channel is not Channel.AGENT:
                return
            row: dict[str, Any] = {
                "case_no": event.case_no,
                "agent_id": event.by.person_id,
                "agent_name": event.by.name,
                "subject_id": event.applicant.subject_id,
                "department": event.item.department,
                "item_code": event.item.code,
                "received_at": iso(event.occurred_at),
                "concluded_at": None,
                "turnaround_wd": None,
                "outcome": None,
            }
        else:
            found = view.state(recorded.key)
            if found is None or found["concluded_at"] is not None:
                return  # not an agent's case, or concluded already (a decision before its delivery)
            row = found
            row["concluded_at"] = iso(event.occurred_at)
            row["outcome"] = CONCLUSIONS[type(event)] or event.outcome.value
            received, concluded = day_of(row["received_at"]), day_of(row["concluded_at"])
            row["turnaround_wd"] = context.calendar.count(received, concluded)
        view.set_state(recorded.key, row)
        view.upsert(AGENCY_CASES.name, row)
