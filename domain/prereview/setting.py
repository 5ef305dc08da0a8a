"""``ItemPreReview``: how one item is pre-reviewed (an item with none is pre-reviewed by the default setting)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.case.errors import NotAuthorised
from domain.ids import natural_id
from domain.organisation.actors import Actor, Role
from domain.prereview.prereview import PreReviewSetting


class ItemPreReview(Aggregate):
    class Set(Aggregate.Created):
        item_code: str
        setting: PreReviewSetting
        occurred_at: datetime
        by: Actor

    class Changed(Aggregate.Event):
        setting: PreReviewSetting
        occurred_at: datetime
        by: Actor

        def apply(self, aggregate: Any) -> None:
            aggregate.setting = self.setting

    @staticmethod
    def id_for(item_code: str) -> Any:
        return natural_id("item-pre-review", item_code)

    def __init__(self, item_code: str, setting: PreReviewSetting, occurred_at: datetime, by: Actor) -> None:
        self.item_code, self.setting = item_code, setting

    @classmethod
    def set(cls, item_code: str, setting: PreReviewSetting, *, at: datetime, by: Actor) -> ItemPreReview:
        check_may_set(by)
        return cls._create(
            cls.Set, id=cls.id_for(item_code), item_code=item_code, setting=setting, occurred_at=at, by=by
        )

    def change(self, setting: PreReviewSetting, *, at: datetime, by: Actor) -> None:
        check_may_set(by)
        if setting != self.setting:
            self.trigger_event(self.Changed, setting=setting, occurred_at=at, by=by)


def check_may_set(by: Actor) -> None:
    """The catalogue's keeper (the administrator) sets how items are pre-reviewed."""
    if by.role is not Role.ADMINISTRATOR:
        raise NotAuthorised("{name} does not set how items are pre-reviewed", name=by.name)
