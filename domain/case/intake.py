"""Intake commands: receive, one-time supplement notice, accept, deem accepted, reject, decide on the spot."""

from __future__ import annotations

from datetime import date, datetime
from typing import Self

from domain.business_time import legal_day, require_aware
from domain.calendar.working_days import WorkingDays
from domain.case.errors import (
    ChannelNotAllowed,
    NotAnImmediateItem,
    NotAuthorised,
    NoticePeriodLapsed,
    NoticePeriodRunning,
    SupplementAlreadyRequested,
)
from domain.case.events.intake import (
    Accepted,
    DecidedOnSpot,
    DeemedAccepted,
    IntakeRejected,
    Received,
    SupplementProvided,
    SupplementRequested,
)
from domain.case.identity import check_identity
from domain.case.state import CaseState
from domain.case.values import Applicant, CaseStatus, Outcome, PreReviewed
from domain.catalogue.terms import CO_DEPARTMENT_BUDGET, ItemKind, ItemTerms
from domain.clocks import Clock, ClockName, TimeLimit
from domain.errors import phrase
from domain.organisation.actors import Actor, Authority, Channel, Role

NOTICE_PERIOD = TimeLimit(5)  # Art. 32(4): notice on the spot or within 5 working days
DELIVERY_LIMIT = TimeLimit(10)  # Art. 44: deliver within 10 working days of a grant

RECEIVING_ROLES: dict[Channel, frozenset[Role]] = {
    Channel.WINDOW: frozenset({Role.WINDOW_CLERK, Role.WINDOW_CHIEF_REPRESENTATIVE}),
    Channel.VILLAGE_STATION: frozenset({Role.VILLAGE_STATION_CLERK}),
    Channel.AGENT: frozenset({Role.AGENT}),
    Channel.ONLINE: frozenset({Role.SYSTEM, Role.APPLICANT, Role.WINDOW_CLERK, Role.WINDOW_CHIEF_REPRESENTATIVE}),
}
INTAKE = (CaseStatus.RECEIVED, CaseStatus.SUPPLEMENT_REQUESTED)


def delivery_clock(outcome: Outcome, at: datetime, calendar: WorkingDays) -> Clock | None:
    """KD runs only after a grant: there is a licence to deliver."""
    if outcome is not Outcome.GRANTED:
        return None
    return Clock.start(ClockName.KD, legal_day(at), DELIVERY_LIMIT, calendar)


class IntakeCommands(CaseState):
    @classmethod
    def receive(
        cls,
        *,
        case_no: str,
        query_code: str,
        applicant: Applicant,
        item: ItemTerms,
        at: datetime,
        by: Actor,
        channel: Channel,
        calendar: WorkingDays,
        materials: tuple[str, ...] = (),
    ) -> Self:
        """收件. Starts K0, the 5-WD clock for the one-time supplement notice."""
        require_aware(at)
        check_identity(
            applicant.id_type, applicant.id_number, is_enterprise=applicant.is_enterprise, today=legal_day(at)
        )
        if by.role not in RECEIVING_ROLES.get(channel, frozenset()):
            raise ChannelNotAllowed(
                "a {role} cannot receive applications through {channel}", role=by.role, channel=channel
            )
        k0 = Clock.start(ClockName.K0, legal_day(at), NOTICE_PERIOD, calendar)
        return cls._create(
            Received,
            id=cls.id_for(case_no),
            occurred_at=at,
            by=by,
            channel=channel,
            case_no=case_no,
            query_code=query_code,
            applicant=applicant,
            item=item,
            materials=tuple(materials),
            k0=k0,
        )

    @classmethod
    def receive_pre_reviewed(
        cls,
        *,
        case_no: str,
        query_code: str,
        review: PreReviewed,
        item: ItemTerms,
        at: datetime,
        by: Actor,
        calendar: WorkingDays,
    ) -> Self:
        """收件 of a complete pre-review, filed at the window by ``by`` at ``at`` with nothing entered again.

        When the item counts the pre-review as the legal receipt, the case is received as of the first
        submission, and the pre-review's notice of what was missing, and the materials brought after it,
        are the case's one-time notice and supplement, with the times and the people of the pre-review
        (checked there: the notice came within the 5 WD, it listed everything): the clocks are those a
        receipt at the window on that day would have started. Otherwise it is received now.
        """
        received_at = review.received_at(at)
        case = cls.receive(
            case_no=case_no,
            query_code=query_code,
            applicant=review.applicant,
            item=item,
            at=received_at,
            by=by,
            channel=Channel.ONLINE,
            calendar=calendar,
            materials=review.materials,
        )
        notice, supplied = review.notice, review.supplied
        if review.counts_as_receipt and notice is not None and supplied is not None:
            case.trigger_event(
                SupplementRequested,
                occurred_at=notice.at,
                by=notice.by,
                channel=Channel.ONLINE,
                missing=notice.missing,
                notice_no=notice.notice_no,
            )
            case.trigger_event(
                SupplementProvided,
                occurred_at=supplied.at,
                by=supplied.by,
                channel=Channel.ONLINE,
                materials=supplied.materials,
            )
        return case

    def _notice_lapsed(self, day: date) -> bool:
        """Art. 32(4): past the end of the 5th working day after receipt, with no notice issued."""
        k0 = self.clocks[ClockName.K0]
        return self.supplement_notices == 0 and k0.running and day > k0.due.on

    def request_supplement(self, *, missing: tuple[str, ...], notice_no: str, at: datetime, by: Actor) -> None:
        """一次性告知: everything missing, in one notice, within 5 WD of receipt."""
        day = self._check_time(at)
        self._check_status(phrase("request a supplement on"), *INTAKE)
        self._check_holder(by)
        if self.supplement_notices:
            raise SupplementAlreadyRequested("{case_no}: the one-time notice was already issued", case_no=self.case_no)
        if self._notice_lapsed(day):
            raise NoticePeriodLapsed(
                "{case_no}: the 5-WD notice period ended on {on}",
                case_no=self.case_no,
                on=self.clocks[ClockName.K0].due.on,
            )
        self._require_text(" ".join(missing), phrase("the missing materials"))
        self.trigger_event(
            SupplementRequested,
            occurred_at=at,
            by=by,
            channel=Channel.WINDOW,
            missing=tuple(missing),
            notice_no=notice_no,
        )

    def provide_supplement(self, *, materials: tuple[str, ...], at: datetime, by: Actor) -> None:
        self._check_time(at)
        self._check_status(phrase("record a supplement on"), CaseStatus.SUPPLEMENT_REQUESTED)
        self._check_holder(by)
        self.trigger_event(
            SupplementProvided, occurred_at=at, by=by, channel=Channel.WINDOW, materials=tuple(materials)
        )

    def _acceptance_clocks(self, item: ItemTerms, day_zero_of: datetime, calendar: WorkingDays) -> tuple[Clock, ...]:
        day = legal_day(day_zero_of)
        clocks = [
            Clock.start(ClockName.KC, day, item.committed_limit, calendar),
            Clock.start(ClockName.KS, day, item.statutory_limit, calendar),
        ]
        if item.steps:
            clocks.append(Clock.start(ClockName.STEP, day, item.steps[0].budget, calendar))
        if item.is_joint:
            clocks.append(Clock.start(ClockName.CO, day, CO_DEPARTMENT_BUDGET, calendar))
        return tuple(clocks)

    def _check_may_accept(self, by: Actor, item: ItemTerms) -> None:
        if not by.may(Authority.ACCEPT) or by.department != item.department:
            raise NotAuthorised(
                "{name} cannot accept applications for {department}", name=by.name, department=item.department
            )

    def accept(self, *, item: ItemTerms, notice_no: str, at: datetime, by: Actor, calendar: WorkingDays) -> None:
        """受理: sealed acceptance notice stating the due date. Pins the item version in force."""
        day = self._check_time(at)
        self._check_not_deemed_accepted()
        self._check_status(phrase("accept"), *INTAKE)
        self._check_holder(by)
        item = self._pinned(item)
        self._check_may_accept(by, item)
        if self._notice_lapsed(day):
            raise NoticePeriodLapsed(
                "{case_no}: no notice by {on}; it counts as accepted from receipt",
                case_no=self.case_no,
                on=self.clocks[ClockName.K0].due.on,
            )
        clocks = self._acceptance_clocks(item, at, calendar)
        self.trigger_event(
            Accepted,
            occurred_at=at,
            by=by,
            channel=Channel.WINDOW,
            item=item,
            notice_no=notice_no,
            clocks=clocks,
        )

    def deem_accepted(self, *, item: ItemTerms, at: datetime, by: Actor, calendar: WorkingDays) -> None:
        """视为受理: recorded once K0 lapsed without a notice, dated when it lapsed (``at`` may come before
        acts recorded meanwhile, not before the receipt); the clocks run from the receipt day."""
        day = self._check_after(at, self.received_at)
        self._check_status(phrase("deem acceptance of"), CaseStatus.RECEIVED)
        if not self._notice_lapsed(day):
            raise NoticePeriodRunning(
                "{case_no}: the notice period runs until {on}",
                case_no=self.case_no,
                on=self.clocks[ClockName.K0].due.on,
            )
        item = self._pinned(item)
        clocks = self._acceptance_clocks(item, self.received_at, calendar)
        self.trigger_event(DeemedAccepted, occurred_at=at, by=by, channel=Channel.SYSTEM, item=item, clocks=clocks)

    def reject_at_intake(self, *, reasons: str, remedies: str, notice_no: str, at: datetime, by: Actor) -> None:
        """不予受理, with reasons and the body to apply to or the remedies."""
        self._check_time(at)
        self._check_status(phrase("reject"), *INTAKE)
        self._check_holder(by)
        self._check_may_accept(by, self.item)
        self._require_text(reasons, phrase("the reasons for non-acceptance"))
        self.trigger_event(
            IntakeRejected,
            occurred_at=at,
            by=by,
            channel=Channel.WINDOW,
            reasons=reasons,
            remedies=remedies,
            notice_no=notice_no,
        )

    def decide_on_spot(
        self,
        *,
        outcome: Outcome,
        at: datetime,
        by: Actor,
        calendar: WorkingDays,
        reasons: str = "",
        remedies: str = "",
        document_no: str = "",
    ) -> None:
        """即办件: complete materials, decided at the window at once (Art. 34)."""
        self._check_time(at)
        if self.item.kind is not ItemKind.IMMEDIATE:
            raise NotAnImmediateItem("{code} is a {kind} item", code=self.item.code, kind=self.item.kind)
        self._check_status(phrase("decide on the spot"), CaseStatus.RECEIVED)
        self._check_holder(by)
        self._check_may_accept(by, self.item)
        if outcome is Outcome.REFUSED:
            self._require_text(reasons, phrase("the reasons for refusal"))
            self._require_text(remedies, phrase("the remedies (review or suit)"))
        self.trigger_event(
            DecidedOnSpot,
            occurred_at=at,
            by=by,
            channel=Channel.WINDOW,
            outcome=outcome,
            reasons=reasons,
            remedies=remedies,
            document_no=document_no,
            kd=delivery_clock(outcome, at, calendar),
        )
