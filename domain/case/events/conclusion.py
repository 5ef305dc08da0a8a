"""Conclusion events: decision, delivery, withdrawal, termination, pledge checks, rating, warnings."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from domain.business_time import legal_day
from domain.case.events.base import CaseEvent
from domain.case.runs import RecordedWarning, settled, warning_key
from domain.case.values import CaseStatus, DeliveryMethod, Outcome, WarningLevel
from domain.clocks import Clock, ClockName
from domain.organisation.actors import Actor

if TYPE_CHECKING:
    from domain.case.state import CaseState


class DecisionMade(CaseEvent):
    """决定 (办结): granted, or refused with reasons and remedies (Art. 38). Stops KC/KS; KD starts on a grant."""

    outcome: Outcome
    reasons: str
    remedies: str
    document_no: str
    legal_basis: str
    kd: Clock | None

    def apply_to(self, case: CaseState) -> None:
        case.decide_with(self.outcome, self.occurred_at, self.kd)


class Delivered(CaseEvent):
    """送达/出件: the result was handed over, mailed or issued electronically. Stops KD; the case closes."""

    method: DeliveryMethod

    def apply_to(self, case: CaseState) -> None:
        case.status = CaseStatus.CLOSED
        case.delivered_at = self.occurred_at
        case.stop_clocks(legal_day(self.occurred_at))


class ResultReady(CaseEvent):
    """出件通知: the decision (a licence, or the written refusal) is made out and waits at a window for
    the applicant to collect; the applicant is told where. Stops nothing: KD runs until delivery."""

    window: str

    def apply_to(self, case: CaseState) -> None:
        case.ready_at = self.occurred_at


class Withdrawn(CaseEvent):
    """撤回: the applicant withdrew the application. All clocks stop."""

    reason: str

    def apply_to(self, case: CaseState) -> None:
        case.status = CaseStatus.WITHDRAWN
        case.stop_clocks(legal_day(self.occurred_at))


class Terminated(CaseEvent):
    """终止: an abnormal end (applicant deceased, enterprise dissolved, ...). All clocks stop."""

    reason: str

    def apply_to(self, case: CaseState) -> None:
        case.status = CaseStatus.TERMINATED
        case.stop_clocks(legal_day(self.occurred_at))


class PledgeVerified(CaseEvent):
    """事后核查: the applicant's pledge (告知承诺) was checked and found true."""

    finding: str

    def apply_to(self, case: CaseState) -> None:
        case.pledge_verified = True


class PledgeFoundFalse(CaseEvent):
    """The pledge was false: the approval is revoked."""

    finding: str

    def apply_to(self, case: CaseState) -> None:
        case.pledge_verified = False
        case.status = CaseStatus.REVOKED


NEGATIVE_STARS = 2  # 1 or 2 stars is a negative review (差评); 4 or 5 a satisfied one


class Rated(CaseEvent):
    """即时评价/好差评: 1 to 5 stars; 1 and 2 are a negative review (差评)."""

    stars: int
    comment: str

    @property
    def negative(self) -> bool:
        """A negative review (差评): it falls on whoever last held the case, and is a nonconformity."""
        return self.stars <= NEGATIVE_STARS

    def apply_to(self, case: CaseState) -> None:
        case.rating, case.rated = self.stars, (self.occurred_at, self.comment)


class WarningRaised(CaseEvent):
    """提示/预警: a clock crossed an advance threshold. ``crossed_at`` is when it crossed, not when noticed;
    ``run`` is the clock's run it crossed in (``domain.case.runs``), ``due_on`` the clock's due date."""

    watcher_fact: ClassVar[bool] = True
    clock: ClockName
    level: WarningLevel
    step_index: int | None
    crossed_at: datetime
    rule_id: str
    holder: Actor
    calendar: str
    due_on: date | None = None  # None in events recorded before warnings carried it
    run: int = 0

    def apply_to(self, case: CaseState) -> None:
        key = warning_key(self.clock, self.step_index, self.level, self.run)
        case.record_warning(key, RecordedWarning(self.clock, self.step_index, self.level, self.run, self.crossed_at))


class DeadlineBreached(CaseEvent):
    """报警/红牌 or statutory breach: a clock ran past its due date."""

    watcher_fact: ClassVar[bool] = True
    clock: ClockName
    level: WarningLevel
    step_index: int | None
    due_on: date
    crossed_at: datetime
    rule_id: str
    holder: Actor
    calendar: str
    run: int = 0

    def apply_to(self, case: CaseState) -> None:
        key = warning_key(self.clock, self.step_index, self.level, self.run)
        case.record_warning(key, RecordedWarning(self.clock, self.step_index, self.level, self.run, self.crossed_at))


class WarningsCleared(CaseEvent):
    """Warnings that no longer stand, and the act that settled them (``act``, at version ``act_version``
    of the case): ``cleared`` because the act ended their clock's run (a decision, a pause, a signed
    step), ``withdrawn`` because the act, entered late, shows they never happened. Dated when the act was."""

    watcher_fact: ClassVar[bool] = True
    cleared: tuple[str, ...]
    withdrawn: tuple[str, ...]
    act: str
    act_version: int

    def apply_to(self, case: CaseState) -> None:
        settled(case.warnings, self.cleared, self.withdrawn)


class DueDatesRecomputed(CaseEvent):
    """A calendar was published or amended: the open clocks' due dates under the new calendar version."""

    watcher_fact: ClassVar[bool] = True

    clocks: tuple[Clock, ...]
    reason: str

    def apply_to(self, case: CaseState) -> None:
        case.set_clocks(self.clocks)


class SupervisionNotOpened(CaseEvent):
    """B001: no supervision order was opened on the case within ``SUPERVISE_WITHIN`` working days of an alarm
    (a breach, ``warning``); ``due_on`` was the last day to open one, ``crossed_at`` the instant it ran out.
    Recorded once per alarm by the watcher; an order opened later does not undo it."""

    watcher_fact: ClassVar[bool] = True
    warning: str
    rule_id: str
    due_on: date
    crossed_at: datetime

    def apply_to(self, case: CaseState) -> None:
        case.unsupervised = case.unsupervised | {self.warning}
