"""Given-when-then for investment projects: registered by the centre's investor service, permits planned as
a graph (each after those it needs), the commitment against the longest paths by committed and statutory
limits, and the critical path as the permits' cases progress."""

from __future__ import annotations

import pytest

from domain.errors import InvalidValue
from domain.organisation.actors import Actor, Role
from domain.projects.plan import Milestone, PermitProgress, PlannedPermit, critical_now, longest_path
from domain.projects.project import NotForProjectStaff, PlanRuleBroken, Project
from tests.support import CLERK, at

AGENT = Actor("dl1", "代办员", Role.AGENT, "CENTRE")


def permit(
    key: str, committed: int, statutory: int, *after: str, soft: tuple[str, ...] = (), **extra: object
) -> PlannedPermit:
    fields: dict[str, object] = {"item_code": f"ITEM-{key}", "department": "ZJJ", "milestone": None} | extra
    return PlannedPermit(
        key, str(fields["item_code"]), str(fields["department"]), after, soft, committed, statutory, fields["milestone"]
    )  # type: ignore[arg-type]


# The Shuangliu chain (service-modes.md 1.2), limits of its kind: 立项, land-use and works planning, EIA
# beside planning, drawing review, construction permit.
SHUANGLIU = (
    permit("approval", 5, 20, milestone=Milestone.START),
    permit("land-use", 7, 20, "approval"),
    permit("eia", 10, 60, "approval"),
    permit("works-planning", 8, 20, "land-use"),
    permit("drawings", 10, 15, "works-planning", soft=("eia",)),
    permit("construction", 5, 15, "drawings", "eia", milestone=Milestone.END),
)


def registered(green_channel: bool = False, **changes: object) -> Project:
    fields: dict[str, object] = {
        "project_no": "2026-510116-04-01-000123",
        "name": "航空港物流园二期",
        "investor_id": "91510100MA6C8XYZ1L",
        "investor_name": "成都某物流有限公司",
        "site": "西航港经济开发区",
        "scale_wan_yuan": 32000,
        "committed_wd": 40,
        "industrial_zone": "西航港",
        "major": True,
        "green_channel": green_channel,
        "at": at(3, 2),
        "by": AGENT,
    }
    return Project.register(**(fields | changes))  # type: ignore[arg-type]


def planned(green_channel: bool = False) -> Project:
    project = registered(green_channel)
    for each in SHUANGLIU:
        project.plan_permit(each, at=at(3, 2, 10), by=AGENT)
    return project


def test_a_project_is_registered_by_the_investor_service_with_its_commitment() -> None:
    project = registered()
    assert (project.project_no, project.committed_wd, project.major, project.green_channel) == (
        "2026-510116-04-01-000123",
        40,
        True,
        False,
    )
    assert project.totals() is None  # nothing planned yet
    with pytest.raises(NotForProjectStaff):
        registered(by=CLERK)
    with pytest.raises(InvalidValue):
        registered(committed_wd=0)


def test_the_commitment_stands_against_the_longest_paths_by_committed_and_statutory_limits() -> None:
    by_commitment, by_law = planned().totals() or (None, None)
    assert by_commitment is not None and by_law is not None
    # approval 5 -> land-use 7 -> works-planning 8 -> drawings 10 -> construction 5 = 35, longer than
    # approval 5 -> eia 10 -> drawings 10 -> construction 5 = 30.
    assert by_commitment.permits == ("approval", "land-use", "works-planning", "drawings", "construction")
    assert by_commitment.days == 35
    # By law: EIA's 60 days lead (20 + 60 + 15 + 15 = 110 against 20 + 20 + 20 + 15 + 15 = 90).
    assert by_law.permits == ("approval", "eia", "drawings", "construction") and by_law.days == 110


def test_a_green_channel_runs_what_custom_puts_first_in_parallel() -> None:
    _, by_law = planned(green_channel=True).totals() or (None, None)
    assert by_law is not None
    # Drawing review no longer waits for the EIA; the construction permit still does (a legal precondition).
    assert by_law.permits == ("approval", "eia", "construction") and by_law.days == 95


@pytest.mark.parametrize(
    ("bad", "rule"),
    [
        (permit("approval", 5, 20), PlanRuleBroken),  # planned twice
        (permit("roads", 5, 20, "nowhere"), PlanRuleBroken),  # after a permit not planned
        (permit("roads", 25, 20, "approval"), PlanRuleBroken),  # promises more than the law allows
        (permit("roads", 5, 20, "approval", soft=("approval",)), PlanRuleBroken),  # both kinds of edge
        (permit("again", 5, 20, milestone=Milestone.START), PlanRuleBroken),  # a second start
    ],
)
def test_a_plan_stays_a_plan(bad: PlannedPermit, rule: type[Exception]) -> None:
    project = registered()
    project.plan_permit(SHUANGLIU[0], at=at(3, 2, 10), by=AGENT)
    with pytest.raises(rule):
        project.plan_permit(bad, at=at(3, 2, 11), by=AGENT)
    assert [p.key for p in project.permits] == ["approval"]


def test_the_clock_ends_after_it_starts() -> None:
    project = registered()
    with pytest.raises(PlanRuleBroken):  # no start yet
        project.plan_permit(permit("construction", 5, 15, milestone=Milestone.END), at=at(3, 2), by=AGENT)
    project.plan_permit(SHUANGLIU[0], at=at(3, 2), by=AGENT)
    project.plan_permit(permit("unrelated", 5, 15), at=at(3, 2), by=AGENT)
    with pytest.raises(PlanRuleBroken):  # does not follow the start
        project.plan_permit(permit("construction", 5, 15, "unrelated", milestone=Milestone.END), at=at(3, 2), by=AGENT)


def test_each_permits_case_is_linked_once() -> None:
    project = planned()
    project.link_case("approval", "FGJ-20260302-S1-000001", item_code="ITEM-approval", at=at(3, 2, 11), by=AGENT)
    assert project.cases == {"approval": "FGJ-20260302-S1-000001"}
    with pytest.raises(PlanRuleBroken):
        project.link_case("eia", "FGJ-20260302-S1-000001", item_code="ITEM-eia", at=at(3, 2, 11), by=AGENT)
    with pytest.raises(InvalidValue):
        project.link_case("roads", "ZJJ-20260302-S1-000002", item_code="ITEM-roads", at=at(3, 2, 11), by=AGENT)
    with pytest.raises(InvalidValue):  # a case of another item than the permit's
        project.link_case("eia", "ZJJ-20260302-S1-000003", item_code="ITEM-approval", at=at(3, 2, 11), by=AGENT)
    project.link_case(
        "approval", "FGJ-20260303-S1-000009", item_code="ITEM-approval", at=at(3, 3, 11), by=AGENT
    )  # filed again
    assert project.cases == {"approval": "FGJ-20260303-S1-000009"}


def test_the_critical_path_follows_the_cases_and_names_the_permit_holding_the_project_up() -> None:
    plan = planned().permits
    # 立项 done in 4 WD; land-use running for 12 WD already (committed 7): planning now leads.
    progress = {
        "approval": PermitProgress(filed=True, concluded=True, used_wd=4),
        "land-use": PermitProgress(filed=True, concluded=False, used_wd=12),
        "eia": PermitProgress(filed=True, concluded=True, used_wd=9),
    }
    path, holding = critical_now(plan, progress, "construction")
    assert path.permits == ("approval", "land-use", "works-planning", "drawings", "construction")
    assert path.days == 4 + 12 + 8 + 10 + 5 and holding == "land-use"
    # Once planning is through, a late EIA would lead instead; with everything concluded nothing holds it up.
    done = {key: PermitProgress(True, True, 3) for key in ("approval", "land-use", "works-planning", "drawings")}
    late_eia = done | {"eia": PermitProgress(True, False, 30)}
    assert critical_now(plan, late_eia, "construction")[1] == "eia"
    everything = done | {"eia": PermitProgress(True, True, 9), "construction": PermitProgress(True, True, 2)}
    assert critical_now(plan, everything, "construction")[1] is None


def test_a_longest_path_is_asked_for_a_planned_permit() -> None:
    with pytest.raises(InvalidValue):
        longest_path(SHUANGLIU, lambda p: p.committed_wd, "nowhere")
