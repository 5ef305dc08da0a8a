"""Intake events: receipt, the one-time supplement notice, acceptance, non-acceptance, on-the-spot decisions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from eventsourcing.domain import Aggregate

from domain.business_time import legal_day
from domain.case.events.base import CaseEvent
from domain.case.values import Applicant, CaseStatus, Outcome
from domain.catalogue.terms import ItemTerms
from domain.clocks import Clock, ClockName
from domain.organisation.actors import Actor, Channel

if TYPE_CHECKING:
    from domain.case.state import CaseState


class Received(Aggregate.Created):
    """收件: materials received at a window, online, at a village station or through an agent. Starts K0."""

    occurred_at: datetime
    by: Actor
    channel: Channel
    case_no: str
    query_code: str  # empty: the receipt's code is derived, never stored (the code itself in older events)
    applicant: Applicant
    item: ItemTerms
    materials: tuple[str, ...]
    k0: Clock

    def apply(self, aggregate: Any) -> None:
        cast("CaseState", aggregate).start_from(self)


class SupplementRequested(CaseEvent):
    """一次性告知: one notice listing everything missing (Art. 32(4)). Stops K0."""

    missing: tuple[str, ...]
    notice_no: str

    def apply_to(self, case: CaseState) -> None:
        case.status = CaseStatus.SUPPLEMENT_REQUESTED
        case.supplement_notices += 1
        case.stop_clocks(legal_day(self.occurred_at), ClockName.K0)


class SupplementProvided(CaseEvent):
    """补正: the applicant supplied what the notice listed."""

    materials: tuple[str, ...]

    def apply_to(self, case: CaseState) -> None:
        case.status = CaseStatus.RECEIVED


class Accepted(CaseEvent):
    """受理: sealed acceptance notice. Pins the item version; starts KC, KS, the first step and CO."""

    item: ItemTerms
    notice_no: str
    clocks: tuple[Clock, ...]

    def apply_to(self, case: CaseState) -> None:
        case.accept_with(self.item, self.occurred_at, self.clocks)


class DeemedAccepted(CaseEvent):
    """视为受理: no notice within 5 WD, so the application counts as accepted from receipt (Art. 32(4))."""

    item: ItemTerms
    clocks: tuple[Clock, ...]

    def apply_to(self, case: CaseState) -> None:
        case.deemed_accepted = True
        case.accept_with(self.item, self.occurred_at, self.clocks)


class IntakeRejected(CaseEvent):
    """不予受理 with reasons and remedies (Art. 32(2))."""

    reasons: str
    remedies: str
    notice_no: str

    def apply_to(self, case: CaseState) -> None:
        case.status = CaseStatus.REJECTED_AT_INTAKE
        case.stop_clocks(legal_day(self.occurred_at))


class DecidedOnSpot(CaseEvent):
    """即办: an immediate item decided on the spot (Art. 34). Starts KD on a grant."""

    outcome: Outcome
    reasons: str
    remedies: str
    document_no: str
    kd: Clock | None

    def apply_to(self, case: CaseState) -> None:
        case.decide_with(self.outcome, self.occurred_at, self.kd)
