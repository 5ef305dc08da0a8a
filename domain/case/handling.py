"""Handling commands: hand-offs, steps, special procedures, supplementation, extensions, opinions, forwarding."""

from __future__ import annotations

from datetime import datetime

from domain.calendar.working_days import WorkingDays
from domain.case.access import check_may_act
from domain.case.errors import (
    AlreadySuspended,
    ExtensionAlreadyGranted,
    ExtensionTooLate,
    ExtensionTooLong,
    JointReviewOpen,
    NoStepToReturn,
    NotACoDepartment,
    NotAJoinedStep,
    NotAJointItem,
    NotAnArt45Procedure,
    NotAReportUpItem,
    NotAuthorised,
    NotInGreenChannel,
    NotSuspended,
    NotTheAddressee,
    OpinionAlreadyGiven,
    OpinionNotYetDue,
    ReasonsRequired,
    StepsIncomplete,
    TransitionNotAllowed,
    WrittenNoticeRequired,
)
from domain.case.events.handling import (
    ConsentDeemed,
    ExtensionApproved,
    ForwardedUp,
    GreenChannelEntered,
    GuidanceGiven,
    HandedOff,
    HandOffReceived,
    JoinedStepSigned,
    OpinionGiven,
    PostAcceptanceSupplementProvided,
    PostAcceptanceSupplementRequested,
    SpecialProcedureEnded,
    SpecialProcedureStarted,
    StepCompleted,
    StepReturned,
    StepsJoined,
)
from domain.case.state import CaseState
from domain.case.values import CaseStatus, OpinionKind, SpecialProcedureType
from domain.catalogue.terms import ItemKind, StepDefinition
from domain.clocks import Clock, ClockName
from domain.errors import InvalidValue, phrase
from domain.organisation.actors import Actor, Authority, Channel

SINGLE_EXTENSION = 10  # Art. 42 ¶1, approved by the head of the agency
JOINT_EXTENSION = 15  # Art. 42 ¶2, approved by the head of the same-level government
HANDLING = (CaseStatus.IN_PROGRESS,)
ACCEPTED_OPEN = (CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED, CaseStatus.AWAITING_APPLICANT)


class HandlingCommands(CaseState):
    def hand_off(self, *, to: Actor, at: datetime, by: Actor, note: str = "") -> None:
        """移交: first phase of a two-phase hand-off; the case stays with the sender until received."""
        self._check_time(at)
        self._check_not_ended()
        self._check_holder(by)
        if to.person_id == by.person_id:
            raise InvalidValue("{name} cannot hand {case_no} off to themselves", name=by.name, case_no=self.case_no)
        check_may_act(self, to)  # a case handed to someone who may not work it would be stuck in transit
        self.trigger_event(HandedOff, occurred_at=at, by=by, channel=Channel.WINDOW, to=to, note=note)

    def receive_hand_off(self, *, at: datetime, by: Actor) -> None:
        self._check_time(at)
        self._check_not_ended()
        if self.in_transit_to is None:
            raise TransitionNotAllowed("{case_no} has not been handed off", case_no=self.case_no)
        if by.person_id != self.in_transit_to.person_id:
            raise NotTheAddressee(
                "{case_no} was handed to {name}, not {name2}",
                case_no=self.case_no,
                name=self.in_transit_to.name,
                name2=by.name,
            )
        self.trigger_event(HandOffReceived, occurred_at=at, by=by, channel=Channel.WINDOW)

    def _check_step_signer(self, by: Actor) -> None:
        step = self.current_step
        if step is None:
            raise StepsIncomplete("{case_no}: every step is already signed", case_no=self.case_no)
        if self.joined:
            raise JointReviewOpen(
                "{case_no}: its steps are joined; each is signed by its own signer, by its number",
                case_no=self.case_no,
            )
        self._check_may_sign(step, by)

    @staticmethod
    def _check_may_sign(step: StepDefinition, by: Actor) -> None:
        if not by.can_sign_step(step.role):
            raise NotAuthorised(
                "the {name} step needs a {role}; {name2} is a {role2}",
                name=step.name,
                role=step.role,
                name2=by.name,
                role2=by.role,
            )

    def complete_step(self, *, opinion: str, at: datetime, by: Actor, calendar: WorkingDays) -> None:
        """Sign the current step (pass) with an opinion; the next step's budget starts."""
        day = self._check_time(at)
        self._check_status(phrase("complete a step of"), *HANDLING)
        self._check_holder(by)
        self._check_step_signer(by)
        steps = self.item.steps
        following = self.step_index + 1
        next_clock = (
            Clock.start(ClockName.STEP, day, steps[following].budget, calendar) if following < len(steps) else None
        )
        self.trigger_event(
            StepCompleted,
            occurred_at=at,
            by=by,
            channel=Channel.WINDOW,
            step_index=self.step_index,
            step_name=steps[self.step_index].name,
            opinion=opinion,
            next_step=next_clock,
        )

    def return_step(self, *, reason: str, at: datetime, by: Actor, calendar: WorkingDays) -> None:
        """退回: send the step back to the previous one for rework, with the reason."""
        day = self._check_time(at)
        self._check_status(phrase("return a step of"), *HANDLING)
        self._check_holder(by)
        self._check_step_signer(by)
        if self.step_index == 0:
            raise NoStepToReturn("{case_no}: the first step has nothing to return to", case_no=self.case_no)
        self._require_text(reason, phrase("the reason for returning the step"))
        to_index = self.step_index - 1
        clock = Clock.start(ClockName.STEP, day, self.item.steps[to_index].budget, calendar)
        self.trigger_event(
            StepReturned,
            occurred_at=at,
            by=by,
            channel=Channel.WINDOW,
            step_index=self.step_index,
            to_index=to_index,
            reason=reason,
            step_clock=clock,
        )

    def enter_green_channel(self, *, project_no: str, at: datetime, by: Actor) -> None:
        """进入绿色通道: the case is filed for a permit of a green-channel project (recorded when the project
        links it). Nothing about its limits changes: its working days are still counted by law."""
        self._check_time(at)
        self._check_not_ended()
        if self.decided_at is not None:
            raise TransitionNotAllowed(
                "{case_no} is already decided; it has no steps left to run jointly", case_no=self.case_no
            )
        if self.green_channel is not None:
            raise TransitionNotAllowed(
                "{case_no} is already in the green channel of {project_no}",
                case_no=self.case_no,
                project_no=self.green_channel,
            )
        self.trigger_event(GreenChannelEntered, occurred_at=at, by=by, channel=Channel.WINDOW, project_no=project_no)

    def give_guidance(self, *, guidance: str, at: datetime, by: Actor) -> None:
        """提前介入指导: in a green channel, the department guides the applicant before its decision; the
        case's clocks run on (the guidance is service, not a pause)."""
        self._check_time(at)
        self._check_status(phrase("guide the applicant of"), CaseStatus.RECEIVED, *ACCEPTED_OPEN)
        if self.green_channel is None:
            raise NotInGreenChannel(
                "{case_no} is not in a green channel; guidance before the decision is recorded there only",
                case_no=self.case_no,
            )
        self._require_text(guidance, phrase("the guidance given"))
        self.trigger_event(GuidanceGiven, occurred_at=at, by=by, channel=Channel.WINDOW, guidance=guidance)

    def join_steps(self, *, at: datetime, by: Actor, calendar: WorkingDays) -> None:
        """并联审查: the holder of a green-channel case has its remaining steps signed at once, each by a
        signer of its role, in any order. The step clock keeps its day zero; its budget becomes the longest
        of the joined steps' (never shorter than the current one's), in a new run. KC and KS are untouched."""
        self._check_time(at)
        self._check_status(phrase("join the steps of"), *HANDLING)
        self._check_holder(by)
        if self.green_channel is None:
            raise NotInGreenChannel(
                "{case_no} is not in a green channel; its steps run one after another", case_no=self.case_no
            )
        if self.joined:
            raise JointReviewOpen("{case_no}: its steps are already joined", case_no=self.case_no)
        steps = self.item.steps
        remaining = tuple(range(self.step_index, len(steps)))
        if len(remaining) < 2:
            raise TransitionNotAllowed(
                "{case_no}: fewer than two steps remain; there is nothing to run side by side", case_no=self.case_no
            )
        longest = max((steps[i].budget for i in remaining), key=lambda limit: limit.value)
        self.trigger_event(
            StepsJoined,
            occurred_at=at,
            by=by,
            channel=Channel.WINDOW,
            steps=remaining,
            step_clock=self.clocks[ClockName.STEP].widened(longest, calendar),
        )

    def sign_joined_step(self, *, step_index: int, opinion: str, at: datetime, by: Actor) -> None:
        """Sign one of the joined steps with an opinion: its signer need not hold the case (the holder
        convened the joint review and answers for its time)."""
        self._check_time(at)
        self._check_status(phrase("sign a step of"), *HANDLING)
        if step_index not in self.joined:
            raise NotAJoinedStep(
                "{case_no}: step {index} is not a joined step awaiting its signature",
                case_no=self.case_no,
                index=step_index,
            )
        step = self.item.steps[step_index]
        self._check_may_sign(step, by)
        self.trigger_event(
            JoinedStepSigned,
            occurred_at=at,
            by=by,
            channel=Channel.WINDOW,
            step_index=step_index,
            step_name=step.name,
            opinion=opinion,
            outstanding=tuple(i for i in self.joined if i != step_index),
        )

    def start_special_procedure(
        self, *, procedure: str, legal_basis: str, notice_no: str, expected_days: int, at: datetime, by: Actor
    ) -> None:
        """特别程序: an Art. 45 procedure whose time is not counted. Any other pause is refused."""
        self._check_time(at)
        if self.status in (CaseStatus.SUSPENDED, CaseStatus.AWAITING_APPLICANT):
            raise AlreadySuspended("{case_no} is already paused ({status})", case_no=self.case_no, status=self.status)
        self._check_status(phrase("pause"), *HANDLING)
        self._check_holder(by)
        try:
            kind = SpecialProcedureType(procedure)
        except ValueError:
            allowed = ", ".join(t.value for t in SpecialProcedureType)
            raise NotAnArt45Procedure(
                "'{procedure}' is not an Art. 45 procedure (allowed: {allowed})", procedure=procedure, allowed=allowed
            ) from None
        if not notice_no.strip():
            raise WrittenNoticeRequired("Art. 45: tell the applicant in writing how long the procedure takes")
        if expected_days <= 0:
            raise InvalidValue("the expected duration of a special procedure must be at least one day")
        self.trigger_event(
            SpecialProcedureStarted,
            occurred_at=at,
            by=by,
            channel=Channel.WINDOW,
            procedure=kind,
            legal_basis=legal_basis,
            notice_no=notice_no,
            expected_days=expected_days,
        )

    def end_special_procedure(self, *, result: str, at: datetime, by: Actor, calendar: WorkingDays) -> None:
        day = self._check_time(at)
        if self.status is not CaseStatus.SUSPENDED:
            self._check_not_ended()
            raise NotSuspended("{case_no} is not in a special procedure", case_no=self.case_no)
        self._check_holder(by)
        self._require_text(result, phrase("the result of the special procedure"))
        self.trigger_event(
            SpecialProcedureEnded,
            occurred_at=at,
            by=by,
            channel=Channel.WINDOW,
            result=result,
            clocks=self.resumed_clocks(day, calendar),
        )

    def request_post_acceptance_supplement(
        self, *, missing: tuple[str, ...], legal_basis: str, notice_no: str, at: datetime, by: Actor
    ) -> None:
        """受理后待补办. The law does not stop the clock for it; the item's configuration may (domain.md 1.2)."""
        self._check_time(at)
        if self.status in (CaseStatus.SUSPENDED, CaseStatus.AWAITING_APPLICANT):
            raise AlreadySuspended("{case_no} is already paused ({status})", case_no=self.case_no, status=self.status)
        self._check_status(phrase("request supplementation on"), *HANDLING)
        self._check_holder(by)
        self._require_text(" ".join(missing), phrase("the missing materials"))
        self.trigger_event(
            PostAcceptanceSupplementRequested,
            occurred_at=at,
            by=by,
            channel=Channel.WINDOW,
            missing=tuple(missing),
            pauses_clock=self.item.supplement_pauses_clock,
            legal_basis=legal_basis,
            notice_no=notice_no,
        )

    def provide_post_acceptance_supplement(
        self, *, materials: tuple[str, ...], at: datetime, by: Actor, calendar: WorkingDays
    ) -> None:
        day = self._check_time(at)
        if self.status is not CaseStatus.AWAITING_APPLICANT:
            self._check_not_ended()
            raise NotSuspended("{case_no} is not awaiting supplementation", case_no=self.case_no)
        self._check_holder(by)
        self.trigger_event(
            PostAcceptanceSupplementProvided,
            occurred_at=at,
            by=by,
            channel=Channel.WINDOW,
            materials=tuple(materials),
            clocks=self.resumed_clocks(day, calendar),
        )

    def approve_extension(
        self,
        *,
        days: int,
        reason: str,
        notice_no: str,
        at: datetime,
        by: Actor,
        calendar: WorkingDays,
        legal_basis: str = "行政许可法第四十二条",
    ) -> None:
        """延长审批: once, within the statutory limit; +10 WD by the agency head, or +15 WD for joint handling
        by the government head."""
        day = self._check_time(at)
        self._check_status(phrase("extend"), *ACCEPTED_OPEN)
        if self.extension_granted:
            raise ExtensionAlreadyGranted("{case_no}: the limit was already extended once", case_no=self.case_no)
        joint = self.item.is_joint
        needed = Authority.EXTEND_JOINT if joint else Authority.EXTEND_SINGLE
        if not by.may(needed) or (not joint and by.department != self.item.department):
            who = (
                phrase("the head of the same-level government")
                if joint
                else phrase("the head of {department}", department=self.item.department)
            )
            raise NotAuthorised(
                "only {who} may extend {case_no}; {name} is a {role}",
                who=who,
                case_no=self.case_no,
                name=by.name,
                role=by.role,
            )
        ceiling = JOINT_EXTENSION if joint else SINGLE_EXTENSION
        if days > ceiling:
            raise ExtensionTooLong(
                "{days} WD exceeds the {ceiling}-WD extension Art. 42 allows", days=days, ceiling=ceiling
            )
        if days <= 0:
            raise InvalidValue("an extension is at least one working day")
        ks = self.clocks[ClockName.KS]
        if ks.running and not ks.paused and day > ks.due.on:
            raise ExtensionTooLate(
                "{case_no}: the statutory limit ran out on {on}; it can no longer be extended",
                case_no=self.case_no,
                on=ks.due.on,
            )
        self._require_text(reason, phrase("the reason for the extension (told to the applicant)"))
        if not notice_no.strip():
            raise WrittenNoticeRequired("Art. 42: the applicant is told of the extension and why")
        self.trigger_event(
            ExtensionApproved,
            occurred_at=at,
            by=by,
            channel=Channel.WINDOW,
            days=days,
            reason=reason,
            notice_no=notice_no,
            legal_basis=legal_basis,
            ks=self.clocks[ClockName.KS].extend(days, calendar),
        )

    def _check_co_department(self, co_department: str) -> None:
        if not self.item.is_joint:
            raise NotAJointItem("{code} is not handled jointly", code=self.item.code)
        self._check_status(phrase("record an opinion on"), *ACCEPTED_OPEN)
        if co_department not in self.item.co_departments:
            raise NotACoDepartment(
                "{co_department} is not a co-department of {code}", co_department=co_department, code=self.item.code
            )
        if co_department in self.opinions:
            raise OpinionAlreadyGiven(
                "{co_department} already answered on {case_no}", co_department=co_department, case_no=self.case_no
            )

    def give_opinion(self, *, co_department: str, opinion: OpinionKind, reasons: str, at: datetime, by: Actor) -> None:
        """A co-department answers: agree, disagree with reasons, or agree and forward [S29]."""
        self._check_time(at)
        self._check_co_department(co_department)
        if by.department != co_department:
            raise NotAuthorised("{name} does not speak for {co_department}", name=by.name, co_department=co_department)
        if opinion is OpinionKind.DEEMED_CONSENT:
            raise InvalidValue("deemed consent is recorded when the co-department's time runs out, not given")
        if opinion is OpinionKind.DISAGREE and not reasons.strip():
            raise ReasonsRequired("a co-department that disagrees must give its reasons")
        self.trigger_event(
            OpinionGiven,
            occurred_at=at,
            by=by,
            channel=Channel.WINDOW,
            co_department=co_department,
            opinion=opinion,
            reasons=reasons,
        )

    def deem_consent(self, *, co_department: str, at: datetime, by: Actor) -> None:
        """超时默许: the co-department's budget ran out without an answer; dated when it ran out (``at`` may
        come before acts recorded meanwhile, not before the acceptance that started the period)."""
        day = self._check_after(at, self.accepted_at or self.received_at)
        self._check_co_department(co_department)
        due = self.clocks[ClockName.CO].due.on
        if day <= due:
            raise OpinionNotYetDue(
                "{co_department} has until {due} to answer on {case_no}",
                co_department=co_department,
                due=due,
                case_no=self.case_no,
            )
        self.trigger_event(ConsentDeemed, occurred_at=at, by=by, channel=Channel.SYSTEM, co_department=co_department)

    def forward_up(self, *, upper_level: str, opinion: str, at: datetime, by: Actor) -> None:
        """上报: after the county's steps, forward the opinion and all materials (Arts 35, 43)."""
        self._check_time(at)
        if self.item.kind is not ItemKind.REPORT_UP:
            raise NotAReportUpItem("{code} is decided at this level", code=self.item.code)
        self._check_status(phrase("forward"), *HANDLING)
        self._check_holder(by)
        if not self.steps_complete:
            raise StepsIncomplete("{case_no}: sign the county's steps before forwarding", case_no=self.case_no)
        self.trigger_event(
            ForwardedUp,
            occurred_at=at,
            by=by,
            channel=Channel.WINDOW,
            upper_level=upper_level,
            opinion=opinion,
        )
