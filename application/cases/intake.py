"""Intake use cases: receive, supplement notice, accept, deemed acceptance, rejection, on-the-spot decision."""

from __future__ import annotations

from datetime import datetime

from application.cases.base import CaseCommandsBase
from application.catalogue import CatalogueCommands
from application.dto import CommandResult
from domain.case.access import check_may_file
from domain.case.aggregate import Case
from domain.case.errors import CaseAlreadyExists
from domain.case.values import Applicant, Outcome
from domain.errors import ConcurrencyConflict
from domain.organisation.actors import Actor, Channel


class CaseIntake(CaseCommandsBase, CatalogueCommands):
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

    def request_supplement(
        self,
        case_no: str,
        *,
        missing: tuple[str, ...],
        notice_no: str,
        at: datetime,
        by: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._act(
            case_no,
            by,
            lambda c: c.request_supplement(missing=missing, notice_no=notice_no, at=at, by=by),
            expected_version,
        )

    def provide_supplement(
        self, case_no: str, *, materials: tuple[str, ...], at: datetime, by: Actor, expected_version: int | None = None
    ) -> CommandResult:
        return self._act(
            case_no, by, lambda c: c.provide_supplement(materials=materials, at=at, by=by), expected_version
        )

    def accept(
        self, case_no: str, *, at: datetime, by: Actor, notice_no: str = "", expected_version: int | None = None
    ) -> CommandResult:
        """受理: pins the item version in force now and starts KC, KS, the first step and CO."""
        return self._act(
            case_no,
            by,
            lambda c: c.accept(
                item=self.item_terms(c.item.code), notice_no=notice_no, at=at, by=by, calendar=self._calendar_at(at)
            ),
            expected_version,
        )

    def deem_accepted(self, case_no: str, *, at: datetime, by: Actor) -> CommandResult:
        return self._act(
            case_no,
            by,
            lambda c: c.deem_accepted(item=self.item_terms(c.item.code), at=at, by=by, calendar=self._calendar_at(at)),
        )

    def reject_at_intake(
        self,
        case_no: str,
        *,
        reasons: str,
        remedies: str,
        at: datetime,
        by: Actor,
        notice_no: str = "",
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._act(
            case_no,
            by,
            lambda c: c.reject_at_intake(reasons=reasons, remedies=remedies, notice_no=notice_no, at=at, by=by),
            expected_version,
        )

    def decide_on_spot(
        self,
        case_no: str,
        *,
        outcome: Outcome,
        at: datetime,
        by: Actor,
        reasons: str = "",
        remedies: str = "",
        document_no: str = "",
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._act(
            case_no,
            by,
            lambda c: c.decide_on_spot(
                outcome=outcome,
                at=at,
                by=by,
                calendar=self._calendar_at(at),
                reasons=reasons,
                remedies=remedies,
                document_no=document_no,
            ),
            expected_version,
        )
