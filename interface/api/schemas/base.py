"""Building blocks of the request schemas: constrained strings, strict models, business time."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from application.calendar_years import calendar_years
from domain.text import first_unstorable

Text = Annotated[str, StringConstraints(max_length=2000, strip_whitespace=True)]


def _in_calendar(value: D) -> D:
    """A day or instant in the years the ledger keeps calendars for (checked on the year as written, before
    any conversion: year 1 at +14:00 has no UTC form)."""
    first, last = calendar_years()
    if not first <= value.year <= last:
        raise ValueError(f"outside the working calendars the ledger keeps ({first}-{last})")
    return value


D = TypeVar("D", date, datetime)
Instant = Annotated[AwareDatetime, AfterValidator(_in_calendar)]
Day = Annotated[date, AfterValidator(_in_calendar)]


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
    occurred_at: Instant | None = Field(
        default=None, description="When the act legally happened (a paper act entered late); default: now"
    )


def example(**values: Any) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [values]})
