"""Who may read a supervision record (an order, a complaint): the department it concerns, and those who read
everything (inspectors, auditors, the quality manager, administrators, the government head); and a
responsibility finding, which is personal: the person it is against, the heads of their department, and
those who supervise or audit."""

from __future__ import annotations

from domain.case.access import READ_EVERYTHING, AccessDenied
from domain.organisation.actors import Actor, Role

FINDING_READERS = frozenset({Role.INSPECTOR, Role.AUDITOR, Role.ADMINISTRATOR, Role.GOVERNMENT_HEAD})
DEPARTMENT_HEADS = frozenset({Role.AGENCY_HEAD, Role.WINDOW_CHIEF_REPRESENTATIVE})


def check_may_read_record(what: str, department: str, viewer: Actor) -> None:
    if viewer.role not in READ_EVERYTHING and viewer.department != department:
        raise AccessDenied(
            "{what} concerns {department}; {name} reads their own department's only",
            what=what,
            department=department,
            name=viewer.name,
        )


def check_may_read_finding(finding_no: str, person_id: str, department: str, viewer: Actor) -> None:
    if viewer.role in FINDING_READERS or viewer.person_id == person_id:
        return
    if viewer.role in DEPARTMENT_HEADS and viewer.department == department:
        return
    raise AccessDenied(
        "finding {finding_no} is read by its person, the heads of {department} and the inspectors",
        finding_no=finding_no,
        department=department,
    )


def personal_scope(viewer: Actor, person: str | None) -> str | None:
    """The person a report about people's conduct (their findings) may cover for ``viewer``: anyone, for its
    readers and the heads of a department (whose department the report is already scoped to); themselves,
    for everyone else."""
    if viewer.role in FINDING_READERS or viewer.role in DEPARTMENT_HEADS:
        return person
    if person not in (None, viewer.person_id):
        raise AccessDenied("{name} sees their own findings only", name=viewer.name)
    return viewer.person_id


def check_may_read_the_centre(viewer: Actor, what: str) -> None:
    """Figures of every department at once (an evaluation being drafted or as published): for those who read
    everything; a department reads its own row in the report."""
    if viewer.role not in READ_EVERYTHING:
        raise AccessDenied(
            "{what} covers every department; {name} reads their own in the report", what=what, name=viewer.name
        )
