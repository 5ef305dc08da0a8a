"""Conclusion commands: decide, the upper level's decision, deliver, withdraw, terminate, pledge, rate,
and the watcher's warnings and breaches."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from domain.business_time import SHANGHAI, require_aware
from domain.calendar.working_days import WorkingDays
from domain.case.alerts import Alert
from domain.case.errors import (
    AlreadyRated,
    ClockNotRunning,
    InvalidRating,
    NotAPledgeItem,
    NotAuthorised,
    OpinionsOutstanding,
    StepsIncomplete,
    TransitionNotAllowed,
    WarningAlreadyRecorded,
)
from domain.case.escalation import LAPSED, UNSUPERVISED_RULE, lapsed_warnings, unsupervised_alarms
from domain.case.events.conclusion import (
    DeadlineBreached,
    DecisionMade,
    Delivered,
    DueDatesRecomputed,
    PledgeFoundFalse,
    PledgeVerified,
    Rated,
    ResultReady,
    SupervisionNotOpened,
    Terminated,
    WarningRaised,
    WarningsCleared,
    Withdrawn,
)
from domain.case.events.handling import UpperLevelDecisionReceived
from domain.case.intake import delivery_clock
from domain.case.runs import warning_key
from domain.case.state import CaseState
from domain.case.values import OPEN_STATUSES, CaseStatus, DeliveryMethod, Outcome, WarningLevel
from domain.catalogue.terms import ItemKind, Procedure
from domain.clocks import ClockName
from domain.errors import phrase
from domain.organisation.actors import Actor, Authority, Channel, Role

BREACH_LEVELS = (WarningLevel.RED, WarningLevel.STATUTORY_BREACH)
RATEABLE = (CaseStatus.DECIDED, CaseStatus.CLOSED, CaseStatus.REJECTED_AT_INTAKE)
TERMINATING_ROLES = frozenset({Role.SECTION_HEAD, Role.AGENCY_HEAD, Role.WINDOW_CHIEF_REPRESENTATIVE})


class ConclusionCommands(CaseState):
    def _check_refusal(self, outcome: Outcome, reasons: str, remedies: str) -> None:
        if outcome is Outcome.REFUSED:
            self._require_text(reasons, phrase("the reasons for refusal (Art. 38)"))
            self._require_text(remedies, phrase("the rights to review or sue (Art. 38)"))

    def decide(
        self,
        *,
        outcome: Outcome,
        at: datetime,
        by: Actor,
        calendar: WorkingDays,
        reasons: str = "",
        remedies: str = "",
        document_no: str = "",
        legal_basis: str = "",
    ) -> None:
        """决定: after every step and every co-department opinion; stops KC and KS, starts KD on a grant."""
        self._check_time(at)
        self._check_status(phrase("decide"), CaseStatus.IN_PROGRESS)
        if self.item.kind is ItemKind.REPORT_UP:
            raise TransitionNotAllowed("{code} is decided by the upper level: forward it", code=self.item.code)
        self._check_holder(by)
        if not by.may(Authority.DECIDE) or by.department != self.item.department:
            raise NotAuthorised(
                "{name} cannot sign decisions for {department}", name=by.name, department=self.item.department
            )
        if not self.steps_complete:
            step = self.current_step
            raise StepsIncomplete(
                "{case_no}: the {step} step is not signed yet", case_no=self.case_no, step=step.name if step else ""
            )
        missing = [d for d in self.item.co_departments if d not in self.opinions]
        if missing:
            raise OpinionsOutstanding(
                "{case_no}: waiting for {missing}", case_no=self.case_no, missing=", ".join(missing)
            )
        self._check_refusal(outcome, reasons, remedies)
        self.trigger_event(
            DecisionMade,
            occurred_at=at,
            by=by,
            channel=Channel.WINDOW,
            outcome=outcome,
            reasons=reasons,
            remedies=remedies,
            document_no=document_no,
            legal_basis=legal_basis,
            kd=delivery_clock(outcome, at, calendar),
        )

    def record_upper_level_decision(
        self,
        *,
        outcome: Outcome,
        document_no: str,
        at: datetime,
        by: Actor,
        calendar: WorkingDays,
        reasons: str = "",
    ) -> None:
        self._check_time(at)
        self._check_status(phrase("record the upper level's decision on"), CaseStatus.FORWARDED_UP)
        if outcome is Outcome.REFUSED:
            self._require_text(reasons, phrase("the upper level's reasons for refusal"))
        self.trigger_event(
            UpperLevelDecisionReceived,
            occurred_at=at,
            by=by,
            channel=Channel.UPPER_LEVEL,
            outcome=outcome,
            document_no=document_no,
            reasons=reasons,
            kd=delivery_clock(outcome, at, calendar),
        )

    def deliver(self, *, method: DeliveryMethod, at: datetime, by: Actor) -> None:
        """送达/出件: the window hands over or mails the result (统一窗口出件)."""
        self._check_time(at)
        self._check_status(phrase("deliver"), CaseStatus.DECIDED)
        self._check_holder(by)
        self.trigger_event(Delivered, occurred_at=at, by=by, channel=Channel.WINDOW, method=method)

    def announce_ready(self, *, window: str, at: datetime, by: Actor) -> None:
        """出件通知: the result waits at ``window``; said once, by the holder, before it is delivered."""
        self._check_time(at)
        self._check_status(phrase("announce the result of"), CaseStatus.DECIDED)
        self._check_holder(by)
        if self.ready_at is not None:
            raise TransitionNotAllowed("{case_no}: the result was already announced ready", case_no=self.case_no)
        self._require_text(window, phrase("the window where the result waits"))
        self.trigger_event(ResultReady, occurred_at=at, by=by, channel=Channel.WINDOW, window=window)

    def withdraw(self, *, reason: str, at: datetime, by: Actor) -> None:
        """撤回: recorded at the applicant's request, by the holder or the department's window."""
        self._check_time(at)
        self._check_status(phrase("withdraw"), *OPEN_STATUSES)
        if by.person_id != self.holder.person_id and not (
            by.may(Authority.ACCEPT) and by.department == self.item.department
        ):
            raise NotAuthorised("{name} cannot record a withdrawal of {case_no}", name=by.name, case_no=self.case_no)
        self.trigger_event(Withdrawn, occurred_at=at, by=by, channel=Channel.WINDOW, reason=reason)

    def terminate(self, *, reason: str, at: datetime, by: Actor) -> None:
        """终止: an abnormal end, decided by a section head, agency head or chief representative."""
        self._check_time(at)
        self._check_status(phrase("terminate"), *OPEN_STATUSES)
        if by.role not in TERMINATING_ROLES or by.department != self.item.department:
            raise NotAuthorised(
                "{name} cannot terminate cases of {department}", name=by.name, department=self.item.department
            )
        self._require_text(reason, phrase("the reason for termination"))
        self.trigger_event(Terminated, occurred_at=at, by=by, channel=Channel.WINDOW, reason=reason)

    def verify_pledge(self, *, truthful: bool, finding: str, at: datetime, by: Actor) -> None:
        """事后核查 of a 告知承诺 approval: true, or false and the approval is revoked."""
        self._check_time(at)
        if self.item.procedure is not Procedure.NOTIFICATION_COMMITMENT:
            raise NotAPledgeItem("{code} is not approved on a pledge", code=self.item.code)
        if self.outcome is not Outcome.GRANTED or self.status not in (CaseStatus.DECIDED, CaseStatus.CLOSED):
            raise TransitionNotAllowed(
                "{case_no} holds no approval to verify ({status})", case_no=self.case_no, status=self.status
            )
        if self.pledge_verified is not None:
            raise TransitionNotAllowed("{case_no}: the pledge was already verified", case_no=self.case_no)
        if by.department != self.item.department:
            raise NotAuthorised(
                "{name} cannot verify pledges for {department}", name=by.name, department=self.item.department
            )
        self._require_text(finding, phrase("the finding of the verification"))
        event = PledgeVerified if truthful else PledgeFoundFalse
        self.trigger_event(event, occurred_at=at, by=by, channel=Channel.WINDOW, finding=finding)

    def rate(self, *, stars: int, comment: str, at: datetime, by: Actor, channel: Channel) -> None:
        """好差评: once per case (一事一评), 1 to 5 stars."""
        self._check_time(at)
        if self.status not in RATEABLE:
            raise TransitionNotAllowed(
                "{case_no} cannot be rated while {status}", case_no=self.case_no, status=self.status
            )
        if self.rating is not None:
            raise AlreadyRated("{case_no} was already rated {rating} stars", case_no=self.case_no, rating=self.rating)
        if not 1 <= stars <= 5:
            raise InvalidRating("{stars} is not a rating from 1 to 5 stars", stars=stars)
        self.trigger_event(Rated, occurred_at=at, by=by, channel=channel, stars=stars, comment=comment)

    def _check_warning(self, clock: ClockName, step_index: int | None, level: WarningLevel, run: int) -> None:
        if (clock, step_index, run) not in self.runs:
            raise ClockNotRunning(
                "{case_no} has no run {run} of its {clock} clock", case_no=self.case_no, run=run, clock=clock
            )
        if warning_key(clock, step_index, level, run) in self.warnings:
            raise WarningAlreadyRecorded(
                "{case_no}: {clock} {level} is already recorded", case_no=self.case_no, clock=clock, level=level
            )

    def raise_warning(
        self,
        *,
        clock: ClockName,
        level: WarningLevel,
        step_index: int | None,
        crossed_at: datetime,
        rule_id: str,
        at: datetime,
        by: Actor,
        calendar_label: str,
        due_on: date | None = None,
        run: int = 0,
    ) -> None:
        """提示/预警, recorded by the deadline watcher once per case, clock, step, level and run."""
        self._check_time(at)
        if level in BREACH_LEVELS:
            raise TransitionNotAllowed("{level} is a breach: record it as a breach", level=level)
        self._check_warning(clock, step_index, level, run)
        self.trigger_event(
            WarningRaised,
            occurred_at=at,
            by=by,
            channel=Channel.SYSTEM,
            clock=clock,
            level=level,
            step_index=step_index,
            crossed_at=crossed_at,
            rule_id=rule_id,
            holder=self.holder,
            calendar=calendar_label,
            due_on=due_on,
            run=run,
        )

    def record_breach(
        self,
        *,
        clock: ClockName,
        level: WarningLevel,
        step_index: int | None,
        due_on: date,
        crossed_at: datetime,
        rule_id: str,
        at: datetime,
        by: Actor,
        calendar_label: str,
        run: int = 0,
    ) -> None:
        """报警/红牌 (committed, step) or statutory breach (KS + extension), once per run each."""
        self._check_time(at)
        if level not in BREACH_LEVELS:
            raise TransitionNotAllowed("{level} is an advance warning, not a breach", level=level)
        self._check_warning(clock, step_index, level, run)
        self.trigger_event(
            DeadlineBreached,
            occurred_at=at,
            by=by,
            channel=Channel.SYSTEM,
            clock=clock,
            level=level,
            step_index=step_index,
            due_on=due_on,
            crossed_at=crossed_at,
            rule_id=rule_id,
            holder=self.holder,
            calendar=calendar_label,
            run=run,
        )

    def recompute_due_dates(self, *, reason: str, at: datetime, by: Actor, calendar: WorkingDays) -> bool:
        """Record the running clocks' due dates under the calendars now in force, if any changed."""
        self._check_time(at)
        changed = tuple(
            new
            for clock in self.clocks.values()
            if clock.running and not clock.paused and (new := clock.recomputed(calendar)).due != clock.due
        )
        if not changed:
            return False
        self.trigger_event(
            DueDatesRecomputed, occurred_at=at, by=by, channel=Channel.SYSTEM, clocks=changed, reason=reason
        )
        return True

    def record_alert(self, alert: Alert, *, at: datetime, by: Actor, calendar: WorkingDays) -> None:
        """Record a crossed threshold as a warning or a breach, with its true instant (the watcher records
        a pass's alerts with ``Case.record_alerts``, which settles them)."""
        day = alert.crossed_at.astimezone(SHANGHAI).date()
        label = calendar.stamp(day, day, day).calendar
        if alert.is_breach:
            self.record_breach(
                clock=alert.clock,
                level=alert.level,
                step_index=alert.step_index,
                due_on=alert.due_on,
                crossed_at=alert.crossed_at,
                rule_id=alert.rule_id,
                at=at,
                by=by,
                calendar_label=label,
                run=alert.run,
            )
        else:
            self.raise_warning(
                clock=alert.clock,
                level=alert.level,
                step_index=alert.step_index,
                crossed_at=alert.crossed_at,
                rule_id=alert.rule_id,
                at=at,
                by=by,
                calendar_label=label,
                due_on=alert.due_on,
                run=alert.run,
            )

    def flag_unsupervised_alarms(
        self, *, orders_opened: Sequence[datetime], at: datetime, by: Actor, calendar: WorkingDays
    ) -> int:
        """B001, by the watcher: each alarm of the case on which no supervision order (of those opened on
        the case at ``orders_opened``) was opened in its working days; once per alarm. Returns how many."""
        self._check_watcher(at, by)
        found = unsupervised_alarms(self, orders_opened, at, calendar)
        for alarm in found:
            self.trigger_event(
                SupervisionNotOpened,
                occurred_at=at,
                by=by,
                channel=Channel.SYSTEM,
                warning=alarm.warning,
                rule_id=UNSUPERVISED_RULE,
                due_on=alarm.due_on,
                crossed_at=alarm.crossed_at,
            )
        return len(found)

    def lapse_warnings(self, *, at: datetime, by: Actor, calendar: WorkingDays) -> int:
        """By the watcher: prompts and yellow warnings no one acted on clear after their working days, each
        dated the instant it lapsed (one clearing per instant). Returns how many lapsed."""
        self._check_watcher(at, by)
        lapsed = lapsed_warnings(self, at, calendar)
        for instant in sorted(set(lapsed.values())):
            self.trigger_event(
                WarningsCleared,
                occurred_at=instant,
                by=by,
                channel=Channel.SYSTEM,
                cleared=tuple(sorted(key for key, when in lapsed.items() if when == instant)),
                withdrawn=(),
                act=LAPSED,
                act_version=self.version,
            )
        return len(lapsed)

    def _check_watcher(self, at: datetime, by: Actor) -> None:
        require_aware(at)
        if by.role is not Role.SYSTEM:
            raise NotAuthorised("the ledger's watcher records what the warnings' own deadlines show")
