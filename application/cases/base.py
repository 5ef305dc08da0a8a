"""The pattern every case command follows: load, check the version, call the aggregate, commit."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import cast

from application.base import LedgerBase
from application.dto import CommandResult
from application.idempotency import CommandReceipt, IdempotencyKey, IdempotencyKeyReused, recording_receipt
from application.ports import PositionIndex
from domain.business_time import legal_day
from domain.calendar.working_days import WorkingDays
from domain.case.access import check_may_act
from domain.case.aggregate import Case
from domain.errors import DomainError
from domain.organisation.actors import Actor

CASE_NO_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I: read aloud at the window


class CaseCommandsBase(LedgerBase):
    def _case(self, case_no: str, catch_up: bool = True) -> Case:
        return self._load(Case, Case.id_for(case_no), f"case {case_no}", catch_up=catch_up)

    def _act(
        self, case_no: str, by: Actor, command: Callable[[Case], object], expected_version: int | None = None
    ) -> CommandResult:
        """Run ``command`` on the case for ``by`` and commit it. Without ``expected_version`` a concurrent
        write is retried against the fresh state (the command's rules are checked again); with it, a
        stale copy fails with ``StaleVersion``.

        A case this process holds in its cache is first tried as it last saw it, without asking the
        store: if another process wrote to it since, the commit fails on the version; a refusal or a
        conflict is then decided again on the latest state, so the answer is always the latest state's.
        """

        def attempt(catch_up: bool = True) -> CommandResult:
            case = self._case(case_no, catch_up)
            check_may_act(case, by)
            self._check_version(case, expected_version, f"case {case_no}")
            command(case)
            position = self._commit(case)
            return CommandResult(case_no=case_no, version=case.version, position=position)

        if self._aggregates.holds(Case.id_for(case_no)):
            try:
                return attempt(catch_up=False)
            except DomainError:
                pass  # perhaps decided on a copy another process has outdated: decide on the latest
        result: CommandResult = self._retrying(attempt, retry=expected_version is None)
        return result

    def once(self, key: IdempotencyKey, run: Callable[[], CommandResult]) -> CommandResult:
        """Run a keyed command once: a repeat of the key returns the first result and writes nothing."""
        replay = self._replay(key)
        if replay is not None:
            return replay
        try:
            with recording_receipt(key):
                return run()
        except DomainError:
            # A concurrent request with the same key may have won the race: then answer as it did.
            replay = self._replay(key)
            if replay is not None:
                return replay
            raise

    def _replay(self, key: IdempotencyKey) -> CommandResult | None:
        if not self._exists(key.receipt_id):
            return None
        receipt = self._load(CommandReceipt, key.receipt_id, "command receipt")
        if receipt.fingerprint != key.fingerprint:
            raise IdempotencyKeyReused(f"the key '{key.key}' was used for a different request")
        # The first answer's position was its commit's last, the receipt's (recorded after the case's events).
        position = cast("PositionIndex", self.recorder).position_of(receipt.id, 1) or 0
        return CommandResult(case_no=receipt.case_no, version=receipt.version, position=position, replayed=True)

    def _calendar_at(self, at: datetime) -> WorkingDays:
        return self.working_days(legal_day(at).year)

    @staticmethod
    def new_case_no(department: str, at: datetime) -> str:
        """办件编号: department, receipt day and a random part (the natural id makes a clash fail loudly)."""
        token = "".join(secrets.choice(CASE_NO_ALPHABET) for _ in range(6))
        return f"{department}-{legal_day(at):%Y%m%d}-{token}"
