"""The quality system: corrective actions (ISO 9001 10.2) for the nonconformities of the register."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime
from typing import Protocol

from application.plumbing.store import LedgerStore
from domain.errors import AlreadyExists, InvalidValue, phrase
from domain.organisation.actors import Actor
from domain.quality.corrective_action import CorrectiveAction


class NonconformityRegister(Protocol):
    """The nonconformity register (a view): which of some ids it does not hold."""

    def unknown_nonconformities(self, nc_ids: tuple[str, ...]) -> list[str]: ...


class Quality:
    def __init__(self, store: LedgerStore) -> None:
        self.store = store

    def raise_corrective_action(
        self,
        *,
        title: str,
        nonconformities: tuple[str, ...],
        at: datetime,
        by: Actor,
        register: NonconformityRegister,
    ) -> str:
        """Open a corrective action for nonconformities of the register (``InvalidValue`` for an id it does
        not hold, or holds as withdrawn); returns its CAPA id."""
        unknown = register.unknown_nonconformities(nonconformities)
        if unknown:
            raise InvalidValue("no nonconformity {numbers} in the register", numbers=", ".join(unknown))
        capa_id = f"CAPA-{at:%Y%m%d}-{secrets.token_hex(3).upper()}"
        action = CorrectiveAction.raise_for(capa_id=capa_id, title=title, nonconformities=nonconformities, at=at, by=by)
        self.store.create_or_refuse(action, AlreadyExists("{capa_id} already exists", capa_id=capa_id))
        return capa_id

    def corrective_action(self, capa_id: str) -> CorrectiveAction:
        return self.store.load(
            CorrectiveAction, CorrectiveAction.id_for(capa_id), phrase("corrective action {capa_id}", capa_id=capa_id)
        )

    def _capa(self, capa_id: str, change: Callable[[CorrectiveAction], None]) -> int:
        action = self.corrective_action(capa_id)
        change(action)
        return self.store.commit(action)

    def record_root_cause(self, capa_id: str, *, root_cause: str, at: datetime, by: Actor) -> int:
        return self._capa(capa_id, lambda a: a.find_root_cause(root_cause=root_cause, at=at, by=by))

    def plan_corrective_action(
        self, capa_id: str, *, action: str, owner_department: str, due_on: date, at: datetime, by: Actor
    ) -> int:
        return self._capa(
            capa_id,
            lambda a: a.plan_action(action=action, owner_department=owner_department, due_on=due_on, at=at, by=by),
        )

    def complete_corrective_action(self, capa_id: str, *, note: str, at: datetime, by: Actor) -> int:
        return self._capa(capa_id, lambda a: a.complete_action(note=note, at=at, by=by))

    def verify_corrective_action(self, capa_id: str, *, effective: bool, evidence: str, at: datetime, by: Actor) -> int:
        return self._capa(
            capa_id, lambda a: a.verify_effectiveness(effective=effective, evidence=evidence, at=at, by=by)
        )

    def close_corrective_action(self, capa_id: str, *, at: datetime, by: Actor) -> int:
        return self._capa(capa_id, lambda a: a.close(at=at, by=by))
