"""Cases as the store holds them: load one, or run a change on it and commit it, the way every act on a
case runs (load, check who may act and the version, call the aggregate, commit)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from application.calendars import Calendars
from application.dto import CommandResult
from application.idempotency import receipt_for
from application.plumbing.store import LedgerStore
from domain.business_time import legal_day
from domain.calendar.working_days import WorkingDays
from domain.case.access import check_may_act
from domain.case.aggregate import Case
from domain.errors import ConcurrencyConflict, DomainError, phrase
from domain.organisation.actors import Actor


class CaseStore:
    def __init__(self, store: LedgerStore, calendars: Calendars) -> None:
        self.store, self.calendars = store, calendars

    def case(self, case_no: str, catch_up: bool = True) -> Case:
        return self.store.load(Case, Case.id_for(case_no), phrase("case {case_no}", case_no=case_no), catch_up=catch_up)

    def has_case(self, case_no: str) -> bool:
        return self.store.exists(Case.id_for(case_no))

    def calendar_at(self, at: datetime) -> WorkingDays:
        """The calendars in force on the legal day of ``at`` (and the year after it)."""
        return self.calendars.working_days(legal_day(at).year)

    def commit(self, case: Case) -> int:
        """Record the case's new events, with the receipt of the keyed command running, if any
        (``idempotency``): both in one transaction, so a crash never leaves one without the other."""
        receipt = receipt_for(case.case_no, case.version)
        return self.store.commit(case, receipt) if receipt is not None else self.store.commit(case)

    def act(
        self, case_no: str, by: Actor, command: Callable[[Case], object], expected_version: int | None = None
    ) -> CommandResult:
        """Run ``command`` on the case for ``by`` and commit it. Without ``expected_version`` a concurrent
        write is retried against the fresh state (the command's rules are checked again); with it, a
        stale copy fails with ``StaleVersion``.

        A case this process holds in its cache is first tried as it last saw it, without asking the
        store (``plumbing.freshness``, clause 2): if another process wrote to it since, the commit fails
        on the version; a refusal is decided again if the copy was not the latest, so the answer is
        always the latest state's.
        """

        def run(case: Case) -> CommandResult:
            check_may_act(case, by)
            self.store.check_version(case, expected_version, phrase("case {case_no}", case_no=case_no))
            command(case)
            return CommandResult(case_no=case_no, version=case.version, position=self.commit(case))

        if self.store.cached(Case.id_for(case_no)):
            unread = self.case(case_no, catch_up=False)
            seen = unread.version
            try:
                return run(unread)
            except ConcurrencyConflict:
                pass  # another process wrote to the case since this one saw it: decide on the latest
            except DomainError:
                if self.store.is_current(unread.id, seen):
                    raise  # refused on the latest state
        return self.store.retrying(lambda: run(self.case(case_no)), retry=expected_version is None)
