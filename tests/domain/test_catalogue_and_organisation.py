"""Service items and their revisions; people, roles and delegations."""

from __future__ import annotations

import pytest

from domain.catalogue.service_item import ServiceItem
from domain.catalogue.terms import ItemKind, Procedure, StepDefinition
from domain.clocks import TimeLimit
from domain.errors import InvalidValue
from domain.organisation.actors import Authority, Role
from domain.organisation.directory import Person
from tests.support import AGENCY_HEAD, APPROVER, item

ADMIN = AGENCY_HEAD


@pytest.mark.parametrize(
    "changes",
    [
        {"committed_limit": TimeLimit(25)},  # committed above statutory
        {"steps": (StepDefinition("承办", Role.HANDLER, TimeLimit(11)),)},  # budgets above the commitment
        {"steps": ()},  # a commitment item without steps
        {"co_departments": ("ZJJ",)},  # co-departments on a non-joint item
        {"procedure": Procedure.JOINT_APPROVAL},  # joint approval on a non-joint item
    ],
)
def test_inconsistent_item_terms_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(InvalidValue):
        item(ItemKind.COMMITMENT, **changes)


def test_an_immediate_item_is_due_the_same_day() -> None:
    with pytest.raises(InvalidValue):
        item(ItemKind.IMMEDIATE, committed_limit=TimeLimit(1))


def test_revisions_are_events_and_raise_the_version() -> None:
    service_item = ServiceItem.register(item(), by=ADMIN)
    steps = (StepDefinition("承办", Role.HANDLER, TimeLimit(2)), StepDefinition("批准", Role.APPROVER, TimeLimit(1)))
    service_item.change_step_budgets(steps, reason="流程再造", by=ADMIN)
    service_item.shorten_limit(TimeLimit(5), reason="承诺时限压缩", by=ADMIN)
    events = service_item.collect_events()
    assert [type(e).__name__ for e in events] == ["Registered", "StepBudgetsChanged", "LimitShortened"]
    assert service_item.current_terms.version == 3 and service_item.current_terms.committed_limit == TimeLimit(5)
    assert events[-1].old_limit == TimeLimit(10)  # type: ignore[attr-defined]


def test_a_commitment_item_turned_immediate() -> None:
    service_item = ServiceItem.register(item(), by=ADMIN)
    service_item.turn_immediate(reason="2006年事项清理", by=ADMIN)
    terms = service_item.current_terms
    assert terms.kind is ItemKind.IMMEDIATE and terms.committed_limit == TimeLimit(0) and terms.steps == ()
    with pytest.raises(InvalidValue):
        service_item.turn_immediate(reason="again", by=ADMIN)


def test_a_limit_is_only_shortened_and_never_below_the_step_budgets() -> None:
    service_item = ServiceItem.register(item(), by=ADMIN)
    with pytest.raises(InvalidValue):
        service_item.shorten_limit(TimeLimit(12), reason="longer", by=ADMIN)
    with pytest.raises(InvalidValue):
        service_item.shorten_limit(TimeLimit(8), reason="below the 9 WD of steps", by=ADMIN)
    assert service_item.collect_events()[-1].__class__.__name__ == "Registered"


def test_delegation_gives_a_chief_representative_the_authority_to_approve() -> None:
    chief = Person(
        person_id="chief", name="首席代表", role=Role.WINDOW_CHIEF_REPRESENTATIVE, department="SJJ", section=None
    )
    assert not chief.as_actor().may(Authority.APPROVE)
    chief.delegate(Authority.APPROVE, granted_by=AGENCY_HEAD, basis="授权书")
    assert chief.as_actor().may(Authority.APPROVE)
    assert chief.as_actor().can_sign_step(Role.APPROVER)


def test_nobody_delegates_an_authority_they_do_not_hold() -> None:
    chief = Person(
        person_id="chief", name="首席代表", role=Role.WINDOW_CHIEF_REPRESENTATIVE, department="SJJ", section=None
    )
    with pytest.raises(InvalidValue):
        chief.delegate(Authority.EXTEND_SINGLE, granted_by=APPROVER, basis="?")
