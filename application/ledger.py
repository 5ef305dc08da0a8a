"""``CaseLedger``: the event-sourced application of the service centre, assembled by concern."""

from __future__ import annotations

from datetime import datetime

from application.calendars import CalendarCommands
from application.cases.applicant import ApplicantActs
from application.cases.audit import DepartmentAudit
from application.cases.automatic import AutomaticActs
from application.cases.commands import CaseAct, CaseCommand
from application.cases.imports import CaseImport
from application.dto import CommandResult
from application.integrity.rotation import LogKey
from application.privacy import PrivacyCommands
from application.quality import QualityCommands
from application.users import UserCommands
from domain.organisation.actors import Actor


class CaseLedger(
    ApplicantActs,
    AutomaticActs,
    DepartmentAudit,
    CaseImport,
    CalendarCommands,
    UserCommands,
    QualityCommands,
    PrivacyCommands,
):
    """The case ledger: every act on a case, item, calendar or person is an event in one log.

    Commands take business time (``at``) and the acting person (``by``, an ``Actor``) and return a
    ``CommandResult``; queries return frozen views. Concurrent writes to one case surface as
    ``ConcurrencyConflict`` (or are retried when the caller gave no expected version).
    """

    def handle(
        self, case_no: str, command: CaseCommand, *, at: datetime, by: Actor, expected_version: int | None = None
    ) -> CommandResult:
        """Run a case command (``application.cases.commands``) on ``case_no`` for ``by``, dated ``at``."""
        act = CaseAct(at=at, by=by, working_days=self._calendar_at, actor=self.actor, item_terms=self.item_terms)
        return self._act(case_no, by, lambda case: command.apply(case, act), expected_version)

    def log_key(self, origin: str) -> LogKey:
        """The log's key history (its rotations), started on first use."""
        key_id = LogKey.create_id(origin)
        return self._load(LogKey, key_id, "log key") if self._exists(key_id) else LogKey.start(origin)

    def record_log_key(self, log_key: LogKey) -> int:
        return self._commit(log_key)
