"""Work on cases (办件): receive an application, run a case command on it, rate it, import past records.

Every act on an existing case but the rating is a case command (``application.cases.commands``), run by
``handle``; the deadline watcher's acts are ``application.cases.automatic``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import datetime

from application.agency import Mandates
from application.cases.commands import CaseAct, CaseCommand
from application.cases.store import CaseStore
from application.catalogue import Catalogue
from application.dto import CommandResult
from application.idempotency import IdempotencyKey, Receipts
from application.people import People
from domain.business_time import legal_day
from domain.case.access import check_may_file
from domain.case.aggregate import Case
from domain.case.errors import CaseAlreadyExists
from domain.case.values import Applicant
from domain.errors import ConcurrencyConflict
from domain.organisation.actors import Actor, Channel

CASE_NO_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I: read aloud at the window


class CaseWork:
    def __init__(self, cases: CaseStore, catalogue: Catalogue, people: People, mandates: Mandates) -> None:
        self.cases, self.catalogue, self.people, self.mandates = cases, catalogue, people, mandates
        self.store = cases.store
        self.receipts = Receipts(cases.store)

    def receive(
        self,
        *,
        item_code: str,
        applicant: Applicant,
        at: datetime,
        by: Actor,
        channel: Channel,
        materials: tuple[str, ...] = (),
        case_no: str | None = None,
        query_code: str | None = None,
    ) -> CommandResult:
        """收件: record the receipt of an application; the case pins the item's current version."""
        terms = self.catalogue.item_terms(item_code)
        check_may_file(terms.department, by)
        self.mandates.check(by, applicant.subject_id, item_code, legal_day(at))  # an agent, within a mandate
        case_no = case_no or self.new_case_no(terms.department, at)
        case = Case.receive(
            case_no=case_no,
            query_code=query_code or "",  # derived, never stored (query_codes); an import may bring its own
            applicant=applicant,
            item=terms,
            at=at,
            by=by,
            channel=channel,
            calendar=self.cases.calendar_at(at),
            materials=materials,
        )
        self.store.subject_keys_ready([applicant.subject_id])
        try:
            position = self.cases.commit(case)
        except ConcurrencyConflict:
            raise CaseAlreadyExists("case number {case_no} is taken", case_no=case_no) from None
        return CommandResult(case_no=case_no, version=case.version, position=position)

    def handle(
        self, case_no: str, command: CaseCommand, *, at: datetime, by: Actor, expected_version: int | None = None
    ) -> CommandResult:
        """Run a case command (``application.cases.commands``) on ``case_no`` for ``by``, dated ``at``."""
        act = CaseAct(
            at=at,
            by=by,
            working_days=self.cases.calendar_at,
            actor=self.people.actor,
            item_terms=self.catalogue.item_terms,
        )

        def run(case: Case) -> None:
            self.mandates.check(by, case.applicant.subject_id, case.item.code, legal_day(at))
            command.apply(case, act)

        return self.cases.act(case_no, by, run, expected_version)

    def rate(
        self, case_no: str, *, stars: int, comment: str, at: datetime, by: Actor, channel: Channel = Channel.ONLINE
    ) -> CommandResult:
        """好差评: the applicant rates the service (the applicant acts, not staff: not a case command)."""
        return self.cases.act(
            case_no, by, lambda c: c.rate(stars=stars, comment=comment, at=at, by=by, channel=channel)
        )

    def import_cases(self, cases: Sequence[Case]) -> int:
        """Record new cases, every one built through the aggregate's own commands, in one transaction
        (an import of past records, or the demo's simulated year).

        All or nothing: if any case number is taken, nothing of the batch is written.
        """
        self.store.subject_keys_ready(case.applicant.subject_id for case in cases)
        try:
            return self.store.commit(*cases)
        except ConcurrencyConflict:
            raise CaseAlreadyExists("a case number of this batch is already in the ledger") from None

    def once(self, key: IdempotencyKey, run: Callable[[], CommandResult]) -> CommandResult:
        """Run a keyed command once: a repeat of the key returns the first result and writes nothing."""
        return self.receipts.once(
            key, run, lambda case_no, version, position: CommandResult(case_no, version, position, replayed=True)
        )

    @staticmethod
    def new_case_no(department: str, at: datetime) -> str:
        """办件编号: department, receipt day and a random part (the natural id makes a clash fail loudly)."""
        token = "".join(secrets.choice(CASE_NO_ALPHABET) for _ in range(6))
        return f"{department}-{legal_day(at):%Y%m%d}-{token}"


def _replayed(case_no: str, version: int, position: int) -> CommandResult:
    return CommandResult(case_no=case_no, version=version, position=position, replayed=True)
