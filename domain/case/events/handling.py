"""Handling events: hand-offs, steps, pauses, extensions, co-department opinions, forwarding up."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from domain.business_time import legal_day
from domain.case.events.base import CaseEvent
from domain.case.values import CaseStatus, OpinionKind, Outcome, SpecialProcedureType, StepRecord
from domain.clocks import Clock, ClockName
from domain.organisation.actors import Actor

if TYPE_CHECKING:
    from domain.case.state import CaseState

PAUSABLE = (ClockName.KC, ClockName.KS, ClockName.STEP, ClockName.CO)


class HandedOff(CaseEvent):
    """移交, first phase: the holder sends the case on. It stays theirs until the addressee receives it."""

    to: Actor
    note: str

    def apply_to(self, case: CaseState) -> None:
        case.in_transit_to = self.to


class HandOffReceived(CaseEvent):
    """移交, second phase: the addressee takes custody. Time in transit is visible between the two."""

    def apply_to(self, case: CaseState) -> None:
        case.holder = self.by
        case.in_transit_to = None


class StepCompleted(CaseEvent):
    """环节办结 (pass): the step is signed with an opinion; the next step's budget starts."""

    restarts: ClassVar[tuple[ClockName, ...]] = (ClockName.STEP,)

    step_index: int
    step_name: str
    opinion: str
    next_step: Clock | None

    def apply_to(self, case: CaseState) -> None:
        day = legal_day(self.occurred_at)
        case.record_step(StepRecord(self.step_index, self.step_name, self.by.person_id, "pass", self.opinion, str(day)))
        case.step_index = self.step_index + 1
        case.replace_step_clock(day, self.next_step)


class StepReturned(CaseEvent):
    """退回: the step goes back to the previous one for rework. KC and KS keep running."""

    restarts: ClassVar[tuple[ClockName, ...]] = (ClockName.STEP,)

    step_index: int
    to_index: int
    reason: str
    step_clock: Clock

    def apply_to(self, case: CaseState) -> None:
        day = legal_day(self.occurred_at)
        name = case.item.steps[self.step_index].name
        case.record_step(StepRecord(self.step_index, name, self.by.person_id, "return", self.reason, str(day)))
        case.step_index = self.to_index
        case.returns += 1
        case.replace_step_clock(day, self.step_clock)


class GreenChannelEntered(CaseEvent):
    """进入绿色通道: the case is a permit of a green-channel project; its steps may be run jointly. Its
    limits stay the law's: nothing about its clocks changes."""

    project_no: str

    def apply_to(self, case: CaseState) -> None:
        case.green_channel = self.project_no


class GuidanceGiven(CaseEvent):
    """提前介入指导 (green channel): the department's guidance to the applicant before the decision (what to
    prepare, what the site inspection will look at). Recorded on the case; no clock stops for it."""

    guidance: str


class StepsJoined(CaseEvent):
    """并联审查 (green channel): the remaining steps are signed at once, each by its own signer in any
    order. The step clock keeps its day zero, its budget widened to the longest of the joined steps'
    (steps run side by side take as long as the longest, not their sum), and starts a new run: the
    current step's warnings are cleared by the joining, and what the widened budget has already passed is
    crossed again the instant the joint run begins (``domain.case.runs``)."""

    restarts: ClassVar[tuple[ClockName, ...]] = (ClockName.STEP,)

    steps: tuple[int, ...]
    step_clock: Clock

    def apply_to(self, case: CaseState) -> None:
        case.joined = self.steps
        case.clocks[ClockName.STEP] = self.step_clock


class JoinedStepSigned(CaseEvent):
    """A joined step signed with an opinion; with the last of them every step is signed and the step
    clock stops."""

    step_index: int
    step_name: str
    opinion: str
    outstanding: tuple[int, ...]  # the joined steps still unsigned after this one

    def apply_to(self, case: CaseState) -> None:
        day = legal_day(self.occurred_at)
        case.record_step(StepRecord(self.step_index, self.step_name, self.by.person_id, "pass", self.opinion, str(day)))
        case.joined = self.outstanding
        if not self.outstanding:
            case.step_index = len(case.item.steps)
            case.stop_clocks(day, ClockName.STEP)


class SpecialProcedureStarted(CaseEvent):
    """特别程序开始: an Art. 45 procedure; its time is not counted, so KC, KS, step and CO clocks pause."""

    procedure: SpecialProcedureType
    legal_basis: str
    notice_no: str
    expected_days: int

    def apply_to(self, case: CaseState) -> None:
        case.status = CaseStatus.SUSPENDED
        case.suspension = self.procedure.value
        case.pause_clocks(legal_day(self.occurred_at), self.procedure.value, PAUSABLE)


class SpecialProcedureEnded(CaseEvent):
    """特别程序结束: clocks resume with their remaining time; the new due dates come with the event."""

    result: str
    clocks: tuple[Clock, ...]

    def apply_to(self, case: CaseState) -> None:
        case.status = CaseStatus.IN_PROGRESS
        case.suspension = None
        case.set_clocks(self.clocks)


class PostAcceptanceSupplementRequested(CaseEvent):
    """受理后待补办: extra material after acceptance. Pauses the clocks only where the item allows it."""

    missing: tuple[str, ...]
    pauses_clock: bool
    legal_basis: str
    notice_no: str

    def apply_to(self, case: CaseState) -> None:
        case.status = CaseStatus.AWAITING_APPLICANT
        if self.pauses_clock:
            case.suspension = "supplement"
            case.pause_clocks(legal_day(self.occurred_at), "supplement", PAUSABLE)


class PostAcceptanceSupplementProvided(CaseEvent):
    materials: tuple[str, ...]
    clocks: tuple[Clock, ...]

    def apply_to(self, case: CaseState) -> None:
        case.status = CaseStatus.IN_PROGRESS
        case.suspension = None
        case.set_clocks(self.clocks)


class ExtensionApproved(CaseEvent):
    """延长审批 (A.7 code 1): +10 WD by the agency head, +15 WD for joint handling by the government head."""

    days: int
    reason: str
    notice_no: str
    legal_basis: str
    ks: Clock

    def apply_to(self, case: CaseState) -> None:
        case.extension_granted = True
        case.set_clocks((self.ks,))


class OpinionGiven(CaseEvent):
    """A co-department's answer in joint approval: agree, disagree with reasons, or forward."""

    co_department: str
    opinion: OpinionKind
    reasons: str

    def apply_to(self, case: CaseState) -> None:
        case.record_opinion(self.co_department, self.opinion, legal_day(self.occurred_at))


class ConsentDeemed(CaseEvent):
    """超时默许: the co-department did not answer within its budget; consent is deemed and it bears the delay."""

    co_department: str

    def apply_to(self, case: CaseState) -> None:
        case.record_opinion(self.co_department, OpinionKind.DEEMED_CONSENT, legal_day(self.occurred_at))


class ForwardedUp(CaseEvent):
    """上报: the county stage ends (Art. 43) and the case goes to the upper level with all materials."""

    upper_level: str
    opinion: str

    def apply_to(self, case: CaseState) -> None:
        case.status = CaseStatus.FORWARDED_UP
        case.stop_clocks(legal_day(self.occurred_at), ClockName.KC, ClockName.KS, ClockName.STEP)


class UpperLevelDecisionReceived(CaseEvent):
    """The upper level's decision came back; the county delivers it (KD starts on a grant)."""

    outcome: Outcome
    document_no: str
    reasons: str
    kd: Clock | None

    def apply_to(self, case: CaseState) -> None:
        case.decide_with(self.outcome, self.occurred_at, self.kd)
