"""People and their tokens: the administrator lists, deactivates and issues or revokes bearer tokens."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from interface.api.deps import AdminDep, LedgerDep
from interface.api.problems import ADMIN_PROBLEMS
from interface.api.routes.paths import Key
from interface.api.schemas.base import Code, Required, Strict, Text
from interface.api.schemas.views import PersonOut, PositionOut

router = APIRouter(prefix="/organisation/people", tags=["organisation"], responses=ADMIN_PROBLEMS)


class DeactivationIn(Strict):
    reason: Required


class TokenIn(Strict):
    label: Text = ""


class RevocationIn(Strict):
    reason: Required
    token_id: Code | None = None  # the first characters of one token's id (users list); none: all the person's


class TokenOut(BaseModel):
    person_id: str
    role: str
    department: str | None
    token: str  # shown this once; the ledger keeps only its hash


class RevokedOut(BaseModel):
    revoked: int


@router.get("", summary="everyone in the directory, with whether they are active and their tokens in force")
def people(ledger: LedgerDep, _: AdminDep) -> list[PersonOut]:
    return [PersonOut.of(person) for person in ledger.people.people()]


@router.post("/{person_id}/deactivation", summary="deactivate a person: their tokens stop working within seconds")
def deactivate(person_id: Key, body: DeactivationIn, ledger: LedgerDep, _: AdminDep) -> PositionOut:
    return PositionOut(position=ledger.people.deactivate_person(person_id, body.reason))


@router.post("/{person_id}/tokens", status_code=201, summary="issue a bearer token (shown once)")
def issue(person_id: Key, body: TokenIn, ledger: LedgerDep, _: AdminDep) -> TokenOut:
    issued = ledger.people.issue_token(person_id, label=body.label)
    return TokenOut(person_id=issued.person_id, role=issued.role, department=issued.department, token=issued.token)


@router.post("/{person_id}/tokens/revocation", summary="revoke a person's tokens (or one of them)")
def revoke(person_id: Key, body: RevocationIn, ledger: LedgerDep, _: AdminDep) -> RevokedOut:
    return RevokedOut(revoked=ledger.people.revoke_tokens(person_id, body.reason, body.token_id))
