"""A case's record as the ledger holds it now: for staff (checked against who reads), and for the applicant
holding the receipt's query code. Read from the event store, so always current (the views are for lists)."""

from __future__ import annotations

import dataclasses
import enum
from datetime import datetime
from typing import Any
from uuid import UUID

from application.calendars import Calendars
from application.cases.store import CaseStore
from application.dto import CaseView, PersonView, PublicStatus, StepView
from application.query_codes import QueryCodes
from domain.business_time import legal_day, require_aware
from domain.case.access import check_may_read
from domain.case.aggregate import Case
from domain.clocks import ClockName
from domain.errors import NotFound, phrase
from domain.organisation.actors import Actor

HIDDEN_FIELDS = frozenset(
    {"originator_id", "originator_version", "timestamp", "occurred_at", "by", "channel", "chain_prev", "query_code"}
)


def person_view(actor: Actor) -> PersonView:
    return PersonView(actor.person_id, actor.name, actor.role.value, actor.department, actor.section)


def plain(value: Any) -> Any:
    """Event fields as plain data (enums as their values, value objects as dicts) for a history view."""
    if isinstance(value, enum.Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return value


def case_view(case: Case, as_of: datetime, calendars: Calendars) -> CaseView:
    """The case read at ``as_of``: its state, and its clocks on that legal day."""
    day = legal_day(as_of)
    step = case.current_step
    item = case.item
    return CaseView(
        case_no=case.case_no,
        version=case.version,
        status=case.status.value,
        item_code=item.code,
        item_name=item.name,
        item_version=item.version,
        department=item.department,
        kind=item.kind.value,
        procedure=item.procedure.value,
        applicant_subject=case.applicant.subject_id,
        applicant_name=case.applicant.name,
        channel=case.channel.value,
        holder=person_view(case.holder),
        in_transit_to=person_view(case.in_transit_to) if case.in_transit_to else None,
        current_step=step.name if step and case.accepted else None,
        step_index=case.step_index,
        steps_total=len(item.steps),
        green_channel=case.green_channel,
        joined_steps=tuple(StepView(i, item.steps[i].name) for i in case.joined),
        returns=case.returns,
        suspension=case.suspension,
        extension_granted=case.extension_granted,
        deemed_accepted=case.deemed_accepted,
        outcome=case.outcome.value if case.outcome else None,
        rating=case.rating,
        received_at=case.received_at,
        accepted_at=case.accepted_at,
        decided_at=case.decided_at,
        delivered_at=case.delivered_at,
        as_of=as_of,
        clocks=case.readings(day, calendars.working_days(day.year)),
    )


class CaseRecords:
    def __init__(self, cases: CaseStore, calendars: Calendars, query_codes: QueryCodes) -> None:
        self.cases, self.calendars, self.query_codes = cases, calendars, query_codes

    def case(self, case_no: str, *, as_of: datetime, viewer: Actor | None = None) -> CaseView:
        """The case now, with its clocks read on the legal day of ``as_of`` (checked against ``viewer``)."""
        case = self.cases.case(case_no)
        if viewer is not None:
            check_may_read(case, viewer)
        return case_view(case, require_aware(as_of), self.calendars)

    def case_version(self, case_no: str) -> int:
        return self.cases.case(case_no).version

    def has_case(self, case_no: str) -> bool:
        return self.cases.has_case(case_no)

    def _case_for_applicant(self, case_no: str, query_code: str) -> Case:
        """The case, if ``query_code`` is the one printed on its receipt.

        A wrong code and an unknown case number get the same answer, so numbers cannot be probed.
        """
        unknown = NotFound("no case with that number and query code")
        try:
            case = self.cases.case(case_no)
        except NotFound:
            raise unknown from None
        if not self.query_codes.matches(case.case_no, case.query_code, query_code):
            raise unknown
        return case

    def query_code(self, case_no: str) -> str:
        """The code for the receipt of ``case_no`` (shown on the receipt only: see ``query_codes``)."""
        return self.query_codes.code_for(case_no)

    def applicant_subject(self, case_no: str, query_code: str) -> str:
        """The data subject who may act as the applicant of the case (to rate it)."""
        return self._case_for_applicant(case_no, query_code).applicant.subject_id

    def public_status(self, case_no: str, query_code: str, *, as_of: datetime) -> PublicStatus:
        """Status, current step and due date for whoever holds the receipt's query code."""
        case = self._case_for_applicant(case_no, query_code)
        step = case.current_step if case.accepted and case.status.is_open else None
        due = case.clocks.get(ClockName.KC) or case.clocks.get(ClockName.K0)
        reading = due.reading(legal_day(as_of), self.calendars.working_days(legal_day(as_of).year)) if due else None
        return PublicStatus(
            case_no=case.case_no,
            status=case.status.value,
            item_name=case.item.name,
            current_step=step.name if step else None,
            due_on=reading.due_on if reading and due and due.running else None,
            provisional=bool(reading and reading.provisional),
        )

    def case_no_of(self, case_id: UUID) -> str:
        """The case number of a case id (cases are also addressable by id)."""
        return self.cases.store.load(Case, case_id, phrase("case {case_id}", case_id=case_id)).case_no
