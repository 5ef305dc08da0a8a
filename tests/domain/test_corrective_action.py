"""Given-when-then for corrective actions (ISO 9001 10.2)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidValue
from domain.organisation.actors import Actor, Role
from domain.quality.corrective_action import CapaStatus, CapaStepOutOfOrder, CorrectiveAction, NotAQualityManager
from tests.support import AGENCY_HEAD, CLERK, at

QM = Actor("qm", "质量主管", Role.QUALITY_MANAGER, "CENTRE")


def raised() -> CorrectiveAction:
    action = CorrectiveAction.raise_for(
        capa_id="CAPA-1", title="审核环节超时", nonconformities=("NC-1", "NC-2"), at=at(4, 1), by=QM
    )
    action.collect_events()
    return action


def test_a_corrective_action_goes_from_cause_to_a_verified_close() -> None:
    action = raised()
    action.find_root_cause(root_cause="审核人岗位空缺，无AB岗", at=at(4, 2), by=AGENCY_HEAD)
    action.plan_action(action="设立AB岗", owner_department="SJJ", due_on=date(2026, 4, 30), at=at(4, 3), by=AGENCY_HEAD)
    action.complete_action(note="已设立", at=at(4, 20), by=AGENCY_HEAD)
    action.verify_effectiveness(effective=True, evidence="五月无审核超时", at=at(6, 1), by=QM)
    action.close(at=at(6, 2), by=QM)
    assert [type(e).__name__ for e in action.collect_events()] == [
        "RootCauseFound",
        "ActionPlanned",
        "ActionDone",
        "EffectivenessVerified",
        "Closed",
    ]
    assert action.status is CapaStatus.CLOSED


def test_an_ineffective_action_goes_back_to_planning() -> None:
    action = raised()
    action.find_root_cause(root_cause="x", at=at(4, 2), by=QM)
    action.plan_action(action="培训", owner_department="SJJ", due_on=date(2026, 4, 30), at=at(4, 3), by=QM)
    action.complete_action(note="", at=at(4, 20), by=QM)
    action.verify_effectiveness(effective=False, evidence="仍有超时", at=at(6, 1), by=QM)
    assert action.status is CapaStatus.ROOT_CAUSE_FOUND
    with pytest.raises(CapaStepOutOfOrder):
        action.close(at=at(6, 2), by=QM)


def test_steps_are_taken_in_order_and_by_the_right_people() -> None:
    action = raised()
    with pytest.raises(CapaStepOutOfOrder):
        action.complete_action(note="", at=at(4, 2), by=QM)
    with pytest.raises(NotAQualityManager):
        action.find_root_cause(root_cause="x", at=at(4, 2), by=CLERK)
    with pytest.raises(NotAQualityManager):
        CorrectiveAction.raise_for(capa_id="CAPA-2", title="t", nonconformities=(), at=at(4, 1), by=CLERK)
    with pytest.raises(InvalidValue):
        action.find_root_cause(root_cause=" ", at=at(4, 2), by=QM)
    assert action.collect_events() == []
