"""Quality-system use cases: corrective actions (ISO 9001 10.2) linked to nonconformities."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime
from typing import Protocol

from application.base import LedgerBase
from domain.errors import AlreadyExists, ConcurrencyConflict, InvalidValue
from domain.organisation.actors import Actor
from domain.quality.corrective_action import CorrectiveAction


class NonconformityRegister(Protocol):
    """The nonconformity register (a view): which of some ids it does not hold."""

    def unknown_nonconformities(self, nc_ids: tuple[str, ...]) -> list[str]: ...


class QualityCommands(LedgerBase):
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
            raise InvalidValue(f"no nonconformity {', '.join(unknown)} in the register")
        capa_id = f"CAPA-{at:%Y%m%d}-{secrets.token_hex(3).upper()}"
        action = CorrectiveAction.raise_for(capa_id=capa_id, title=title, nonconformities=nonconformities, at=at, by=by)
        try:
            self._commit(action)
        except ConcurrencyConflict:
            raise AlreadyExists(f"{capa_id} already exists") from None
        return capa_id

    def corrective_action(self, capa_id: str) -> CorrectiveAction:
        return self._load(CorrectiveAction, CorrectiveAction.id_for(capa_id), f"corrective action {capa_id}")

    def _capa(self, capa_id: str, change: Callable[[CorrectiveAction], None]) -> int:
        action = self.corrective_action(capa_id)
        change(action)
        return self._commit(action)

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
