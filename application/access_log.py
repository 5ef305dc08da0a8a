"""The read-access log: who read which case or report, and when (ISO 9001 7.5.3, audit trail of reads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from domain.organisation.actors import Actor


@dataclass(frozen=True)
class Read:
    at: datetime
    person_id: str
    role: str
    department: str | None
    action: str  # "case", "clocks", "history", "as-of", "report:<name>"
    subject: str  # the case number, or the report's filters

    @classmethod
    def by(cls, actor: Actor, at: datetime, action: str, subject: str) -> Read:
        return cls(at, actor.person_id, actor.role.value, actor.department, action, subject)


class AccessLog(Protocol):
    def record(self, read: Read) -> None: ...

    def reads(
        self,
        *,
        person: str | None = None,
        subject: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> list[dict[str, Any]]: ...
