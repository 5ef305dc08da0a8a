"""Given-when-then for mandates (授权委托): an enterprise mandates an agent for some items or all, for a period;
renewed or terminated; the agent is covered only within it."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agency.mandate import Mandate, MandateTerms, NotMandated
from domain.errors import InvalidValue
from domain.organisation.actors import Actor, Role
from tests.support import CLERK, at

AGENT = Actor("dl1", "代办员", Role.AGENT, "CENTRE")


def terms(items: tuple[str, ...] = ("FGJ-001", "ZJJ-007"), **changes: object) -> MandateTerms:
    fields: dict[str, object] = {
        "applicant_name": "成都某物流有限公司",
        "items": items,
        "valid_from": date(2026, 3, 1),
        "valid_until": date(2026, 12, 31),
        "letter": "授权委托书〔2026〕12号",
    }
    return MandateTerms(**(fields | changes))  # type: ignore[arg-type]


def signed(items: tuple[str, ...] = ("FGJ-001", "ZJJ-007"), by: Actor = AGENT, **changes: object) -> Mandate:
    return Mandate.sign(
        agent_id=AGENT.person_id, subject_id="91510100MA6C8XYZ1L", terms=terms(items, **changes), at=at(3, 1), by=by
    )


def test_a_mandate_covers_its_items_in_its_period() -> None:
    mandate = signed()
    assert mandate.covers("FGJ-001", date(2026, 3, 2)) and mandate.covers("ZJJ-007", date(2026, 12, 31))
    assert not mandate.covers("SJJ-001", date(2026, 3, 2))  # an item it does not name
    assert not mandate.covers("FGJ-001", date(2027, 1, 1))  # after its period
    with pytest.raises(NotMandated):
        mandate.check_covers("SJJ-001", date(2026, 3, 2))
    assert signed(items=()).covers("SJJ-001", date(2026, 3, 2))  # no items named: every item


def test_a_terminated_mandate_covers_nothing_from_that_day_until_renewed() -> None:
    mandate = signed()
    mandate.terminate(reason="企业自行办理", at=at(5, 6), by=AGENT)
    assert mandate.covers("FGJ-001", date(2026, 5, 5)) and not mandate.covers("FGJ-001", date(2026, 5, 6))
    with pytest.raises(NotMandated):
        mandate.terminate(reason="again", at=at(5, 7), by=AGENT)
    renewed = terms((), valid_from=date(2026, 6, 1), valid_until=date(2027, 5, 31), letter="授权委托书〔2026〕31号")
    mandate.renew(terms=renewed, at=at(6, 1), by=AGENT)
    assert mandate.covers("SJJ-001", date(2026, 6, 1))


@pytest.mark.parametrize(
    "changes",
    [{"by": CLERK}, {"valid_until": date(2026, 2, 1)}, {"items": ("FGJ-001", "FGJ-001")}, {"letter": ""}],
)
def test_a_mandate_that_breaks_a_rule_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises((NotMandated, InvalidValue)):
        signed(**changes)
