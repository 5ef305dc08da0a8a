"""Recording cases built outside a request: an import of past records, or the demo's simulated year."""

from __future__ import annotations

from collections.abc import Sequence

from application.cases.base import CaseCommandsBase
from domain.case.aggregate import Case
from domain.case.errors import CaseAlreadyExists
from domain.errors import ConcurrencyConflict


class CaseImport(CaseCommandsBase):
    def import_cases(self, cases: Sequence[Case]) -> int:
        """Record new cases, every one built through the aggregate's own commands, in one transaction.

        All or nothing: if any case number is taken, nothing of the batch is written.
        """
        self._subject_keys_ready(case.applicant.subject_id for case in cases)
        try:
            return self._commit(*cases)
        except ConcurrencyConflict:
            raise CaseAlreadyExists("a case number of this batch is already in the ledger") from None
