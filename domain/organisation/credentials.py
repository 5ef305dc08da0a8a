"""Bearer credentials: only a hash of the token is ever recorded."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.ids import natural_id


class Credential(Aggregate):
    """A bearer token issued to a person, known to the ledger only by its SHA-256 hash."""

    @staticmethod
    def create_id(token_hash: str) -> UUID:
        return natural_id("credential", token_hash)

    @event("Issued")
    def __init__(self, token_hash: str, person_id: str, label: str) -> None:
        self.token_hash = token_hash
        self.person_id = person_id
        self.label = label
        self.revoked = False

    @event("Revoked")
    def revoke(self, reason: str) -> None:
        self.revoked = True
