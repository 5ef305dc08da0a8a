"""Organisation use cases: departments, sections, windows, service points, people, delegations."""

from __future__ import annotations

from functools import cached_property
from uuid import UUID

from eventsourcing.utils import get_topic

from application.base import LedgerBase
from application.dto import PersonView
from application.lru import ExpiringLRU
from domain.errors import AlreadyExists, ConcurrencyConflict, InvalidValue
from domain.organisation.actors import STAFF_ROLES, Actor, Authority, Role
from domain.organisation.directory import Department, Person, PersonDeactivated, ServicePoint, ServicePointKind

# A person as they act is reused this long: a change made in another process is seen here within it,
# as a change to the acting user is (``users.SIGNED_IN_SECONDS``); in this process, at once.
ACTOR_SECONDS = 2.0
ACTORS_CACHED = 10_000


class OrganisationCommands(LedgerBase):
    def _create(self, aggregate: Department | Person | ServicePoint, what: str) -> int:
        try:
            return self._commit(aggregate)
        except ConcurrencyConflict:
            raise AlreadyExists(f"{what} already exists") from None

    def register_department(self, code: str, name: str) -> int:
        return self._create(Department(code=code, name=name), f"department {code}")

    def department(self, code: str) -> Department:
        return self._load(Department, Department.create_id(code), f"department {code}")

    def add_section(self, department: str, code: str, name: str) -> int:
        dept = self.department(department)
        dept.add_section(code=code, name=name)
        return self._commit(dept)

    def open_window(self, department: str, code: str, location: str) -> int:
        dept = self.department(department)
        dept.open_window(code=code, location=location)
        return self._commit(dept)

    def register_service_point(self, code: str, name: str, kind: ServicePointKind, township: str) -> int:
        point = ServicePoint(code=code, name=name, kind=kind, township=township)
        return self._create(point, f"service point {code}")

    def register_person(
        self, person_id: str, name: str, role: Role, department: str | None = None, section: str | None = None
    ) -> int:
        if role not in STAFF_ROLES:
            raise InvalidValue(f"the role {role.value} is the ledger's own or the applicant's, never staff's")
        if department is not None and not self.has_department(department):
            raise InvalidValue(f"no department '{department}': register it first")
        person = Person(person_id=person_id, name=name, role=role, department=department, section=section)
        return self._create(person, f"person {person_id}")

    def deactivate_person(self, person_id: str, reason: str) -> int:
        """The person leaves: every process refuses their tokens, and cases are handed to them no more,
        within ``ACTOR_SECONDS`` (in this process, at once)."""
        person = self._person(person_id)
        person.deactivate(reason)
        position = self._commit(person)
        self._actors.clear()
        self._forget_sign_ins()
        return position

    def _forget_sign_ins(self) -> None:
        """Forget kept authentications (``users`` keeps them)."""

    def people(self) -> list[PersonView]:
        """Everyone in the directory, in the order they were registered."""
        return [self.person(person_id) for person_id in self._registered_people()]

    def _registered_people(self) -> list[str]:
        topic = get_topic(Person.Registered)  # type: ignore[attr-defined]  # made by @event("Registered")
        ids: list[str] = []
        start: int | None = None
        while page := self.recorder.select_notifications(start, 1000, topics=[topic], inclusive_of_start=False):
            ids += [event.person_id for event in self.domain_events(page)]
            start = page[-1].id
        return ids

    def delegate_authority(self, person_id: str, authority: Authority, *, granted_by: Actor, basis: str) -> int:
        person = self._person(person_id)
        person.delegate(authority, granted_by, basis)
        return self._commit(person)

    def _person(self, person_id: str) -> Person:
        return self._load(Person, Person.create_id(person_id), f"person {person_id}")

    def actor(self, person_id: str) -> Actor:
        """The person as they act now: role, department, section and delegated authorities.

        A hand-off names its receiver on every call: rather than asking the store each time whether the
        person changed, the answer is kept for ``ACTOR_SECONDS``, and while this process's own copy of
        the person is still the version it was made from (a change committed here is seen at once).
        """
        person_key = Person.create_id(person_id)
        kept = self._actors.get(person_key)
        if kept is not None and kept[0] == self._aggregates.version(person_key):
            return kept[1]
        person = self._person(person_id)
        if not person.active:
            raise PersonDeactivated(f"{person_id} was deactivated")
        actor = person.as_actor()
        self._actors.update({person_key: (person.version, actor)})
        return actor

    @cached_property
    def _actors(self) -> ExpiringLRU[UUID, tuple[int, Actor]]:
        """People as they act, with the version of the person each was made from."""
        return ExpiringLRU(ACTORS_CACHED, ACTOR_SECONDS)

    def person(self, person_id: str) -> PersonView:
        p = self._person(person_id)
        return PersonView(
            p.person_id, p.name, p.role.value, p.department, p.section, p.active, tuple(h[:12] for h in p.tokens)
        )

    def has_department(self, code: str) -> bool:
        return self._exists(Department.create_id(code))

    def has_person(self, person_id: str) -> bool:
        return self._exists(Person.create_id(person_id))
