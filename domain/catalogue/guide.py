"""``ItemGuide`` (办事指南): what the public reads of a service item besides its terms — the conditions, the
fee, where and when to apply, how to ask — published and republished as events, each a version.

The writing rules of published guides (service-modes.md 6): a condition is stated, never "other
conditions as required" (no catch-all clause); no fee is written "不收费", never left blank or "无".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.case.errors import NotAuthorised
from domain.catalogue.terms import ItemKind, ItemTerms
from domain.clocks import TimeLimit, TimeUnit
from domain.errors import InvalidValue
from domain.ids import natural_id
from domain.organisation.actors import Actor, Role

NO_FEE = "不收费"
CATCH_ALL = ("其他", "等其他", "其它")  # "其他条件": a condition that says nothing
NO_FEE_WORDS = ("", "无", "免费", "0", "0元")


@dataclass(frozen=True)
class Guide:
    """A guide's text: conditions, the fee, the place, hours and phone, the result, the visits needed."""

    conditions: tuple[str, ...]
    fee: str = NO_FEE
    place: str = ""  # the window or hall where it is applied for (受理地点)
    hours: str = "工作日 9:00-12:00, 14:00-17:00"
    phone: str = ""  # consultation and complaint phone
    result: str = ""  # what the applicant receives (a licence's name)
    visits: int = 1  # the most times the applicant comes (最多跑一次)

    def __post_init__(self) -> None:
        if not self.conditions or any(not c.strip() for c in self.conditions):
            raise InvalidValue("a guide states its conditions, each in words")
        for condition in self.conditions:
            if any(condition.strip().startswith(word) for word in CATCH_ALL):
                raise InvalidValue("{condition}: a guide has no catch-all condition", condition=condition)
        if self.fee.strip() in NO_FEE_WORDS and self.fee != NO_FEE:
            raise InvalidValue("no fee is written {no_fee}, not '{fee}'", no_fee=NO_FEE, fee=self.fee)
        if not 0 <= self.visits <= 5:
            raise InvalidValue("an applicant comes 0 to 5 times, not {visits}", visits=self.visits)


class ItemGuide(Aggregate):
    class Published(Aggregate.Created):
        item_code: str
        guide: Guide
        occurred_at: datetime
        by: Actor

    class Republished(Aggregate.Event):
        guide: Guide
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.guide, aggregate.published_at = self.guide, self.occurred_at

    @staticmethod
    def id_for(item_code: str) -> Any:
        return natural_id("item-guide", item_code)

    def __init__(self, item_code: str, guide: Guide, occurred_at: datetime, by: Actor) -> None:
        self.item_code, self.guide, self.published_at = item_code, guide, occurred_at

    @classmethod
    def publish(cls, item_code: str, guide: Guide, *, at: datetime, by: Actor) -> ItemGuide:
        _check_publisher(by)
        return cls._create(
            cls.Published, id=cls.id_for(item_code), item_code=item_code, guide=guide, occurred_at=at, by=by
        )

    def republish(self, guide: Guide, *, at: datetime, by: Actor) -> None:
        _check_publisher(by)
        if guide != self.guide:
            self.trigger_event(self.Republished, guide=guide, occurred_at=at, by=by)


def _check_publisher(by: Actor) -> None:
    if by.role is not Role.ADMINISTRATOR:
        raise NotAuthorised("{name} does not publish the catalogue's guides", name=by.name)


def committed_words(terms: ItemTerms) -> str:
    """The committed limit as a guide writes it: "即办" for an immediate item, else "受理后N个工作日内办结"."""
    if terms.kind is ItemKind.IMMEDIATE:
        return "即办"
    return f"受理后{terms.committed_limit.value}个{_unit(terms.committed_limit)}内办结"


def statutory_words(terms: ItemTerms) -> str:
    return f"{terms.statutory_limit.value}个{_unit(terms.statutory_limit)}"


def _unit(limit: TimeLimit) -> str:
    return "工作日" if limit.unit is TimeUnit.WORKING_DAY else "自然日"
