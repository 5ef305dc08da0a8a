"""The auditor's case file (案卷评查, domain.md 5f): per case, its documents and its deadlines as the events
record them.

*Documents*: the receipt voucher, the supplementation and acceptance notices, the step approvals, the
decision and the delivery, each with its date, signer and number, and the gaps an auditor looks for (a
one-time notice not given within 5 WD, a second supplementation notice, an acceptance or a decision without
its document number or legal basis, a step signed without an opinion, a pause or an extension without its
written notice, a decision after the committed date).

*Deadlines*: the committed and statutory limits, every due date as set or recomputed with the act that did it
(its basis) and the calendar it was counted on, each pause with its type and the working days it excluded,
each extension with its days, approver, notice and basis, the decision and delivery, the working days used
and the breaches.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict, cast

from application.projections.base import Context, Handlers, Projection, Recorded, ViewWriter, table
from application.projections.case_events import day_of, iso
from domain.case.events import conclusion, handling, intake
from domain.clocks import Clock, ClockName

DOCUMENTS = table(
    "view_case_documents",
    key=("case_no",),
    indexes=(("department", "received_at"),),
    case_no="text",
    department="text",
    item_code="text",
    received_at="timestamp",
    received_by="text",
    materials="int",
    supplement_notices="int",
    supplement_notice_no="text",
    supplement_at="timestamp",
    acceptance_notice_no="text",
    accepted_at="timestamp",
    accepted_by="text",
    deemed_accepted="bool",
    steps_signed="int",
    steps_without_opinion="int",
    returns="int",
    decision_no="text",
    decided_at="timestamp",
    decided_by="text",
    outcome="text",
    delivered_at="timestamp",
    delivered_by="text",
    delivery_method="text",
    gaps="text",
    gap_count="int",
)
DEADLINES = table(
    "view_case_deadlines",
    key=("case_no",),
    indexes=(("department", "received_at"),),
    case_no="text",
    department="text",
    received_at="timestamp",
    accepted_at="timestamp",
    committed_limit="int",
    statutory_limit="int",
    kc_due_at_start="date",
    ks_due_at_start="date",
    kc_due="date",
    ks_due="date",
    calendar="text",
    due_history="text",
    pauses="text",
    paused_wd="int",
    extensions="text",
    extension_days="int",
    decided_at="timestamp",
    delivered_at="timestamp",
    wd_used="int",
    committed_breach="bool",
    statutory_breach="bool",
)

# Gaps, as the register names them
DEEMED = "no one-time notice within 5 WD (deemed accepted, Art. 32(4))"
SECOND_NOTICE = "a second supplementation notice (one-time notice broken)"
NO_ACCEPTANCE_NO = "acceptance without a notice number"
NO_OPINION = "a step signed without an opinion"
NO_PAUSE_NOTICE = "a pause without its written notice (Art. 45)"
NO_EXTENSION_NOTICE = "an extension without its notice to the applicant (Art. 42)"
NO_DECISION_NO = "a decision without its document number"
NO_LEGAL_BASIS = "a decision without its legal basis"
LATE_DECISION = "decided after the committed due date"


class CaseFile(TypedDict):
    """What the view keeps per case: both rows, the pause running and the gaps found (in order, once each)."""

    documents: dict[str, Any]
    deadlines: dict[str, Any]
    paused_since: str | None
    paused_kind: str | None
    kc_start: str | None  # KC's day 0 (the receipt's day, on a deemed acceptance)
    gaps: list[str]


class CaseFileView(Projection):
    name = "casefile"
    tables = (DOCUMENTS, DEADLINES)
    events = (
        intake.Received,
        intake.SupplementRequested,
        intake.Accepted,
        intake.DeemedAccepted,
        intake.DecidedOnSpot,
        handling.StepCompleted,
        handling.JoinedStepSigned,
        handling.StepReturned,
        handling.SpecialProcedureStarted,
        handling.SpecialProcedureEnded,
        handling.PostAcceptanceSupplementRequested,
        handling.PostAcceptanceSupplementProvided,
        handling.ExtensionApproved,
        handling.ForwardedUp,
        conclusion.DecisionMade,
        conclusion.Delivered,
        conclusion.DueDatesRecomputed,
    )

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        event, at = recorded.event, recorded.at or ""
        if isinstance(event, intake.Received):
            state = _opened(event, at)
        else:
            found = view.state(recorded.key)
            if found is None:
                return
            state = cast(CaseFile, found)
        handler = acts.get(type(event))
        if handler is not None:
            handler(state, event, at, context)
        carried = (event.ks,) if isinstance(event, handling.ExtensionApproved) else getattr(event, "clocks", ())
        for clock in carried:
            _due(state, clock, type(event).__name__, at)
        state["documents"]["gaps"] = "; ".join(state["gaps"])
        state["documents"]["gap_count"] = len(state["gaps"])
        view.set_state(recorded.key, cast(dict[str, Any], state))
        view.upsert(DOCUMENTS.name, state["documents"])
        view.upsert(DEADLINES.name, state["deadlines"])


def _opened(event: intake.Received, at: str) -> CaseFile:
    item = event.item
    documents = dict.fromkeys(DOCUMENTS.column_names) | {
        "case_no": event.case_no,
        "department": item.department,
        "item_code": item.code,
        "received_at": at,
        "received_by": event.by.person_id,
        "materials": len(event.materials),
        "supplement_notices": 0,
        "deemed_accepted": False,
        "steps_signed": 0,
        "steps_without_opinion": 0,
        "returns": 0,
    }
    deadlines = dict.fromkeys(DEADLINES.column_names) | {
        "case_no": event.case_no,
        "department": item.department,
        "received_at": at,
        "committed_limit": item.committed_limit.value,
        "statutory_limit": item.statutory_limit.value,
        "due_history": "",
        "pauses": "",
        "paused_wd": 0,
        "extensions": "",
        "extension_days": 0,
    }
    return CaseFile(
        documents=documents, deadlines=deadlines, paused_since=None, paused_kind=None, kc_start=None, gaps=[]
    )


def _gap(state: CaseFile, gap: str) -> None:
    if gap not in state["gaps"]:
        state["gaps"].append(gap)


def _append(row: dict[str, Any], column: str, text: str) -> None:
    row[column] = f"{row[column]}; {text}" if row[column] else text


def _due(state: CaseFile, clock: Clock, act: str, at: str) -> None:
    """A due date of KC or KS as an act set it: the first is the one at the start, each a line of the history."""
    if clock.name not in (ClockName.KC, ClockName.KS):
        return
    row, name = state["deadlines"], clock.name.value.lower()
    if clock.name is ClockName.KC:
        state["kc_start"] = iso(clock.started_on)
    if row[f"{name}_due"] == iso(clock.due.on) and row["calendar"] == clock.due.calendar:
        return
    if row[f"{name}_due_at_start"] is None:
        row[f"{name}_due_at_start"] = iso(clock.due.on)
    row[f"{name}_due"], row["calendar"] = iso(clock.due.on), clock.due.calendar
    _append(row, "due_history", f"{day_of(at)} {act}: {clock.name.value} due {clock.due.on} ({clock.due.calendar})")


acts = Handlers()  # how an act changes the case file


@acts(intake.SupplementRequested)
def _supplement(state: CaseFile, event: intake.SupplementRequested, at: str, context: Context) -> None:
    documents = state["documents"]
    documents["supplement_notices"] += 1
    if documents["supplement_notices"] == 1:
        documents["supplement_notice_no"], documents["supplement_at"] = event.notice_no, at
    else:
        _gap(state, SECOND_NOTICE)


@acts(intake.Accepted, intake.DeemedAccepted)
def _accepted(state: CaseFile, event: intake.Accepted | intake.DeemedAccepted, at: str, context: Context) -> None:
    documents = state["documents"]
    documents["accepted_at"], documents["accepted_by"] = at, event.by.person_id
    state["deadlines"]["accepted_at"] = at
    state["deadlines"]["committed_limit"] = event.item.committed_limit.value
    state["deadlines"]["statutory_limit"] = event.item.statutory_limit.value
    if isinstance(event, intake.DeemedAccepted):
        documents["deemed_accepted"] = True
        _gap(state, DEEMED)
    else:
        documents["acceptance_notice_no"] = event.notice_no or None
        if not event.notice_no.strip():
            _gap(state, NO_ACCEPTANCE_NO)


@acts(handling.StepCompleted, handling.JoinedStepSigned)
def _signed(
    state: CaseFile, event: handling.StepCompleted | handling.JoinedStepSigned, at: str, context: Context
) -> None:
    state["documents"]["steps_signed"] += 1
    if not event.opinion.strip():
        state["documents"]["steps_without_opinion"] += 1
        _gap(state, NO_OPINION)


@acts(handling.StepReturned)
def _returned(state: CaseFile, event: handling.StepReturned, at: str, context: Context) -> None:
    state["documents"]["returns"] += 1


@acts(handling.SpecialProcedureStarted)
def _paused(state: CaseFile, event: handling.SpecialProcedureStarted, at: str, context: Context) -> None:
    state["paused_since"], state["paused_kind"] = at, event.procedure.value
    if not event.notice_no.strip():
        _gap(state, NO_PAUSE_NOTICE)


@acts(handling.PostAcceptanceSupplementRequested)
def _asked(state: CaseFile, event: handling.PostAcceptanceSupplementRequested, at: str, context: Context) -> None:
    if event.pauses_clock:
        state["paused_since"], state["paused_kind"] = at, "supplement"


@acts(handling.SpecialProcedureEnded, handling.PostAcceptanceSupplementProvided)
def _resumed(
    state: CaseFile,
    event: handling.SpecialProcedureEnded | handling.PostAcceptanceSupplementProvided,
    at: str,
    context: Context,
) -> None:
    since = state["paused_since"]
    if since is None:
        return
    excluded = context.calendar.count(day_of(since), day_of(at))
    row = state["deadlines"]
    row["paused_wd"] += excluded
    _append(row, "pauses", f"{state['paused_kind']} {day_of(since)}..{day_of(at)} ({excluded} WD)")
    state["paused_since"] = state["paused_kind"] = None


@acts(handling.ExtensionApproved)
def _extended(state: CaseFile, event: handling.ExtensionApproved, at: str, context: Context) -> None:
    row = state["deadlines"]
    row["extension_days"] += event.days
    basis = event.legal_basis or "no legal basis given"
    _append(row, "extensions", f"+{event.days} WD on {day_of(at)} by {event.by.person_id} ({basis})")
    if not event.notice_no.strip():
        _gap(state, NO_EXTENSION_NOTICE)


@acts(intake.DecidedOnSpot, conclusion.DecisionMade)
def _decided(state: CaseFile, event: intake.DecidedOnSpot | conclusion.DecisionMade, at: str, context: Context) -> None:
    documents = state["documents"]
    documents["decision_no"] = event.document_no or None
    documents["decided_at"], documents["decided_by"] = at, event.by.person_id
    documents["outcome"] = event.outcome.value
    if not event.document_no.strip():
        _gap(state, NO_DECISION_NO)
    if isinstance(event, conclusion.DecisionMade) and not event.legal_basis.strip():
        _gap(state, NO_LEGAL_BASIS)
    _concluded(state, at, context)


@acts(handling.ForwardedUp)
def _forwarded(state: CaseFile, event: handling.ForwardedUp, at: str, context: Context) -> None:
    _concluded(state, at, context)  # the county stage ends at forwarding


@acts(conclusion.Delivered)
def _delivered(state: CaseFile, event: conclusion.Delivered, at: str, context: Context) -> None:
    documents = state["documents"]
    documents["delivered_at"], documents["delivered_by"] = at, event.by.person_id
    documents["delivery_method"] = event.method.value
    state["deadlines"]["delivered_at"] = at


def _concluded(state: CaseFile, at: str, context: Context) -> None:
    """The working days KC used (from its day 0, less the days paused) and the breaches, at the decision."""
    row, day = state["deadlines"], day_of(at)
    row["decided_at"] = at
    if row["kc_due"] is None or state["kc_start"] is None:
        row["committed_breach"], row["statutory_breach"] = False, False
        return
    row["wd_used"] = context.calendar.count(date.fromisoformat(state["kc_start"]), day) - row["paused_wd"]
    row["committed_breach"] = day > date.fromisoformat(row["kc_due"])
    row["statutory_breach"] = row["ks_due"] is not None and day > date.fromisoformat(row["ks_due"])
    if row["committed_breach"]:
        _gap(state, LATE_DECISION)
