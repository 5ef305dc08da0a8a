"""Request bodies of the receipt and the applicant's rating (the case commands' bodies are derived from
their definitions: ``routes/case_commands.py``)."""

from __future__ import annotations

import secrets
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from domain.case.values import Applicant
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


class RatingIn(Timed):
    model_config = example(stars=5, comment="办事效率高")
    stars: Annotated[int, Field(ge=1, le=5)]
    comment: Text = ""
