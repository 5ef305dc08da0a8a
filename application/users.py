"""Users of the API: people of the directory holding bearer tokens (printed once, stored as a hash)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from functools import cached_property

from application.lru import ExpiringLRU
from application.organisation import OrganisationCommands
from domain.errors import DomainError, InvalidValue, NotFound
from domain.organisation.actors import Actor, Authority, Role
from domain.organisation.credentials import Credential
from domain.organisation.directory import Person

TOKEN_PREFIX = "clt_"  # noqa: S105 - a prefix that marks our tokens, not a secret
SIGNED_IN_SECONDS = 2.0  # how long an authentication is reused (a revocation elsewhere may go unseen)
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


class UserCommands(OrganisationCommands):
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
                    f"{name} is already a {actor.role.value} of {actor.department}, not a {role.value} of {department}"
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
        self._commit(Credential(token_hash=hashed, person_id=person_id, label=label), person)
        return IssuedToken(person_id, actor.role.value, actor.department, token)

    def authenticate(self, token: str) -> Actor:
        """The person a bearer token speaks for, as they act now.

        Every request authenticates, so the answer is kept for ``SIGNED_IN_SECONDS``: a revocation or a
        change of role in another process takes effect here within that time (in this process, at once).
        """
        remembered = self.signed_in(token)
        if remembered is not None:
            return remembered
        hashed = token_hash(token)
        try:
            credential = self._load(Credential, Credential.create_id(hashed), "credential")
        except NotFound:
            raise Unauthenticated("the bearer token is not known") from None
        if credential.revoked:
            raise Unauthenticated("the bearer token was revoked")
        # The person as recorded now (not ``actor``'s kept answer): the authentication is itself kept
        # ``SIGNED_IN_SECONDS``, and the bound on a change elsewhere reaching here stays that long.
        person = self._person(credential.person_id)
        if not person.active:
            raise Unauthenticated(f"{person.person_id} was deactivated")
        actor = person.as_actor()
        self._signed_in.update({hashed: actor})
        return actor

    def signed_in(self, token: str) -> Actor | None:
        """The person a bearer token speaks for, if it authenticated here within ``SIGNED_IN_SECONDS``
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
            raise NotFound(f"{person_id} has no token in force with the id {token_id}")
        self._revoke(hashes, reason)
        return len(hashes)

    def _revoke(self, hashes: list[str], reason: str) -> None:
        if not reason.strip():
            raise InvalidValue("a revocation needs its reason")
        changed: list[Credential | Person] = []
        people: dict[str, Person] = {}
        for hashed in hashes:
            credential = self._load(Credential, Credential.create_id(hashed), "credential")
            if credential.revoked:
                continue
            credential.revoke(reason=reason)
            person = people.get(credential.person_id) or self._person(credential.person_id)
            people[credential.person_id] = person
            if hashed in person.tokens:
                person.token_revoked(token_hash=hashed, reason=reason)
            changed.append(credential)
        self._commit(*changed, *people.values())
        for hashed in hashes:
            self._signed_in.discard(hashed)

    def _forget_sign_ins(self) -> None:
        self._signed_in.clear()

    def delegate_authority(self, person_id: str, authority: Authority, *, granted_by: Actor, basis: str) -> int:
        position = super().delegate_authority(person_id, authority, granted_by=granted_by, basis=basis)
        self._signed_in.clear()  # whoever holds a token for them acts with the new authority at once
        return position

    @cached_property
    def _signed_in(self) -> ExpiringLRU[str, Actor]:
        """Recently authenticated tokens (by hash): as whom."""
        return ExpiringLRU(SIGNED_IN_CACHED, SIGNED_IN_SECONDS)
