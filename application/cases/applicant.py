"""The applicant's own acts: the application received (收件, which makes a case) and the rating (好差评).

Every other act on a case is a case command (``application.cases.commands``), run by ``handle``."""

from __future__ import annotations

from datetime import datetime

from application.cases.base import CaseCommandsBase
from application.catalogue import CatalogueCommands
from application.dto import CommandResult
from domain.case.access import check_may_file
from domain.case.aggregate import Case
from domain.case.errors import CaseAlreadyExists
from domain.case.values import Applicant
from domain.errors import ConcurrencyConflict
from domain.organisation.actors import Actor, Channel


class ApplicantActs(CaseCommandsBase, CatalogueCommands):
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
        terms = self.item_terms(item_code)
        check_may_file(terms.department, by)
        case_no = case_no or self.new_case_no(terms.department, at)
        case = Case.receive(
            case_no=case_no,
            query_code=query_code or "",  # derived, never stored (query_codes); an import may bring its own
            applicant=applicant,
            item=terms,
            at=at,
            by=by,
            channel=channel,
            calendar=self._calendar_at(at),
            materials=materials,
        )
        self._subject_keys_ready([applicant.subject_id])
        try:
            position = self._commit(case)
        except ConcurrencyConflict:
            raise CaseAlreadyExists(f"case number {case_no} is taken") from None
        return CommandResult(case_no=case_no, version=case.version, position=position)

    def rate(
        self, case_no: str, *, stars: int, comment: str, at: datetime, by: Actor, channel: Channel = Channel.ONLINE
    ) -> CommandResult:
        return self._act(case_no, by, lambda c: c.rate(stars=stars, comment=comment, at=at, by=by, channel=channel))
