"""Request bodies of the case commands, each with an example for the API documentation."""

from __future__ import annotations

import secrets
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from domain.case.values import Applicant, DeliveryMethod, OpinionKind, Outcome
from domain.organisation.actors import Channel
from interface.api.schemas.base import Code, Materials, Required, Strict, Text, Timed, example


class ApplicantIn(Strict):
    subject_id: Code | None = Field(default=None, description="the data subject's id; generated when absent")
    name: Required
    id_type: Literal["resident_id", "uscc", "passport", "other"] | None = Field(
        default=None,
        description="the identity document: resident_id (居民身份证, GB 11643, checked with its check digit), "
        "uscc (统一社会信用代码, GB 32100), passport or other; by default resident_id, or uscc for an enterprise",
    )
    id_number: Annotated[str, StringConstraints(max_length=40)] = Field(
        default="", description="the document's number (required)"
    )
    phone: Annotated[str, StringConstraints(max_length=40)] = ""
    address: Text = ""
    is_enterprise: bool = False

    def to_domain(self) -> Applicant:
        subject = self.subject_id or f"S-{secrets.token_hex(8)}"
        kind = self.id_type or ""
        return Applicant(subject, self.name, self.id_number, self.phone, self.address, self.is_enterprise, kind)


class ReceiveIn(Timed):
    model_config = example(
        item_code="SJJ-003",
        channel="window",
        materials=["申请书", "营业执照"],
        applicant={"name": "张三", "id_number": "510122199001011233", "phone": "13900000000"},
    )
    item_code: Code
    applicant: ApplicantIn
    channel: Channel = Channel.WINDOW
    materials: Materials = Field(default_factory=list)


class NoticeIn(Timed):
    model_config = example(notice_no="受理通知书〔2026〕001号")
    notice_no: Text = ""


class SupplementRequestIn(Timed):
    model_config = example(missing=["营业执照副本", "法定代表人身份证明"], notice_no="补正通知书〔2026〕012号")
    missing: Annotated[list[Required], Field(min_length=1, max_length=50)]
    notice_no: Required


class MaterialsIn(Timed):
    model_config = example(materials=["营业执照副本"])
    materials: Materials = Field(default_factory=list)


class RejectIn(Timed):
    model_config = example(
        reasons="申请事项不属于本机关职权范围", remedies="请向市市场监督管理局申请", notice_no="不予受理〔2026〕3号"
    )
    reasons: Required
    remedies: Text = ""
    notice_no: Text = ""


class DecisionIn(Timed):
    model_config = example(outcome="granted", document_no="许可决定书〔2026〕088号")
    outcome: Outcome
    reasons: Text = ""
    remedies: Text = ""
    document_no: Text = ""
    legal_basis: Text = ""


class HandOffIn(Timed):
    model_config = example(to_person_id="SJJ-S1-HD1", note="请办理")
    to_person_id: Code
    note: Text = ""


class OpinionIn(Timed):
    model_config = example(opinion="同意，材料齐全")
    opinion: Text = ""


class ReasonIn(Timed):
    model_config = example(reason="审查意见不明确，请补充")
    reason: Required


class SpecialProcedureIn(Timed):
    model_config = example(
        procedure="expert_review",
        legal_basis="行政许可法第四十五条",
        notice_no="特别程序告知书〔2026〕5号",
        expected_days=10,
    )
    procedure: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    legal_basis: Text = ""
    notice_no: Text = ""
    expected_days: Annotated[int, Field(ge=1, le=365)]


class ResultIn(Timed):
    model_config = example(result="专家评审通过")
    result: Required


class PostAcceptanceSupplementIn(Timed):
    model_config = example(missing=["补充说明"], legal_basis="", notice_no="补办通知〔2026〕2号")
    missing: Annotated[list[Required], Field(min_length=1, max_length=50)]
    legal_basis: Text = ""
    notice_no: Text = ""


class ExtensionIn(Timed):
    model_config = example(days=10, reason="需要现场核查", notice_no="延期告知书〔2026〕7号")
    days: Annotated[int, Field(ge=1, le=60)]
    reason: Required
    notice_no: Text = ""


class CoOpinionIn(Timed):
    model_config = example(co_department="ZJJ", opinion="agree", reasons="")
    co_department: Code
    opinion: OpinionKind
    reasons: Text = ""


class CoDepartmentIn(Timed):
    co_department: Code


class ForwardIn(Timed):
    model_config = example(upper_level="市政务服务中心", opinion="初审同意，上报审批")
    upper_level: Required
    opinion: Text = ""


class UpperDecisionIn(Timed):
    model_config = example(outcome="granted", document_no="市批〔2026〕19号")
    outcome: Outcome
    document_no: Text = ""
    reasons: Text = ""


class DeliverIn(Timed):
    model_config = example(method="window")
    method: DeliveryMethod


class PledgeIn(Timed):
    model_config = example(truthful=True, finding="现场核查，承诺属实")
    truthful: bool
    finding: Required


class RatingIn(Timed):
    model_config = example(stars=5, comment="办事效率高")
    stars: Annotated[int, Field(ge=1, le=5)]
    comment: Text = ""
