"""Users of the API: people of the directory holding bearer tokens (printed once, stored as a hash)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from application.organisation import OrganisationCommands
from domain.errors import DomainError, InvalidValue
from domain.organisation.actors import Actor, Role
from domain.organisation.credentials import Credential

TOKEN_PREFIX = "clt_"  # noqa: S105 - a prefix that marks our tokens, not a secret


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
        actor = self.actor(person_id)
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self._commit(Credential(token_hash=token_hash(token), person_id=person_id, label=label))
        return IssuedToken(person_id, actor.role.value, actor.department, token)

    def authenticate(self, token: str) -> Actor:
        """The person a bearer token speaks for, as they act now."""
        credential_id = Credential.create_id(token_hash(token))
        if not token.startswith(TOKEN_PREFIX) or not self._exists(credential_id):
            raise Unauthenticated("the bearer token is not known")
        credential = self._load(Credential, credential_id, "credential")
        if credential.revoked:
            raise Unauthenticated("the bearer token was revoked")
        return self.actor(credential.person_id)

    def revoke_token(self, token: str, reason: str) -> None:
        credential = self._load(Credential, Credential.create_id(token_hash(token)), "credential")
        credential.revoke(reason=reason)
        self._commit(credential)
