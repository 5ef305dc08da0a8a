"""Who may read a supervision record (an order, a complaint): the department it concerns, and those who read
everything (inspectors, auditors, the quality manager, administrators, the government head)."""

from __future__ import annotations

from domain.case.access import READ_EVERYTHING, AccessDenied
from domain.organisation.actors import Actor


def check_may_read_record(what: str, department: str, viewer: Actor) -> None:
    if viewer.role not in READ_EVERYTHING and viewer.department != department:
        raise AccessDenied(f"{what} concerns {department}; {viewer.name} reads their own department's only")
