"""Handling use cases: hand-offs, steps, special procedures, supplementation, extensions, opinions."""

from __future__ import annotations

from datetime import datetime

from application.cases.base import CaseCommandsBase
from application.dto import CommandResult
from domain.case.values import OpinionKind, Outcome
from domain.organisation.actors import Actor


class CaseHandling(CaseCommandsBase):
    def hand_off(
        self, case_no: str, *, to: Actor, at: datetime, by: Actor, note: str = "", expected_version: int | None = None
    ) -> CommandResult:
        return self._act(case_no, by, lambda c: c.hand_off(to=to, at=at, by=by, note=note), expected_version)

    def receive_hand_off(
        self, case_no: str, *, at: datetime, by: Actor, expected_version: int | None = None
    ) -> CommandResult:
        return self._act(case_no, by, lambda c: c.receive_hand_off(at=at, by=by), expected_version)

    def complete_step(
        self, case_no: str, *, opinion: str, at: datetime, by: Actor, expected_version: int | None = None
    ) -> CommandResult:
        return self._act(
            case_no,
            by,
            lambda c: c.complete_step(opinion=opinion, at=at, by=by, calendar=self._calendar_at(at)),
            expected_version,
        )

    def return_step(
        self, case_no: str, *, reason: str, at: datetime, by: Actor, expected_version: int | None = None
    ) -> CommandResult:
        return self._act(
            case_no,
            by,
            lambda c: c.return_step(reason=reason, at=at, by=by, calendar=self._calendar_at(at)),
            expected_version,
        )

    def start_special_procedure(
        self,
        case_no: str,
        *,
        procedure: str,
        legal_basis: str,
        notice_no: str,
        expected_days: int,
        at: datetime,
        by: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._act(
            case_no,
            by,
            lambda c: c.start_special_procedure(
                procedure=procedure,
                legal_basis=legal_basis,
                notice_no=notice_no,
                expected_days=expected_days,
                at=at,
                by=by,
            ),
            expected_version,
        )

    def end_special_procedure(
        self, case_no: str, *, result: str, at: datetime, by: Actor, expected_version: int | None = None
    ) -> CommandResult:
        return self._act(
            case_no,
            by,
            lambda c: c.end_special_procedure(result=result, at=at, by=by, calendar=self._calendar_at(at)),
            expected_version,
        )

    def request_post_acceptance_supplement(
        self,
        case_no: str,
        *,
        missing: tuple[str, ...],
        at: datetime,
        by: Actor,
        legal_basis: str = "",
        notice_no: str = "",
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._act(
            case_no,
            by,
            lambda c: c.request_post_acceptance_supplement(
                missing=missing, legal_basis=legal_basis, notice_no=notice_no, at=at, by=by
            ),
            expected_version,
        )

    def provide_post_acceptance_supplement(
        self, case_no: str, *, materials: tuple[str, ...], at: datetime, by: Actor, expected_version: int | None = None
    ) -> CommandResult:
        return self._act(
            case_no,
            by,
            lambda c: c.provide_post_acceptance_supplement(
                materials=materials, at=at, by=by, calendar=self._calendar_at(at)
            ),
            expected_version,
        )

    def approve_extension(
        self,
        case_no: str,
        *,
        days: int,
        reason: str,
        notice_no: str,
        at: datetime,
        by: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._act(
            case_no,
            by,
            lambda c: c.approve_extension(
                days=days, reason=reason, notice_no=notice_no, at=at, by=by, calendar=self._calendar_at(at)
            ),
            expected_version,
        )

    def give_opinion(
        self,
        case_no: str,
        *,
        co_department: str,
        opinion: OpinionKind,
        reasons: str,
        at: datetime,
        by: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._act(
            case_no,
            by,
            lambda c: c.give_opinion(co_department=co_department, opinion=opinion, reasons=reasons, at=at, by=by),
            expected_version,
        )

    def deem_consent(self, case_no: str, *, co_department: str, at: datetime, by: Actor) -> CommandResult:
        return self._act(case_no, by, lambda c: c.deem_consent(co_department=co_department, at=at, by=by))

    def forward_up(
        self,
        case_no: str,
        *,
        upper_level: str,
        opinion: str,
        at: datetime,
        by: Actor,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._act(
            case_no,
            by,
            lambda c: c.forward_up(upper_level=upper_level, opinion=opinion, at=at, by=by),
            expected_version,
        )

    def record_upper_level_decision(
        self,
        case_no: str,
        *,
        outcome: Outcome,
        document_no: str,
        at: datetime,
        by: Actor,
        reasons: str = "",
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._act(
            case_no,
            by,
            lambda c: c.record_upper_level_decision(
                outcome=outcome, document_no=document_no, at=at, by=by, calendar=self._calendar_at(at), reasons=reasons
            ),
            expected_version,
        )
