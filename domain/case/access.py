"""Who may see and work which cases: the service hall's access rules, on top of each command's own.

A clerk works only the cases of their own department (or of a department whose co-opinion is asked);
inspectors, auditors and quality managers read everything and write nothing; agents and village station
clerks follow the cases they filed or hold; an applicant may only rate their own case.
"""

from __future__ import annotations

from domain.case.state import CaseState
from domain.errors import DomainError
from domain.organisation.actors import Actor, Role

READ_EVERYTHING = frozenset(
    {Role.INSPECTOR, Role.AUDITOR, Role.QUALITY_MANAGER, Role.ADMINISTRATOR, Role.GOVERNMENT_HEAD, Role.SYSTEM}
)
READ_ONLY = frozenset({Role.INSPECTOR, Role.AUDITOR, Role.QUALITY_MANAGER, Role.ADMINISTRATOR})
FILE_FOR_ANY_DEPARTMENT = frozenset({Role.AGENT, Role.VILLAGE_STATION_CLERK, Role.SYSTEM, Role.APPLICANT})


class AccessDenied(DomainError):
    """The actor may not see or work this case at all (as opposed to a rule of one command)."""

    rule = "access-denied"
    title = "Access denied"


def _involved(case: CaseState, actor: Actor) -> bool:
    """The actor holds the case, it is on its way to them, or they filed it (agent, station clerk)."""
    people = {case.holder.person_id, case.received_by.person_id}
    if case.in_transit_to is not None:
        people.add(case.in_transit_to.person_id)
    return actor.person_id in people


def _department_of(case: CaseState, actor: Actor) -> bool:
    return actor.department is not None and (
        actor.department == case.item.department or actor.department in case.item.co_departments
    )


def may_read(case: CaseState, actor: Actor) -> bool:
    if actor.role is Role.APPLICANT:
        return actor.person_id == Actor.applicant(case.applicant.subject_id).person_id
    return actor.role in READ_EVERYTHING or _department_of(case, actor) or _involved(case, actor)


def check_may_read(case: CaseState, actor: Actor) -> None:
    if not may_read(case, actor):
        raise AccessDenied(
            "{name} ({role}) may not see case {case_no}", name=actor.name, role=actor.role, case_no=case.case_no
        )


def check_may_act(case: CaseState, actor: Actor) -> None:
    """Raise ``AccessDenied`` unless ``actor`` may do anything at all on ``case``."""
    if actor.role in READ_ONLY:
        raise AccessDenied("a {role} reads cases but never acts on them", role=actor.role)
    if actor.role is Role.SYSTEM or (actor.role is Role.GOVERNMENT_HEAD and case.item.is_joint):
        return  # the watcher; the government head extends joint handling (Art. 42 ¶2)
    if actor.role in FILE_FOR_ANY_DEPARTMENT:
        if may_read(case, actor):
            return
    elif _department_of(case, actor) or _involved(case, actor):
        return
    raise AccessDenied(
        "{name} ({role}, {department}) may not act on case {case_no}",
        name=actor.name,
        role=actor.role,
        department=actor.department,
        case_no=case.case_no,
    )


def check_may_file(department: str, actor: Actor) -> None:
    """Window staff receive applications for their own department; agents and stations for any."""
    if actor.role in READ_ONLY:
        raise AccessDenied("a {role} does not receive applications", role=actor.role)
    if actor.role not in FILE_FOR_ANY_DEPARTMENT and actor.department != department:
        raise AccessDenied(
            "{name} receives applications for {department}, not {department2}",
            name=actor.name,
            department=actor.department,
            department2=department,
        )


def report_scope(actor: Actor, department: str | None) -> str | None:
    """The department a report may cover for ``actor``: theirs, unless they read everything."""
    if actor.role in READ_EVERYTHING:
        return department
    if department not in (None, actor.department):
        raise AccessDenied("{name} sees the reports of {department} only", name=actor.name, department=actor.department)
    return actor.department
