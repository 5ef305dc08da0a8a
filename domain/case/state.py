"""The state of a case, the helpers events use to evolve it, and the guards commands share."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from eventsourcing.domain import Aggregate

from domain.business_time import legal_day, require_aware
from domain.calendar.working_days import WorkingDays
from domain.case.errors import (
    BusinessTimeOutOfOrder,
    CaseClosed,
    CaseInTransit,
    NoticePeriodLapsed,
    NotTheHolder,
    ReasonsRequired,
    TransitionNotAllowed,
)
from domain.case.runs import SUPERVISED, ClockRun, RecordedWarning, superseded_by_raise
from domain.case.values import Applicant, CaseStatus, OpinionKind, Outcome, StepRecord
from domain.catalogue.terms import ItemTerms, StepDefinition
from domain.clocks import Clock, ClockName, ClockReading
from domain.ids import dated_id, natural_id
from domain.organisation.actors import Actor, Channel

CASE_NO_DAY = re.compile(r"-(\d{8})-")  # the receipt day in a case number


class Receipt(Protocol):
    """What a case starts from (the ``Received`` event)."""

    case_no: str
    query_code: str
    applicant: Applicant
    item: ItemTerms
    channel: Channel
    by: Actor
    k0: Clock
    occurred_at: datetime


class Act(Protocol):
    """An event as the case's runs see it (``CaseEvent``): when, which clocks it restarts, its version."""

    occurred_at: datetime
    originator_version: int

    @property
    def restarts(self) -> tuple[ClockName, ...]: ...


class CaseState(Aggregate):
    """办件: the state every command checks and every event evolves."""

    # Declared for the type checker only: the library would turn class annotations into a dataclass
    # __init__, while a case gets its state from its Received event.
    if TYPE_CHECKING:
        case_no: str
        query_code: str
        applicant: Applicant
        item: ItemTerms
        channel: Channel
        status: CaseStatus
        holder: Actor
        received_by: Actor
        in_transit_to: Actor | None
        clocks: dict[ClockName, Clock]
        step_index: int
        steps_done: list[StepRecord]
        green_channel: str | None  # the project whose green channel the case runs in (绿色通道)
        joined: tuple[int, ...]  # the steps of an open joint review still to be signed (并联审查)
        returns: int
        supplement_notices: int
        suspension: str | None
        extension_granted: bool
        deemed_accepted: bool
        opinions: dict[str, OpinionKind]
        outcome: Outcome | None
        pledge_verified: bool | None
        rating: int | None
        rated: tuple[datetime, str] | None  # when the rating was given, and its comment
        warnings: dict[str, RecordedWarning]  # by ``warning_key``; withdrawn ones are forgotten
        unsupervised: frozenset[str]  # the alarms flagged B001 (no supervision opened in time)
        runs: dict[tuple[ClockName, int | None, int], ClockRun]  # every run, by clock, step and number
        live_runs: dict[ClockName, tuple[ClockName, int | None, int]]  # the run each counting clock is in
        received_at: datetime
        accepted_at: datetime | None
        decided_at: datetime | None
        delivered_at: datetime | None
        ready_at: datetime | None  # when the result was announced ready at a window (出件通知)
        last_occurred_at: datetime  # the latest business time of anything recorded
        last_act_at: datetime  # the latest business time of an act (not of a watcher's fact)

    @staticmethod
    @lru_cache(maxsize=20_000)  # every command on a case asks for it, sometimes twice
    def id_for(case_no: str) -> Any:
        """The case's id: dated by the receipt day its number carries (``DEPT-YYYYMMDD-TOKEN``)."""
        found = CASE_NO_DAY.search(case_no)
        if found is None:
            return natural_id("case", case_no)  # a number from elsewhere, without a day in it
        try:
            day = date(int(found[1][:4]), int(found[1][4:6]), int(found[1][6:]))
        except ValueError:
            return natural_id("case", case_no)
        return dated_id("case", case_no, day)

    # -- evolving state (called by events only) -------------------------------------------------

    def start_from(self, event: Receipt) -> None:
        self.case_no, self.query_code = event.case_no, event.query_code
        self.applicant, self.item, self.channel = event.applicant, event.item, event.channel
        self.status = CaseStatus.RECEIVED
        self.holder, self.received_by, self.in_transit_to = event.by, event.by, None
        self.clocks = {ClockName.K0: event.k0}
        self.step_index, self.steps_done, self.returns = 0, [], 0
        self.green_channel, self.joined = None, ()
        self.supplement_notices, self.suspension = 0, None
        self.extension_granted = self.deemed_accepted = False
        self.opinions, self.outcome, self.pledge_verified, self.rating = {}, None, None, None
        self.rated = None
        self.warnings, self.runs, self.live_runs = {}, {}, {}
        self.unsupervised = frozenset()
        self.received_at = self.last_occurred_at = self.last_act_at = event.occurred_at
        self.accepted_at = self.decided_at = self.delivered_at = self.ready_at = None

    def accept_with(self, item: ItemTerms, at: datetime, clocks: tuple[Clock, ...]) -> None:
        self.item, self.status, self.accepted_at, self.step_index = item, CaseStatus.IN_PROGRESS, at, 0
        self.stop_clocks(legal_day(at), ClockName.K0)
        self.set_clocks(clocks)

    def decide_with(self, outcome: Outcome, at: datetime, kd: Clock | None) -> None:
        self.status, self.outcome, self.decided_at = CaseStatus.DECIDED, outcome, at
        self.stop_clocks(legal_day(at))
        if kd is not None:
            self.clocks[ClockName.KD] = kd

    def set_clocks(self, clocks: tuple[Clock, ...]) -> None:
        for clock in clocks:
            self.clocks[clock.name] = clock

    def stop_clocks(self, day: date, *names: ClockName) -> None:
        for name in names or tuple(self.clocks):
            clock = self.clocks.get(name)
            if clock is not None and clock.running:
                self.clocks[name] = clock.stop(day)

    def pause_clocks(self, day: date, kind: str, names: tuple[ClockName, ...]) -> None:
        for name in names:
            clock = self.clocks.get(name)
            if clock is not None and clock.running and not clock.paused:
                self.clocks[name] = clock.pause(day, kind)

    def replace_step_clock(self, day: date, clock: Clock | None) -> None:
        self.stop_clocks(day, ClockName.STEP)
        if clock is not None:
            self.clocks[ClockName.STEP] = clock

    def record_step(self, record: StepRecord) -> None:
        self.steps_done.append(record)

    def track_runs(self, before: dict[ClockName, Clock], event: Act) -> None:
        """After ``event``: end the runs of clocks it stopped, paused or restarted, and begin runs for
        clocks that now count and did not (``before``: the clocks as they were)."""
        for name, clock in self.clocks.items():
            if name not in SUPERVISED:
                continue
            counting = clock.running and not clock.paused
            live = self.live_runs.get(name)
            if live is not None and (not counting or name in event.restarts):
                final = before.get(name, clock) if name in event.restarts else clock
                self.runs[live] = self.runs[live]._replace(
                    ended_at=event.occurred_at,
                    ended_by=type(event).__name__,
                    ended_version=event.originator_version,
                    final=final,
                )
                del self.live_runs[name]
            if counting and name not in self.live_runs:
                self._begin_run(name, event.occurred_at)

    def _begin_run(self, name: ClockName, at: datetime) -> None:
        step = self.step_index if name is ClockName.STEP else None
        number = sum(1 for clock, of_step, _ in self.runs if clock is name and of_step == step)
        run = ClockRun(name, number, step, at)
        self.runs[run.key] = run
        self.live_runs[name] = run.key

    def record_warning(self, key: str, warning: RecordedWarning) -> None:
        self.warnings |= superseded_by_raise(self.warnings, warning, key)
        self.warnings[key] = warning

    def record_opinion(self, department: str, opinion: OpinionKind, day: date) -> None:
        self.opinions[department] = opinion
        if set(self.item.co_departments) <= set(self.opinions):
            self.stop_clocks(day, ClockName.CO)

    # -- queries -----------------------------------------------------------------------------------

    @property
    def current_step(self) -> StepDefinition | None:
        steps = self.item.steps
        return steps[self.step_index] if self.step_index < len(steps) else None

    @property
    def steps_complete(self) -> bool:
        return self.step_index >= len(self.item.steps)

    @property
    def accepted(self) -> bool:
        return self.accepted_at is not None

    def resumed_clocks(self, day: date, calendar: WorkingDays) -> tuple[Clock, ...]:
        """The paused clocks as they stand once resumed on ``day``, with their new due dates."""
        return tuple(c.resume(day, calendar) for c in self.clocks.values() if c.running and c.paused)

    def readings(self, on: date, calendar: WorkingDays) -> tuple[ClockReading, ...]:
        """Every clock of the case as it stands on ``on``: elapsed, remaining, due."""
        return tuple(clock.reading(on, calendar) for clock in self.clocks.values())

    # -- guards shared by commands -----------------------------------------------------------------

    def _check_time(self, at: datetime) -> date:
        require_aware(at)
        if at < self.last_act_at:
            raise BusinessTimeOutOfOrder(
                "{case_no}: {at} is before the last act ({last_act_at})",
                case_no=self.case_no,
                at=at.isoformat(),
                last_act_at=self.last_act_at.isoformat(),
            )
        return legal_day(at)

    def _check_after(self, at: datetime, start: datetime) -> date:
        """For the law's automatic acts: dated no earlier than the act that started their period."""
        require_aware(at)
        if at < start:
            raise BusinessTimeOutOfOrder(
                "{case_no}: {at} is before {start}", case_no=self.case_no, at=at.isoformat(), start=start.isoformat()
            )
        return legal_day(at)

    def _check_not_deemed_accepted(self) -> None:
        """Art. 32(4): once deemed accepted from receipt, a later acceptance is refused, and says why."""
        if self.deemed_accepted:
            raise NoticePeriodLapsed(
                "{case_no} was deemed accepted from receipt when the notice period lapsed (Art. 32(4))",
                case_no=self.case_no,
            )

    def _check_not_ended(self) -> None:
        if self.status.is_terminal:
            raise CaseClosed(
                "{case_no} is {status}; nothing more can be done on it", case_no=self.case_no, status=self.status
            )

    def _check_status(self, command: str, *allowed: CaseStatus) -> None:
        self._check_not_ended()
        if self.status not in allowed:
            raise TransitionNotAllowed(
                "{case_no}: cannot {command} a case that is {status}",
                case_no=self.case_no,
                command=command,
                status=self.status,
            )

    def _check_holder(self, by: Actor) -> None:
        if self.in_transit_to is not None:
            raise CaseInTransit(
                "{case_no} is on its way to {name}; it must be received first",
                case_no=self.case_no,
                name=self.in_transit_to.name,
            )
        if by.person_id != self.holder.person_id:
            raise NotTheHolder(
                "{case_no} is held by {name}, not {name2}", case_no=self.case_no, name=self.holder.name, name2=by.name
            )

    @staticmethod
    def _require_text(value: str, what: str) -> None:
        if not value.strip():
            raise ReasonsRequired("{what} must be given", what=what)

    def _pinned(self, terms: ItemTerms) -> ItemTerms:
        """The item version a case pins at acceptance (the code cannot change under a case)."""
        if terms.code != self.item.code:
            raise TransitionNotAllowed(
                "{case_no} was received for {code}, not {code2}",
                case_no=self.case_no,
                code=self.item.code,
                code2=terms.code,
            )
        return replace(terms)
