"""Given-when-then for ISO 9001 management reviews (9.3): held on the pack of a period that has ended, with
decisions and actions due after it, recorded by the quality manager."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidValue
from domain.organisation.actors import Actor, Role
from domain.quality.corrective_action import NotAQualityManager
from domain.quality.management_review import ManagementReview, PackLine, ReviewAction
from tests.support import at

QUALITY = Actor("qm", "质量负责人", Role.QUALITY_MANAGER, "CENTRE")
PACK = (PackLine("objectives", "on-time rate 按时办结率", "≥ 98.0%", "97.2%", False),)


def held(**changes: object) -> ManagementReview:
    fields: dict[str, object] = {
        "review_no": "PS-1",
        "first_day": date(2026, 1, 1),
        "last_day": date(2026, 6, 30),
        "pack": PACK,
        "decisions": ("按时办结率未达标：审核环节增设AB岗",),
        "actions": (ReviewAction("审核环节增设AB岗", "SJJ", date(2026, 8, 31)),),
        "at": at(7, 10),
        "by": QUALITY,
    }
    return ManagementReview.hold(**(fields | changes))  # type: ignore[arg-type]


def test_a_review_keeps_its_pack_decisions_and_actions() -> None:
    review = held()
    assert review.pack == PACK and review.actions[0].owner_department == "SJJ"
    assert review.held_by == QUALITY


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"last_day": date(2026, 7, 10)}, "ended"),
        ({"pack": ()}, "pack"),
        ({"decisions": ()}, "decisions"),
        ({"decisions": (" ",)}, "decisions"),
        ({"actions": (ReviewAction("x", "SJJ", date(2026, 7, 10)),)}, "due after"),
        ({"actions": (ReviewAction(" ", "SJJ", date(2026, 8, 1)),)}, "action"),
    ],
)
def test_a_review_is_in_bounds(changes: dict[str, object], words: str) -> None:
    with pytest.raises(InvalidValue, match=words):
        held(**changes)


def test_the_quality_manager_records_it() -> None:
    with pytest.raises(NotAQualityManager):
        held(by=Actor("au", "审计员", Role.AUDITOR, "CENTRE"))
