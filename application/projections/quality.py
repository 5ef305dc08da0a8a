"""ISO 9001 views: KPI facts per case (9.1.3) and the corrective-action register (10.2).

The nonconformity register (8.7) needs no table of its own: it is every breach, red flag and negative
rating already in the supervision view, with the corrective actions that name them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from application.projections.base import Context, Projection, Recorded, ViewWriter, table
from application.projections.case_events import CASE_EVENTS, clocks_of, day_of, iso
from domain.clocks import ClockName
from domain.quality import kpis
from domain.quality.corrective_action import CorrectiveAction

KPI_FACTS = table(
    "view_kpi_facts",
    key=("case_no",),
    indexes=(("department", "received_at"),),
    case_no="text",
    department="text",
    item_code="text",
    item_name="text",
    kind="text",
    channel="text",
    received_at="timestamp",
    accepted_at="timestamp",
    concluded_at="timestamp",
    immediate="bool",
    outcome="text",
    on_time="bool",
    early="bool",
    wd_used="int",
    committed="int",
    statutory="int",
    compressed="int",
    rating="int",
)
CAPA = table(
    "view_capa",
    key=("capa_id",),
    indexes=(("status",),),
    capa_id="text",
    title="text",
    nonconformities="text",
    status="text",
    root_cause="text",
    action="text",
    owner_department="text",
    due_on="date",
    raised_at="timestamp",
    raised_by="text",
    done_at="timestamp",
    effective="bool",
    evidence="text",
    verified_at="timestamp",
    closed_at="timestamp",
)
CAPA_LINKS = table("view_capa_links", key=("nc_id", "capa_id"), capa_id="text", nc_id="text")
CAPA_EVENTS = (
    CorrectiveAction.Raised,
    CorrectiveAction.RootCauseFound,
    CorrectiveAction.ActionPlanned,
    CorrectiveAction.ActionDone,
    CorrectiveAction.EffectivenessVerified,
    CorrectiveAction.Closed,
)


class QualityView(Projection):
    name = "quality"
    tables = (KPI_FACTS, CAPA, CAPA_LINKS)
    events = (*CASE_EVENTS, *CAPA_EVENTS)

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        if isinstance(recorded.event, CAPA_EVENTS):
            self._capa(recorded, view)
        else:
            self._case(recorded, view, context)

    def _case(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:  # noqa: PLR0912 - one branch per event
        event, kind = recorded.event, recorded.type
        key = recorded.key
        if kind == "Received":
            item = event.item
            row: dict[str, Any] = dict.fromkeys(KPI_FACTS.column_names) | {
                "case_no": event.case_no,
                "department": item.department,
                "item_code": item.code,
                "item_name": item.name,
                "kind": item.kind.value,
                "channel": event.channel.value,
                "received_at": iso(event.occurred_at),
                "immediate": False,
                "committed": item.committed_limit.value,
                "statutory": item.statutory_limit.value,
                "paused_days": 0,
            }
        else:
            found = view.state(key)
            if found is None:
                return
            row = found
        for clock in clocks_of(event):
            if clock.name is ClockName.KC:
                row["kc_start"], row["kc_due"] = iso(clock.started_on), iso(clock.due.on)
            elif clock.name is ClockName.KS:
                row["statutory"] = clock.total_limit
        if kind in ("Accepted", "DeemedAccepted"):
            row["accepted_at"], row["committed"] = iso(event.occurred_at), event.item.committed_limit.value
        elif kind in ("SpecialProcedureStarted", "PostAcceptanceSupplementRequested"):
            if kind == "SpecialProcedureStarted" or event.pauses_clock:
                row["paused_since"] = iso(event.occurred_at)
        elif kind in ("SpecialProcedureEnded", "PostAcceptanceSupplementProvided") and row.get("paused_since"):
            row["paused_days"] += context.calendar.count(
                day_of(row.pop("paused_since")), day_of(iso(event.occurred_at) or "")
            )
        elif kind == "DecidedOnSpot":
            row.update(
                concluded_at=iso(event.occurred_at),
                immediate=True,
                outcome=event.outcome.value,
                on_time=True,
                early=False,
                wd_used=0,
            )
            row["compressed"] = row["statutory"]
        elif kind in ("DecisionMade", "ForwardedUp"):
            self._conclude(row, iso(event.occurred_at) or "", context)
            row["outcome"] = event.outcome.value if kind == "DecisionMade" else None
        elif kind == "UpperLevelDecisionReceived":
            row["outcome"] = event.outcome.value
        elif kind == "Rated":
            row["rating"] = event.stars
        view.set_state(key, row)
        view.upsert(KPI_FACTS.name, {c: row.get(c) for c in KPI_FACTS.column_names})

    @staticmethod
    def _conclude(row: dict[str, Any], at: str, context: Context) -> None:
        """On time: concluded by the committed due date (a report-up item's county stage ends at forwarding)."""
        day = day_of(at)
        row["concluded_at"] = at
        if row.get("kc_start"):
            used = context.calendar.count(date.fromisoformat(row["kc_start"]), day) - row["paused_days"]
            due = date.fromisoformat(row["kc_due"])
            row.update(
                wd_used=used,
                on_time=kpis.on_time(day, due),
                early=kpis.early(day, due),
                compressed=row["statutory"] - used,
            )

    @staticmethod
    def _capa(recorded: Recorded, view: ViewWriter) -> None:
        event, kind = recorded.event, recorded.type
        key = recorded.key
        if kind == "Raised":
            row: dict[str, Any] = dict.fromkeys(CAPA.column_names) | {
                "capa_id": event.capa_id,
                "title": event.title,
                "nonconformities": ", ".join(event.nonconformities),
                "status": "raised",
                "raised_at": iso(event.occurred_at),
                "raised_by": event.by.person_id,
            }
            for nc_id in event.nonconformities:
                view.upsert(CAPA_LINKS.name, {"capa_id": event.capa_id, "nc_id": nc_id})
        else:
            found = view.state(key)
            if found is None:
                return
            row = found
        at = recorded.at
        if kind == "RootCauseFound":
            row.update(root_cause=event.root_cause, status="root_cause_found")
        elif kind == "ActionPlanned":
            row.update(
                action=event.action,
                owner_department=event.owner_department,
                due_on=iso(event.due_on),
                status="action_planned",
            )
        elif kind == "ActionDone":
            row.update(done_at=at, status="action_done")
        elif kind == "EffectivenessVerified":
            row.update(effective=event.effective, evidence=event.evidence, verified_at=at)
            row["status"] = "verified" if event.effective else "root_cause_found"
        elif kind == "Closed":
            row.update(closed_at=at, status="closed")
        view.set_state(key, row)
        view.upsert(CAPA.name, row)
