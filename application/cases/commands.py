"""The case commands, each defined once: its fields (with how each is checked), what it does to the case,
and where it is served.

A command is a frozen dataclass. Its fields are what a clerk or a program sends; their annotations say
how each is checked at the edge (``Words``, ``Code``, ``Items``, ``Range``; enums and booleans as they
are). ``apply`` calls the ``Case`` aggregate, which checks the rules and records the act. The REST route
(``POST /cases/{case_no}/{path}``), its request model and OpenAPI description (summary from the class's
docstring, ``example``) and the console's form are derived from the class; the application runs every
one the same way (``CaseWork.handle``). Adding a command is the domain's method and one class
here, listed in ``CASE_COMMANDS``.

Receipt (``receive``) creates a case and is served on its own; the deadline watcher's acts (warnings,
deemed acceptance and consent) are not requests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, ClassVar, NamedTuple

from domain.calendar.working_days import WorkingDays
from domain.case.aggregate import Case
from domain.case.values import DeliveryMethod, OpinionKind, Outcome
from domain.catalogue.terms import ItemTerms
from domain.organisation.actors import Actor

# -- how a field is checked where it enters ----------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """Free text (stripped of surrounding blanks), at most ``max_length`` characters; ``required``: not empty."""

    required: bool = False
    max_length: int = 2000


@dataclass(frozen=True)
class Code:
    """An identifier: a person, a department, a code of the catalogue (letters, digits, ``. _ : -``)."""


@dataclass(frozen=True)
class Items:
    """A list of required texts (materials, missing documents), ``min_items`` to ``max_items`` of them."""

    min_items: int = 0
    max_items: int = 50


@dataclass(frozen=True)
class Range:
    """A whole number from ``low`` to ``high``."""

    low: int
    high: int


Text = Annotated[str, Words()]
Required = Annotated[str, Words(required=True)]
PersonId = Annotated[str, Code()]
Materials = Annotated[tuple[str, ...], Items()]
Missing = Annotated[tuple[str, ...], Items(min_items=1)]


class CaseAct(NamedTuple):
    """What a command acts with besides its fields: the business time, the person, and the calendars,
    directory and catalogue it may look things up in (a tuple: one is made for every command)."""

    at: datetime
    by: Actor
    working_days: Callable[[datetime], WorkingDays]
    actor: Callable[[str], Actor]
    item_terms: Callable[[str], ItemTerms]

    @property
    def calendar(self) -> WorkingDays:
        """The calendars in force at ``at`` (looked up only by the commands that count days)."""
        return self.working_days(self.at)


@dataclass(frozen=True, kw_only=True)
class CaseCommand:
    """An act on an existing case, as asked for."""

    path: ClassVar[str]  # served at POST /cases/{case_no}/{path}
    phase: ClassVar[str]  # intake, handling or conclusion: where it is documented
    example: ClassVar[dict[str, Any]] = {}

    def apply(self, case: Case, act: CaseAct) -> None:
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        """The first line of the class's docstring: the act's name in the glossary, and what it does."""
        return (cls.__doc__ or cls.__name__).strip().splitlines()[0]


# -- intake --------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RequestSupplement(CaseCommand):
    """一次性告知: the one-time supplement notice."""

    path = "supplement-request"
    phase = "intake"
    example: ClassVar[dict[str, Any]] = {
        "missing": ["营业执照副本", "法定代表人身份证明"],
        "notice_no": "补正通知书〔2026〕012号",
    }
    missing: Missing
    notice_no: Required

    def apply(self, case: Case, act: CaseAct) -> None:
        case.request_supplement(missing=self.missing, notice_no=self.notice_no, at=act.at, by=act.by)


@dataclass(frozen=True, kw_only=True)
class ProvideSupplement(CaseCommand):
    """补正: the applicant supplied the missing materials."""

    path = "supplement"
    phase = "intake"
    example: ClassVar[dict[str, Any]] = {"materials": ["营业执照副本"]}
    materials: Materials = ()

    def apply(self, case: Case, act: CaseAct) -> None:
        case.provide_supplement(materials=self.materials, at=act.at, by=act.by)


@dataclass(frozen=True, kw_only=True)
class Accept(CaseCommand):
    """受理: accept the application (the case pins the item's version in force now)."""

    path = "acceptance"
    phase = "intake"
    example: ClassVar[dict[str, Any]] = {"notice_no": "受理通知书〔2026〕001号"}
    notice_no: Text = ""

    def apply(self, case: Case, act: CaseAct) -> None:
        item = act.item_terms(case.item.code)
        case.accept(item=item, notice_no=self.notice_no, at=act.at, by=act.by, calendar=act.calendar)


@dataclass(frozen=True, kw_only=True)
class RejectAtIntake(CaseCommand):
    """不予受理: reject at intake, with reasons."""

    path = "rejection"
    phase = "intake"
    example: ClassVar[dict[str, Any]] = {
        "reasons": "申请事项不属于本机关职权范围",
        "remedies": "请向市市场监督管理局申请",
        "notice_no": "不予受理〔2026〕3号",
    }
    reasons: Required
    remedies: Text = ""
    notice_no: Text = ""

    def apply(self, case: Case, act: CaseAct) -> None:
        case.reject_at_intake(
            reasons=self.reasons, remedies=self.remedies, notice_no=self.notice_no, at=act.at, by=act.by
        )


@dataclass(frozen=True, kw_only=True)
class DecideOnSpot(CaseCommand):
    """即办: decide an immediate item on the spot."""

    path = "on-the-spot-decision"
    phase = "intake"
    example: ClassVar[dict[str, Any]] = {"outcome": "granted", "document_no": "许可决定书〔2026〕088号"}
    outcome: Outcome
    reasons: Text = ""
    remedies: Text = ""
    document_no: Text = ""

    def apply(self, case: Case, act: CaseAct) -> None:
        case.decide_on_spot(
            outcome=self.outcome,
            at=act.at,
            by=act.by,
            calendar=act.calendar,
            reasons=self.reasons,
            remedies=self.remedies,
            document_no=self.document_no,
        )


# -- handling ------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class HandOff(CaseCommand):
    """移交: hand the case to a colleague (first phase)."""

    path = "hand-off"
    phase = "handling"
    example: ClassVar[dict[str, Any]] = {"to_person_id": "SJJ-S1-HD1", "note": "请办理"}
    to_person_id: PersonId
    note: Text = ""

    def apply(self, case: Case, act: CaseAct) -> None:
        case.hand_off(to=act.actor(self.to_person_id), at=act.at, by=act.by, note=self.note)


@dataclass(frozen=True, kw_only=True)
class ReceiveHandOff(CaseCommand):
    """接收: take custody of a handed-off case (second phase)."""

    path = "hand-off/receipt"
    phase = "handling"

    def apply(self, case: Case, act: CaseAct) -> None:
        case.receive_hand_off(at=act.at, by=act.by)


@dataclass(frozen=True, kw_only=True)
class CompleteStep(CaseCommand):
    """环节办结: sign the current step with an opinion."""

    path = "step/completion"
    phase = "handling"
    example: ClassVar[dict[str, Any]] = {"opinion": "同意，材料齐全"}
    opinion: Text = ""

    def apply(self, case: Case, act: CaseAct) -> None:
        case.complete_step(opinion=self.opinion, at=act.at, by=act.by, calendar=act.calendar)


@dataclass(frozen=True, kw_only=True)
class ReturnStep(CaseCommand):
    """退回: return the step to the previous one."""

    path = "step/return"
    phase = "handling"
    example: ClassVar[dict[str, Any]] = {"reason": "审查意见不明确，请补充"}
    reason: Required

    def apply(self, case: Case, act: CaseAct) -> None:
        case.return_step(reason=self.reason, at=act.at, by=act.by, calendar=act.calendar)


@dataclass(frozen=True, kw_only=True)
class GiveGuidance(CaseCommand):
    """提前介入指导: in a green channel, record the guidance given to the applicant before the decision."""

    path = "guidance"
    phase = "handling"
    example: ClassVar[dict[str, Any]] = {"guidance": "现场核查前请备齐消防设施检测报告"}
    guidance: Required

    def apply(self, case: Case, act: CaseAct) -> None:
        case.give_guidance(guidance=self.guidance, at=act.at, by=act.by)


@dataclass(frozen=True, kw_only=True)
class JoinSteps(CaseCommand):
    """并联审查: in a green channel, have the remaining steps signed at once (holder)."""

    path = "steps/joining"
    phase = "handling"

    def apply(self, case: Case, act: CaseAct) -> None:
        case.join_steps(at=act.at, by=act.by, calendar=act.calendar)


@dataclass(frozen=True, kw_only=True)
class SignJoinedStep(CaseCommand):
    """并联签署: sign one of the joined steps, by its number, with an opinion."""

    path = "steps/joint-signature"
    phase = "handling"
    example: ClassVar[dict[str, Any]] = {"step_index": 2, "opinion": "同意"}
    step_index: Annotated[int, Range(0, 50)]
    opinion: Text = ""

    def apply(self, case: Case, act: CaseAct) -> None:
        case.sign_joined_step(step_index=self.step_index, opinion=self.opinion, at=act.at, by=act.by)


@dataclass(frozen=True, kw_only=True)
class StartSpecialProcedure(CaseCommand):
    """特别程序: start an Art. 45 procedure (clocks pause)."""

    path = "special-procedure"
    phase = "handling"
    example: ClassVar[dict[str, Any]] = {
        "procedure": "expert_review",
        "legal_basis": "行政许可法第四十五条",
        "notice_no": "特别程序告知书〔2026〕5号",
        "expected_days": 10,
    }
    procedure: Annotated[str, Words(required=True, max_length=40)]
    expected_days: Annotated[int, Range(1, 365)]
    legal_basis: Text = ""
    notice_no: Text = ""

    def apply(self, case: Case, act: CaseAct) -> None:
        case.start_special_procedure(
            procedure=self.procedure,
            legal_basis=self.legal_basis,
            notice_no=self.notice_no,
            expected_days=self.expected_days,
            at=act.at,
            by=act.by,
        )


@dataclass(frozen=True, kw_only=True)
class EndSpecialProcedure(CaseCommand):
    """特别程序结束: end it (clocks resume)."""

    path = "special-procedure/end"
    phase = "handling"
    example: ClassVar[dict[str, Any]] = {"result": "专家评审通过"}
    result: Required

    def apply(self, case: Case, act: CaseAct) -> None:
        case.end_special_procedure(result=self.result, at=act.at, by=act.by, calendar=act.calendar)


@dataclass(frozen=True, kw_only=True)
class RequestPostAcceptanceSupplement(CaseCommand):
    """受理后待补办: ask for more after acceptance."""

    path = "post-acceptance-supplement-request"
    phase = "handling"
    example: ClassVar[dict[str, Any]] = {"missing": ["补充说明"], "legal_basis": "", "notice_no": "补办通知〔2026〕2号"}
    missing: Missing
    legal_basis: Text = ""
    notice_no: Text = ""

    def apply(self, case: Case, act: CaseAct) -> None:
        case.request_post_acceptance_supplement(
            missing=self.missing, legal_basis=self.legal_basis, notice_no=self.notice_no, at=act.at, by=act.by
        )


@dataclass(frozen=True, kw_only=True)
class ProvidePostAcceptanceSupplement(CaseCommand):
    """The post-acceptance supplement arrived."""

    path = "post-acceptance-supplement"
    phase = "handling"
    example: ClassVar[dict[str, Any]] = {"materials": ["补充说明"]}
    materials: Materials = ()

    def apply(self, case: Case, act: CaseAct) -> None:
        case.provide_post_acceptance_supplement(materials=self.materials, at=act.at, by=act.by, calendar=act.calendar)


@dataclass(frozen=True, kw_only=True)
class ApproveExtension(CaseCommand):
    """延长审批: approve the one extension (agency or government head)."""

    path = "extension"
    phase = "handling"
    example: ClassVar[dict[str, Any]] = {"days": 10, "reason": "需要现场核查", "notice_no": "延期告知书〔2026〕7号"}
    days: Annotated[int, Range(1, 60)]
    reason: Required
    notice_no: Text = ""

    def apply(self, case: Case, act: CaseAct) -> None:
        case.approve_extension(
            days=self.days, reason=self.reason, notice_no=self.notice_no, at=act.at, by=act.by, calendar=act.calendar
        )


@dataclass(frozen=True, kw_only=True)
class GiveOpinion(CaseCommand):
    """协办意见: a co-department's opinion in joint approval."""

    path = "opinions"
    phase = "handling"
    example: ClassVar[dict[str, Any]] = {"co_department": "ZJJ", "opinion": "agree", "reasons": ""}
    co_department: Annotated[str, Code()]
    opinion: OpinionKind
    reasons: Text = ""

    def apply(self, case: Case, act: CaseAct) -> None:
        case.give_opinion(
            co_department=self.co_department, opinion=self.opinion, reasons=self.reasons, at=act.at, by=act.by
        )


@dataclass(frozen=True, kw_only=True)
class ForwardUp(CaseCommand):
    """上报: forward to the upper level."""

    path = "forwarding"
    phase = "handling"
    example: ClassVar[dict[str, Any]] = {"upper_level": "市政务服务中心", "opinion": "初审同意，上报审批"}
    upper_level: Required
    opinion: Text = ""

    def apply(self, case: Case, act: CaseAct) -> None:
        case.forward_up(upper_level=self.upper_level, opinion=self.opinion, at=act.at, by=act.by)


@dataclass(frozen=True, kw_only=True)
class RecordUpperLevelDecision(CaseCommand):
    """上级决定: record the upper level's decision."""

    path = "upper-level-decision"
    phase = "handling"
    example: ClassVar[dict[str, Any]] = {"outcome": "granted", "document_no": "市批〔2026〕19号"}
    outcome: Outcome
    document_no: Text = ""
    reasons: Text = ""

    def apply(self, case: Case, act: CaseAct) -> None:
        case.record_upper_level_decision(
            outcome=self.outcome,
            document_no=self.document_no,
            at=act.at,
            by=act.by,
            calendar=act.calendar,
            reasons=self.reasons,
        )


# -- conclusion ----------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Decide(CaseCommand):
    """决定: grant, or refuse with reasons and remedies."""

    path = "decision"
    phase = "conclusion"
    example: ClassVar[dict[str, Any]] = {"outcome": "granted", "document_no": "许可决定书〔2026〕088号"}
    outcome: Outcome
    reasons: Text = ""
    remedies: Text = ""
    document_no: Text = ""
    legal_basis: Text = ""

    def apply(self, case: Case, act: CaseAct) -> None:
        case.decide(
            outcome=self.outcome,
            at=act.at,
            by=act.by,
            calendar=act.calendar,
            reasons=self.reasons,
            remedies=self.remedies,
            document_no=self.document_no,
            legal_basis=self.legal_basis,
        )


@dataclass(frozen=True, kw_only=True)
class AnnounceReady(CaseCommand):
    """出件通知: the result is made out and waits at a window; the applicant is told where."""

    path = "ready-notice"
    phase = "conclusion"
    example: ClassVar[dict[str, Any]] = {"window": "市场监管局3号窗口"}
    window: Required

    def apply(self, case: Case, act: CaseAct) -> None:
        case.announce_ready(window=self.window, at=act.at, by=act.by)


@dataclass(frozen=True, kw_only=True)
class Deliver(CaseCommand):
    """送达/出件: deliver the result."""

    path = "delivery"
    phase = "conclusion"
    example: ClassVar[dict[str, Any]] = {"method": "window"}
    method: DeliveryMethod

    def apply(self, case: Case, act: CaseAct) -> None:
        case.deliver(method=self.method, at=act.at, by=act.by)


@dataclass(frozen=True, kw_only=True)
class Withdraw(CaseCommand):
    """撤回: record the applicant's withdrawal."""

    path = "withdrawal"
    phase = "conclusion"
    example: ClassVar[dict[str, Any]] = {"reason": "申请人主动撤回"}
    reason: Required

    def apply(self, case: Case, act: CaseAct) -> None:
        case.withdraw(reason=self.reason, at=act.at, by=act.by)


@dataclass(frozen=True, kw_only=True)
class Terminate(CaseCommand):
    """终止: end the case abnormally."""

    path = "termination"
    phase = "conclusion"
    example: ClassVar[dict[str, Any]] = {"reason": "申请人已注销"}
    reason: Required

    def apply(self, case: Case, act: CaseAct) -> None:
        case.terminate(reason=self.reason, at=act.at, by=act.by)


@dataclass(frozen=True, kw_only=True)
class VerifyPledge(CaseCommand):
    """事后核查: verify a notification-commitment pledge."""

    path = "pledge-verification"
    phase = "conclusion"
    example: ClassVar[dict[str, Any]] = {"truthful": True, "finding": "现场核查，承诺属实"}
    truthful: bool
    finding: Required

    def apply(self, case: Case, act: CaseAct) -> None:
        case.verify_pledge(truthful=self.truthful, finding=self.finding, at=act.at, by=act.by)


CASE_COMMANDS: tuple[type[CaseCommand], ...] = (
    RequestSupplement,
    ProvideSupplement,
    Accept,
    RejectAtIntake,
    DecideOnSpot,
    HandOff,
    ReceiveHandOff,
    CompleteStep,
    ReturnStep,
    GiveGuidance,
    JoinSteps,
    SignJoinedStep,
    StartSpecialProcedure,
    EndSpecialProcedure,
    RequestPostAcceptanceSupplement,
    ProvidePostAcceptanceSupplement,
    ApproveExtension,
    GiveOpinion,
    ForwardUp,
    RecordUpperLevelDecision,
    Decide,
    AnnounceReady,
    Deliver,
    Withdraw,
    Terminate,
    VerifyPledge,
)
