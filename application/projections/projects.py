"""The register of investment projects (投资项目台账): one row per project with its plan's totals (the
longest path to the clock's end by committed and by statutory limits, the centre's "40 against 170") and
how many of its permits have a case. Where each case stands is read from the cases when a project is
asked for (``Projects.progress``); the register holds what the plan alone says."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from application.projections.base import Context, Projection, Recorded, ViewWriter, table
from application.projections.case_events import iso
from domain.projects.plan import Milestone, PlannedPermit, longest_path
from domain.projects.project import Project

PROJECTS = table(
    "view_projects",
    key=("project_no",),
    indexes=(("registered_at",),),
    project_no="text",
    name="text",
    investor_name="text",
    industrial_zone="text",
    scale_wan_yuan="int",
    major="bool",
    green_channel="bool",
    committed_wd="int",  # the commitment to the investor
    registered_at="timestamp",
    permits="int",
    cases="int",  # permits with a case filed
    committed_path_wd="int",  # the plan's longest path to the clock's end by committed limits
    statutory_path_wd="int",  # and by statutory limits
)
ROW = PROJECTS.column_names


class ProjectsView(Projection):
    name = "projects"
    tables = (PROJECTS,)
    events = (Project.Registered, Project.PermitPlanned, Project.CaseLinked)

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        event = recorded.event
        if isinstance(event, Project.Registered):
            state: dict[str, Any] = {
                "project_no": event.project_no,
                "name": event.name,
                "investor_name": event.investor_name,
                "industrial_zone": event.industrial_zone,
                "scale_wan_yuan": event.scale_wan_yuan,
                "major": event.major,
                "green_channel": event.green_channel,
                "committed_wd": event.committed_wd,
                "registered_at": iso(event.occurred_at),
                "permits": 0,
                "cases": 0,
                "committed_path_wd": None,
                "statutory_path_wd": None,
                "plan": [],
                "linked": [],
            }
        else:
            found = view.state(recorded.key)
            if found is None:
                return
            state = found
            if isinstance(event, Project.PermitPlanned):
                state["plan"].append({**asdict(event.permit), "milestone": _milestone(event.permit)})
                state["permits"] = len(state["plan"])
                self._totals(state)
            elif event.key not in state["linked"]:
                state["linked"].append(event.key)
                state["cases"] = len(state["linked"])
        view.set_state(recorded.key, state)
        view.upsert(PROJECTS.name, {column: state[column] for column in ROW})

    @staticmethod
    def _totals(state: dict[str, Any]) -> None:
        permits = [PlannedPermit(**{**p, **_values(p)}) for p in state["plan"]]
        end = next((p.key for p in permits if p.milestone is Milestone.END), None)
        if end is None:
            return
        green = bool(state["green_channel"])
        state["committed_path_wd"] = longest_path(permits, lambda p: p.committed_wd, end, green).days
        state["statutory_path_wd"] = longest_path(permits, lambda p: p.statutory_wd, end, green).days


def _milestone(permit: PlannedPermit) -> str | None:
    return permit.milestone.value if permit.milestone is not None else None


def _values(kept: dict[str, Any]) -> dict[str, Any]:
    """A permit as the state keeps it (JSON) back in its value types."""
    milestone = kept["milestone"]
    return {
        "after": tuple(kept["after"]),
        "soft_after": tuple(kept["soft_after"]),
        "milestone": Milestone(milestone) if milestone else None,
    }
