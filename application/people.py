"""People (人员): the directory's staff, as they act, with their delegated authorities and bearer tokens.

A person acts in every request (a token says who; a hand-off names its receiver), so who a token speaks
for and who a person is as they act are reused for ``SEEN_WITHIN`` seconds (``plumbing.freshness``,
clause 3): a deactivation, revocation or change of authority recorded by another process takes effect
here within that time, and one recorded here at once. Tokens are printed once and stored as a hash.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.utils import get_topic

from application.dto import PersonView
from application.organisation import Organisation
from application.passwords import hash_password, password_matches
from application.plumbing.freshness import Recent
from application.plumbing.store import LedgerStore
from domain.errors import AlreadyExists, DomainError, InvalidValue, NotFound, phrase
from domain.notifications.notices import StaffMember
from domain.organisation.actors import STAFF_ROLES, Actor, Authority, Role
from domain.organisation.credentials import Credential
from domain.organisation.directory import Contact, Person, PersonDeactivated

TOKEN_PREFIX = "clt_"  # noqa: S105 - a prefix that marks our tokens, not a secret
ACTORS_CACHED = 10_000
SIGNED_IN_CACHED = 10_000  # tokens remembered at most


class Unauthenticated(DomainError):
    """No token, an unknown token, or a revoked one."""

    rule = "unauthenticated"
    title = "Authentication required"


@dataclass(frozen=True)
class IssuedToken:
    person_id: str
    role: str
    department: str | None
    token: str  # shown once; the ledger keeps only its hash


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class People:
    def __init__(self, store: LedgerStore, organisation: Organisation) -> None:
        self.store, self.organisation = store, organisation
        # People as they act, with the version of the person each was made from; tokens (by hash): as whom.
        self._actors: Recent[UUID, tuple[int, Actor]] = Recent(ACTORS_CACHED)
        self._signed_in: Recent[str, Actor] = Recent(SIGNED_IN_CACHED)

    # -- the directory ----------------------------------------------------------------------------------

    def register_person(
        self, person_id: str, name: str, role: Role, department: str | None = None, section: str | None = None
    ) -> int:
        if role not in STAFF_ROLES:
            raise InvalidValue("the role {role} is the ledger's own or the applicant's, never staff's", role=role)
        if department is not None and not self.organisation.has_department(department):
            raise InvalidValue("no department '{department}': register it first", department=department)
        person = Person(person_id=person_id, name=name, role=role, department=department, section=section)
        return self.store.create_or_refuse(
            person, AlreadyExists("person {person_id} already exists", person_id=person_id)
        )

    def deactivate_person(self, person_id: str, reason: str) -> int:
        """The person leaves: their tokens are refused, and cases are handed to them no more."""
        person = self._person(person_id)
        person.deactivate(reason)
        position = self.store.commit(person)
        self._forget()
        return position

    def delegate_authority(self, person_id: str, authority: Authority, *, granted_by: Actor, basis: str) -> int:
        person = self._person(person_id)
        person.delegate(authority, granted_by, basis)
        position = self.store.commit(person)
        self._forget()  # whoever holds a token for them acts with the new authority at once
        return position

    def set_contact(self, person_id: str, contact: Contact) -> int:
        """Where notices reach the person at work (their mobile, their e-mail)."""
        person = self._person(person_id)
        person.set_contact(contact)
        return self.store.commit(person)

    def contact(self, person_id: str) -> Contact:
        return self._person(person_id).contact

    def staff(self) -> list[StaffMember]:
        """Everyone in the directory as the notice rules see them (role, department, section, active)."""
        return [StaffMember(p.person_id, Role(p.role), p.department, p.section, p.active) for p in self.people()]

    def _forget(self) -> None:
        """Clause 1 of the rule: a change to a person made here is seen here at once."""
        self._actors.clear()
        self._signed_in.clear()

    def people(self) -> list[PersonView]:
        """Everyone in the directory, in the order they were registered."""
        topic = get_topic(Person.Registered)  # type: ignore[attr-defined]  # made by @event("Registered")
        ids: list[str] = []
        start: int | None = None
        while page := self.store.recorder.select_notifications(start, 1000, topics=[topic], inclusive_of_start=False):
            ids += [event.person_id for event in self.store.domain_events(page)]
            start = page[-1].id
        return [self.person(person_id) for person_id in ids]

    def _person(self, person_id: str) -> Person:
        return self.store.load(Person, Person.create_id(person_id), phrase("person {person_id}", person_id=person_id))

    def person(self, person_id: str) -> PersonView:
        p = self._person(person_id)
        return PersonView(
            p.person_id, p.name, p.role.value, p.department, p.section, p.active, tuple(h[:12] for h in p.tokens)
        )

    def has_person(self, person_id: str) -> bool:
        return self.store.exists(Person.create_id(person_id))

    def actor(self, person_id: str) -> Actor:
        """The person as they act now: role, department, section and delegated authorities.

        Kept while this process's own copy of the person is still the version the answer was made from
        (a change committed here is seen at once), for ``SEEN_WITHIN`` seconds at most.
        """
        person_key = Person.create_id(person_id)
        kept = self._actors.get(person_key)
        if kept is not None and kept[0] == self.store.cached_version(person_key):
            return kept[1]
        person = self._person(person_id)
        if not person.active:
            raise PersonDeactivated("{person_id} was deactivated", person_id=person_id)
        actor = person.as_actor()
        self._actors.update({person_key: (person.version, actor)})
        return actor

    # -- users of the API: bearer tokens ------------------------------------------------------------------

    def add_user(
        self, name: str, role: Role, department: str | None, section: str | None = None, label: str = ""
    ) -> IssuedToken:
        """Register ``name`` as a person (or find them) and issue a token for them."""
        if not name.strip():
            raise InvalidValue("a user needs a name")
        if self.has_person(name):
            actor = self.actor(name)
            if actor.role is not role or actor.department != department:
                raise InvalidValue(
                    "{name} is already a {role} of {department}, not a {role2} of {department2}",
                    name=name,
                    role=actor.role,
                    department=actor.department,
                    role2=role,
                    department2=department,
                )
        else:
            self.register_person(name, name, role, department, section)
        return self.issue_token(name, label=label)

    def issue_token(self, person_id: str, label: str = "") -> IssuedToken:
        actor = self.actor(person_id)  # a deactivated person gets none
        person = self._person(person_id)
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        hashed = token_hash(token)
        person.token_issued(token_hash=hashed, label=label)
        self.store.commit(Credential(token_hash=hashed, person_id=person_id, label=label), person)
        return IssuedToken(person_id, actor.role.value, actor.department, token)

    def authenticate(self, token: str) -> Actor:
        """The person a bearer token speaks for, as they act now (reused for ``SEEN_WITHIN`` seconds)."""
        remembered = self.signed_in(token)
        if remembered is not None:
            return remembered
        hashed = token_hash(token)
        try:
            credential = self.store.load(Credential, Credential.create_id(hashed), phrase("credential"))
        except NotFound:
            raise Unauthenticated("the bearer token is not known") from None
        if credential.revoked:
            raise Unauthenticated("the bearer token was revoked")
        # The person as recorded now (not ``actor``'s kept answer): the authentication is itself kept
        # ``SEEN_WITHIN``, and the bound on a change elsewhere reaching here stays that long.
        person = self._person(credential.person_id)
        if not person.active:
            raise Unauthenticated("{person_id} was deactivated", person_id=person.person_id)
        actor = person.as_actor()
        self._signed_in.update({hashed: actor})
        return actor

    # -- the console: passwords -------------------------------------------------------------------------

    def set_password(self, person_id: str, password: str) -> int:
        """Give a person a (new) console password; the ledger keeps its Argon2id hash only."""
        self.actor(person_id)  # a deactivated person gets none
        person = self._person(person_id)
        person.password_set(password_hash=hash_password(password))
        return self.store.commit(person)

    def has_password(self, person_id: str) -> bool:
        return self._person(person_id).password_hash is not None

    def check_password(self, person_id: str, password: str) -> Actor:
        """The person, as they act now, if ``password`` is theirs. One answer for an unknown person, a
        wrong password and a person without one, after the same work: a sign-in form tells nothing more."""
        person = self._person(person_id) if person_id.strip() and self.has_person(person_id) else None
        if not password_matches(password, person.password_hash if person else None) or person is None:
            raise Unauthenticated("the person or the password is not right")
        if not person.active:
            raise Unauthenticated("{person_id} was deactivated", person_id=person.person_id)
        return person.as_actor()

    def signed_in(self, token: str) -> Actor | None:
        """The person a bearer token speaks for, if it authenticated here within ``SEEN_WITHIN`` seconds
        (no database read: a server may answer this without leaving its event loop)."""
        if not token.startswith(TOKEN_PREFIX):
            raise Unauthenticated("the bearer token is not known")
        return self._signed_in.get(token_hash(token))

    def revoke_token(self, token: str, reason: str) -> None:
        self._revoke([token_hash(token)], reason)

    def revoke_tokens(self, person_id: str, reason: str, token_id: str | None = None) -> int:
        """Revoke the person's tokens in force (or the one whose hash starts with ``token_id``); how many."""
        person = self._person(person_id)
        hashes = [h for h in person.tokens if token_id is None or h.startswith(token_id)]
        if token_id is not None and len(hashes) != 1:
            raise NotFound(
                "{person_id} has no token in force with the id {token_id}", person_id=person_id, token_id=token_id
            )
        self._revoke(hashes, reason)
        return len(hashes)

    def _revoke(self, hashes: list[str], reason: str) -> None:
        if not reason.strip():
            raise InvalidValue("a revocation needs its reason")
        changed: list[Credential | Person] = []
        people: dict[str, Person] = {}
        for hashed in hashes:
            credential = self.store.load(Credential, Credential.create_id(hashed), phrase("credential"))
            if credential.revoked:
                continue
            credential.revoke(reason=reason)
            person = people.get(credential.person_id) or self._person(credential.person_id)
            people[credential.person_id] = person
            if hashed in person.tokens:
                person.token_revoked(token_hash=hashed, reason=reason)
            changed.append(credential)
        self.store.commit(*changed, *people.values())
        for hashed in hashes:
            self._signed_in.discard(hashed)
