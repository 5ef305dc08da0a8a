"""ISO 9001 views: KPI facts per case (9.1.3) and the corrective-action register (10.2).

The nonconformity register (8.7) needs no table of its own: it is every breach, red flag and negative
rating already in the supervision view, with the corrective actions that name them.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict, cast

from application.projections.base import Context, Handlers, Projection, Recorded, ViewWriter, table
from application.projections.case_events import CASE_EVENTS, clocks_of, day_of, iso
from application.reports.rows import CapaRow
from domain.case.events import conclusion, handling, intake
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


class KpiFacts(TypedDict, total=False):
    """A case's KPI facts (``KPI_FACTS``'s columns), and what the view keeps besides to compute them."""

    case_no: str
    department: str
    item_code: str
    item_name: str
    kind: str
    channel: str
    received_at: str | None
    accepted_at: str | None
    concluded_at: str | None
    immediate: bool
    outcome: str | None
    on_time: bool | None
    early: bool | None
    wd_used: int | None
    committed: int
    statutory: int
    compressed: int | None
    rating: int | None
    # kept, not shown
    paused_days: int
    paused_since: str | None
    kc_start: str | None
    kc_due: str | None


class QualityView(Projection):
    name = "quality"
    tables = (KPI_FACTS, CAPA, CAPA_LINKS)
    events = (*CASE_EVENTS, *CAPA_EVENTS)

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        if isinstance(recorded.event, CAPA_EVENTS):
            self._capa(recorded, view)
        else:
            self._case(recorded, view, context)

    def _case(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        event = recorded.event
        if isinstance(event, intake.Received):
            item = event.item
            row = cast(KpiFacts, dict.fromkeys(KPI_FACTS.column_names))
            row.update(
                KpiFacts(
                    case_no=event.case_no,
                    department=item.department,
                    item_code=item.code,
                    item_name=item.name,
                    kind=item.kind.value,
                    channel=event.channel.value,
                    received_at=iso(event.occurred_at),
                    immediate=False,
                    committed=item.committed_limit.value,
                    statutory=item.statutory_limit.value,
                    paused_days=0,
                )
            )
        else:
            found = view.state(recorded.key)
            if found is None:
                return
            row = cast(KpiFacts, found)
        for clock in clocks_of(event):
            if clock.name is ClockName.KC:
                row["kc_start"], row["kc_due"] = iso(clock.started_on), iso(clock.due.on)
            elif clock.name is ClockName.KS:
                row["statutory"] = clock.total_limit
        self._evolve(row, event, recorded.at or "", context)
        view.set_state(recorded.key, cast(dict[str, Any], row))
        view.upsert(KPI_FACTS.name, {c: row.get(c) for c in KPI_FACTS.column_names})

    @staticmethod
    def _evolve(row: KpiFacts, event: object, at: str, context: Context) -> None:
        handler = facts.get(type(event))
        if handler is not None:
            handler(row, event, at, context)

    @staticmethod
    def _capa(recorded: Recorded, view: ViewWriter) -> None:
        event, at = recorded.event, recorded.at
        if isinstance(event, CorrectiveAction.Raised):
            row = CapaRow(
                capa_id=event.capa_id,
                title=event.title,
                status="raised",
                nonconformities=", ".join(event.nonconformities),
                root_cause=None,
                action=None,
                owner_department=None,
                due_on=None,
                raised_at=iso(event.occurred_at),
                raised_by=event.by.person_id,
                done_at=None,
                effective=None,
                evidence=None,
                verified_at=None,
                closed_at=None,
            )
            for nc_id in event.nonconformities:
                view.upsert(CAPA_LINKS.name, {"capa_id": event.capa_id, "nc_id": nc_id})
        else:
            found = view.state(recorded.key)
            if found is None:
                return
            row = cast(CapaRow, found)
        match event:
            case CorrectiveAction.RootCauseFound():
                row["root_cause"], row["status"] = event.root_cause, "root_cause_found"
            case CorrectiveAction.ActionPlanned():
                row["action"], row["owner_department"] = event.action, event.owner_department
                row["due_on"], row["status"] = iso(event.due_on), "action_planned"
            case CorrectiveAction.ActionDone():
                row["done_at"], row["status"] = at, "action_done"
            case CorrectiveAction.EffectivenessVerified():
                row["effective"], row["evidence"], row["verified_at"] = event.effective, event.evidence, at
                row["status"] = "verified" if event.effective else "root_cause_found"
            case CorrectiveAction.Closed():
                row["closed_at"], row["status"] = at, "closed"
        view.set_state(recorded.key, cast(dict[str, Any], row))
        view.upsert(CAPA.name, cast(dict[str, Any], row))


facts = Handlers()  # how an event changes a case's KPI facts


@facts(intake.Accepted, intake.DeemedAccepted)
def _accepted(row: KpiFacts, event: intake.Accepted | intake.DeemedAccepted, at: str, context: Context) -> None:
    row["accepted_at"], row["committed"] = at, event.item.committed_limit.value


@facts(handling.SpecialProcedureStarted)
def _paused(row: KpiFacts, event: handling.SpecialProcedureStarted, at: str, context: Context) -> None:
    row["paused_since"] = at


@facts(handling.PostAcceptanceSupplementRequested)
def _applicant_asked(
    row: KpiFacts, event: handling.PostAcceptanceSupplementRequested, at: str, context: Context
) -> None:
    if event.pauses_clock:
        row["paused_since"] = at


@facts(handling.SpecialProcedureEnded, handling.PostAcceptanceSupplementProvided)
def _resumed(
    row: KpiFacts,
    event: handling.SpecialProcedureEnded | handling.PostAcceptanceSupplementProvided,
    at: str,
    context: Context,
) -> None:
    since = row.pop("paused_since", None)
    if since:
        row["paused_days"] += context.calendar.count(day_of(since), day_of(at))


@facts(intake.DecidedOnSpot)
def _decided_on_spot(row: KpiFacts, event: intake.DecidedOnSpot, at: str, context: Context) -> None:
    row.update(
        KpiFacts(
            concluded_at=at,
            immediate=True,
            outcome=event.outcome.value,
            on_time=True,
            early=False,
            wd_used=0,
            compressed=row["statutory"],
        )
    )


@facts(conclusion.DecisionMade)
def _decided(row: KpiFacts, event: conclusion.DecisionMade, at: str, context: Context) -> None:
    _conclude(row, at, context)
    row["outcome"] = event.outcome.value


@facts(handling.ForwardedUp)
def _forwarded(row: KpiFacts, event: handling.ForwardedUp, at: str, context: Context) -> None:
    _conclude(row, at, context)  # a report-up item's county stage ends at forwarding
    row["outcome"] = None


@facts(handling.UpperLevelDecisionReceived)
def _upper_decided(row: KpiFacts, event: handling.UpperLevelDecisionReceived, at: str, context: Context) -> None:
    row["outcome"] = event.outcome.value


@facts(conclusion.Rated)
def _rated(row: KpiFacts, event: conclusion.Rated, at: str, context: Context) -> None:
    row["rating"] = event.stars


def _conclude(row: KpiFacts, at: str, context: Context) -> None:
    """On time: concluded by the committed due date."""
    day = day_of(at)
    row["concluded_at"] = at
    if row.get("kc_start") and row.get("kc_due"):
        used = context.calendar.count(date.fromisoformat(row["kc_start"] or ""), day) - row["paused_days"]
        due = date.fromisoformat(row["kc_due"] or "")
        row.update(
            KpiFacts(
                wd_used=used,
                on_time=kpis.on_time(day, due),
                early=kpis.early(day, due),
                compressed=row["statutory"] - used,
            )
        )
