"""Departments, service points and people: the directory every act is attributed against."""

from __future__ import annotations

import enum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidValue
from domain.ids import natural_id
from domain.organisation.actors import Actor, Authority, Role


class Department(Aggregate):
    """A resident department (进驻部门) with its back-office sections (后台科室) and windows (窗口)."""

    @staticmethod
    def create_id(code: str) -> UUID:
        return natural_id("department", code)

    @event("Registered")
    def __init__(self, code: str, name: str) -> None:
        self.code = code
        self.name = name
        self.sections: dict[str, str] = {}
        self.windows: dict[str, str] = {}

    @event("SectionAdded")
    def add_section(self, code: str, name: str) -> None:
        self.sections[code] = name

    @event("WindowOpened")
    def open_window(self, code: str, location: str) -> None:
        self.windows[code] = location


class ServicePointKind(enum.Enum):
    SUB_CENTRE = "sub_centre"  # 分中心 (housing, land, social insurance, vehicles, public security)
    VILLAGE_STATION = "village_station"  # 村级便民服务站


class ServicePoint(Aggregate):
    """A sub-centre or a village convenience station outside the main hall."""

    @staticmethod
    def create_id(code: str) -> UUID:
        return natural_id("service-point", code)

    @event("Registered")
    def __init__(self, code: str, name: str, kind: ServicePointKind, township: str) -> None:
        self.code = code
        self.name = name
        self.kind = kind
        self.township = township


class Person(Aggregate):
    """A member of staff (or an agent) with one role, a department and section, and delegations."""

    @staticmethod
    def create_id(person_id: str) -> UUID:
        return natural_id("person", person_id)

    @event("Registered")
    def __init__(self, person_id: str, name: str, role: Role, department: str | None, section: str | None) -> None:
        self.person_id = person_id
        self.name = name
        self.role = role
        self.department = department
        self.section = section
        self.delegations: dict[Authority, str] = {}
        self.active = True

    def delegate(self, authority: Authority, granted_by: Actor, basis: str) -> None:
        """Record a delegation, e.g. the agency head empowering the window chief representative to approve."""
        if not granted_by.may(authority):
            raise InvalidValue(f"{granted_by.name} cannot delegate an authority they do not hold ({authority.value})")
        self._delegate(authority=authority, granted_by=granted_by.person_id, basis=basis)

    @event("AuthorityDelegated")
    def _delegate(self, authority: Authority, granted_by: str, basis: str) -> None:
        self.delegations[authority] = basis

    @event("Deactivated")
    def deactivate(self, reason: str) -> None:
        self.active = False

    def as_actor(self) -> Actor:
        return Actor(
            person_id=self.person_id,
            name=self.name,
            role=self.role,
            department=self.department,
            section=self.section,
            authorities=tuple(sorted(self.delegations, key=lambda a: a.value)),
        )
