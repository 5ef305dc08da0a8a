"""Departments, service points and people: the directory every act is attributed against."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainError, InvalidValue
from domain.ids import natural_id
from domain.organisation.actors import Actor, Authority, Role


class PersonDeactivated(DomainError):
    """The person was deactivated: they act no more, and no case is handed to them."""

    rule = "person-deactivated"
    title = "Person deactivated"


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


MOBILE = re.compile(r"1[3-9][0-9]{9}")  # a mainland mobile number (SMS reaches mobiles only)
EMAIL = re.compile(r"[^@\s]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}")


@dataclass(frozen=True)
class Contact:
    """A person's work contact: a mobile for SMS and an e-mail address; either may be empty."""

    mobile: str = ""
    email: str = ""

    def __post_init__(self) -> None:
        if self.mobile and not MOBILE.fullmatch(self.mobile):
            raise InvalidValue("{mobile} is not a mobile number (11 digits from 13 to 19)", mobile=self.mobile)
        if self.email and not EMAIL.fullmatch(self.email):
            raise InvalidValue("{email} is not an e-mail address", email=self.email)


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
        self.tokens: dict[str, str] = {}  # the hashes of the person's bearer tokens in force, with their labels
        self.password_hash: str | None = None  # for the console's sign-in (an Argon2id hash, never the password)
        self.contact = Contact()  # where notifications reach them at work (none until it is set)

    def delegate(self, authority: Authority, granted_by: Actor, basis: str) -> None:
        """Record a delegation, e.g. the agency head empowering the window chief representative to approve."""
        if not granted_by.may(authority):
            raise InvalidValue(
                "{name} cannot delegate an authority they do not hold ({authority})",
                name=granted_by.name,
                authority=authority,
            )
        self._delegate(authority=authority, granted_by=granted_by.person_id, basis=basis)

    @event("AuthorityDelegated")
    def _delegate(self, authority: Authority, granted_by: str, basis: str) -> None:
        self.delegations[authority] = basis

    def deactivate(self, reason: str) -> None:
        """The person leaves (or is suspended): no token of theirs is accepted, no case is handed to them."""
        if not self.active:
            raise InvalidValue("{person_id} is already deactivated", person_id=self.person_id)
        if not reason.strip():
            raise InvalidValue("a deactivation needs its reason")
        self._deactivate(reason=reason)

    @event("Deactivated")
    def _deactivate(self, reason: str) -> None:
        self.active = False

    def set_contact(self, contact: Contact) -> None:
        """The person's work mobile and e-mail, where warnings and supervision orders reach them."""
        if contact != self.contact:
            self._set_contact(contact=contact)

    @event("ContactSet")
    def _set_contact(self, contact: Contact) -> None:
        self.contact = contact

    @event("TokenIssued")
    def token_issued(self, token_hash: str, label: str) -> None:
        self.tokens[token_hash] = label

    @event("TokenRevoked")
    def token_revoked(self, token_hash: str, reason: str) -> None:
        self.tokens.pop(token_hash, None)

    @event("PasswordSet")
    def password_set(self, password_hash: str) -> None:
        """A new console password (its hash): the one before it no longer signs in."""
        self.password_hash = password_hash

    def as_actor(self) -> Actor:
        return Actor(
            person_id=self.person_id,
            name=self.name,
            role=self.role,
            department=self.department,
            section=self.section,
            authorities=tuple(sorted(self.delegations, key=lambda a: a.value)),
        )
