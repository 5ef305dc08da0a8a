"""Online consultation (网上咨询): a question put to a department (about an item, or in general), online, at a
village station or by an agent, answered by the department within 3 working days (10 when found complex,
15 when other departments must be asked), counted on the official calendar from the day it was asked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from application.calendars import Calendars
from application.catalogue import Catalogue
from application.organisation import Organisation
from application.plumbing.store import LedgerStore
from application.supervision.orders import new_number
from domain.business_time import legal_day
from domain.errors import AlreadyExists, InvalidValue, phrase
from domain.organisation.actors import Actor, Channel
from domain.prereview.consultation import Consultation, ConsultationKind


class Consultations:
    def __init__(
        self, store: LedgerStore, calendars: Calendars, catalogue: Catalogue, organisation: Organisation
    ) -> None:
        self.store, self.calendars, self.catalogue, self.organisation = store, calendars, catalogue, organisation

    def ask(
        self,
        *,
        department: str | None,
        item_code: str | None,
        question: str,
        channel: Channel,
        at: datetime,
        by: Actor,
    ) -> str:
        """咨询: the consultation's number (``ZX`` and the day, then a random part). A question about an
        item goes to the item's department; one in general names its department."""
        if item_code is not None:
            department = self.catalogue.item_terms(item_code).department
        if department is None or not self.organisation.has_department(department):
            raise InvalidValue("a question names an item, or a department of the centre")
        number = new_number("ZX", at)
        consultation = Consultation.ask(
            consultation_no=number,
            department=department,
            item_code=item_code,
            question=question,
            channel=channel,
            answer_due=self._due(at, ConsultationKind.ORDINARY),
            at=at,
            by=by,
        )
        self.store.create_or_refuse(consultation, AlreadyExists("consultation {no} already exists", no=number))
        return number

    def reclassify(self, number: str, *, kind: ConsultationKind, reason: str, at: datetime, by: Actor) -> int:
        """Found complex, or needing other departments: the day to answer counted again from the day asked."""

        def act(consultation: Consultation) -> None:
            due = self._due(consultation.asked_at, kind)
            consultation.reclassify(kind=kind, reason=reason, answer_due=due, at=at, by=by)

        return self._act(number, act)

    def answer(self, number: str, *, answer: str, at: datetime, by: Actor) -> int:
        return self._act(number, lambda consultation: consultation.answer_with(answer=answer, at=at, by=by))

    def consultation(self, number: str) -> Consultation:
        what = phrase("consultation {no}", no=number)
        return self.store.load(Consultation, Consultation.id_for(number), what)

    def _act(self, number: str, act: Callable[[Consultation], None]) -> int:
        def attempt() -> int:
            consultation = self.consultation(number)
            act(consultation)
            return self.store.commit(consultation)

        return self.store.retrying(attempt, retry=True)

    def _due(self, asked: datetime, kind: ConsultationKind) -> date:
        day = legal_day(asked)
        return self.calendars.working_days(day.year).add(day, kind.answer_days).on
