"""Value objects and code lists of a case: status, outcomes, Art. 45 procedures, opinions, warnings."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from domain.errors import InvalidValue
from domain.organisation.actors import Actor


class CaseStatus(enum.Enum):
    """The states of domain.md 5b (a pre-review is a record of its own, ``domain.prereview``, before them)."""

    RECEIVED = "received"  # 已接件: materials received, K0 running
    SUPPLEMENT_REQUESTED = "supplement_requested"  # 待补正: one-time notice issued (Art. 32(4))
    IN_PROGRESS = "in_progress"  # 已受理/办理中
    SUSPENDED = "suspended"  # 特别程序: Art. 45 procedure, clocks paused
    AWAITING_APPLICANT = "awaiting_applicant"  # 受理后待补办
    FORWARDED_UP = "forwarded_up"  # 上报: with the upper level
    DECIDED = "decided"  # 办结: decision made, delivery pending
    CLOSED = "closed"  # 送达/出件: delivered
    REJECTED_AT_INTAKE = "rejected_at_intake"  # 不予受理
    WITHDRAWN = "withdrawn"  # 撤回
    TERMINATED = "terminated"  # 终止
    REVOKED = "revoked"  # 告知承诺 found false: approval revoked

    @property
    def is_open(self) -> bool:
        """Still being worked: not yet decided, and not ended."""
        return self in OPEN_STATUSES

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL_STATUSES

    @property
    def ended_undecided(self) -> bool:
        """Ended without a decision (withdrawn, terminated, not accepted): what was applied for is to be
        applied for again. A refusal is a decision."""
        return self in (CaseStatus.WITHDRAWN, CaseStatus.TERMINATED, CaseStatus.REJECTED_AT_INTAKE)


OPEN_STATUSES = frozenset(
    {
        CaseStatus.RECEIVED,
        CaseStatus.SUPPLEMENT_REQUESTED,
        CaseStatus.IN_PROGRESS,
        CaseStatus.SUSPENDED,
        CaseStatus.AWAITING_APPLICANT,
        CaseStatus.FORWARDED_UP,
    }
)
TERMINAL_STATUSES = frozenset(
    {
        CaseStatus.CLOSED,
        CaseStatus.REJECTED_AT_INTAKE,
        CaseStatus.WITHDRAWN,
        CaseStatus.TERMINATED,
        CaseStatus.REVOKED,
    }
)


class Outcome(enum.Enum):
    GRANTED = "granted"  # 准予许可
    REFUSED = "refused"  # 不予许可: reasons and remedies required (Art. 38)


class SpecialProcedureType(enum.Enum):
    """Art. 45's closed list of procedures whose time is not counted in the limits."""

    HEARING = "hearing"  # 听证
    TENDERING = "tendering"  # 招标
    AUCTION = "auction"  # 拍卖
    INSPECTION = "inspection"  # 检验、检测、检疫
    APPRAISAL = "appraisal"  # 鉴定
    EXPERT_REVIEW = "expert_review"  # 专家评审


class OpinionKind(enum.Enum):
    """A co-department's answer in joint approval [S29]."""

    AGREE = "agree"
    DISAGREE = "disagree"  # only with reasons
    FORWARD = "forward"  # agree, forward to a central body
    DEEMED_CONSENT = "deemed_consent"  # 超时默许: no answer within the co-department budget


class WarningLevel(enum.Enum):
    """domain.md 5d: the highest matching level wins; thresholds are configuration."""

    PROMPT = "prompt"  # 提示: ≤ 1 WD left
    YELLOW = "yellow"  # 预警/黄牌: ≥ 4/5 used
    RED = "red"  # 报警/红牌: limit exceeded
    STATUTORY_BREACH = "statutory_breach"  # KS + extension exceeded (Arts 42/74)


class DeliveryMethod(enum.Enum):
    WINDOW = "window"  # 窗口出件
    MAIL = "mail"
    E_CERTIFICATE = "e_certificate"


@dataclass(frozen=True)
class Applicant:
    """The applicant (申请人). ``subject_id`` names the data subject; the rest is personal data."""

    subject_id: str
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    is_enterprise: bool = False
    id_type: str = ""  # the document ``id_number`` is from (``domain.case.identity``); "" for the default

    def __post_init__(self) -> None:
        if not self.subject_id or not self.name:
            raise InvalidValue("an applicant needs a subject id and a name")


@dataclass(frozen=True)
class StepRecord:
    """What happened to one step: who signed it, with which opinion, or why it was returned."""

    index: int
    name: str
    person_id: str
    action: str  # "pass" or "return" (GB/T 39046 Table 7 business action)
    opinion: str
    day: str  # ISO date in Asia/Shanghai


class MissingNotice(NamedTuple):
    """A pre-review's notice of what was missing."""

    missing: tuple[str, ...]
    notice_no: str
    at: datetime
    by: Actor


class Supplied(NamedTuple):
    """The materials brought after a pre-review's notice."""

    at: datetime
    by: Actor
    materials: tuple[str, ...]


@dataclass(frozen=True)
class PreReviewed:
    """What a complete pre-review hands to the case it is filed as (``Case.receive_pre_reviewed``)."""

    applicant: Applicant
    materials: tuple[str, ...]
    submitted_at: datetime
    counts_as_receipt: bool
    notice: MissingNotice | None = None
    supplied: Supplied | None = None

    def received_at(self, filed_at: datetime) -> datetime:
        """The legal receipt of the case filed at ``filed_at``: the first submission, when the item counts a
        pre-review as receipt; else the filing."""
        return self.submitted_at if self.counts_as_receipt else filed_at
