"""Building blocks of the request schemas: constrained strings, strict models, business time."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from domain.text import first_unstorable

Text = Annotated[str, StringConstraints(max_length=2000, strip_whitespace=True)]


Required = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]


Code = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]


Materials = Annotated[list[Required], Field(max_length=50)]


class Strict(BaseModel):
    """A request body: no unknown fields, and no text the ledger cannot keep (``domain/text.py``)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _storable_text(cls, data: Any) -> Any:
        reason = first_unstorable(data)
        if reason:
            raise ValueError(f"text the ledger cannot keep: {reason}")
        return data


class Timed(Strict):
    occurred_at: AwareDatetime | None = Field(
        default=None, description="When the act legally happened (a paper act entered late); default: now"
    )


def example(**values: Any) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [values]})
