"""Online pre-review (网上预审): submitted online, at a village station or by an agent; answered by the
department's window; a complete one filed as a case without entering anything again (``Case.receive_pre_reviewed``).

How an item is pre-reviewed (the days to answer, whether a submission counts as the legal receipt) is
the item's ``ItemPreReview``, or ``DEFAULT`` where none was set: every item of the catalogue is open
to pre-review, answered within 2 working days, not counted as receipt (service-modes.md 4: practice
keeps pre-review outside the legal clock).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from application.agency import Mandates
from application.calendars import Calendars
from application.cases.store import CaseStore
from application.cases.work import CaseWork
from application.catalogue import Catalogue
from application.dto import CommandResult
from application.plumbing.store import LedgerStore
from application.supervision.orders import new_number
from domain.business_time import legal_day
from domain.case.access import check_may_file
from domain.case.aggregate import Case
from domain.case.values import Applicant
from domain.errors import AlreadyExists, phrase
from domain.organisation.actors import Actor, Channel
from domain.prereview.prereview import NOTICE_PERIOD_DAYS, PreReview, PreReviewSetting
from domain.prereview.setting import ItemPreReview

DEFAULT = PreReviewSetting()


class PreReviews:
    def __init__(
        self,
        store: LedgerStore,
        calendars: Calendars,
        catalogue: Catalogue,
        cases: CaseStore,
        work: CaseWork,
        mandates: Mandates,
    ) -> None:
        self.store, self.calendars, self.catalogue = store, calendars, catalogue
        self.cases, self.work, self.mandates = cases, work, mandates

    # -- the items' settings ------------------------------------------------------------------------------

    def set_setting(self, item_code: str, setting: PreReviewSetting, *, at: datetime, by: Actor) -> int:
        self.catalogue.item_terms(item_code)  # an item of the catalogue
        return self.store.make_or_change(
            ItemPreReview,
            ItemPreReview.id_for(item_code),
            phrase("item {code}", code=item_code),
            lambda: ItemPreReview.set(item_code, setting, at=at, by=by),
            lambda kept: kept.change(setting, at=at, by=by),
        )

    def setting(self, item_code: str) -> PreReviewSetting:
        if not self.store.exists(ItemPreReview.id_for(item_code)):
            return DEFAULT
        setting: PreReviewSetting = self._kept(item_code).setting
        return setting

    def _kept(self, item_code: str) -> ItemPreReview:
        return self.store.load(ItemPreReview, ItemPreReview.id_for(item_code), phrase("item {code}", code=item_code))

    # -- a pre-review's life ------------------------------------------------------------------------------

    def submit(
        self,
        *,
        item_code: str,
        applicant: Applicant,
        materials: tuple[str, ...],
        channel: Channel,
        at: datetime,
        by: Actor,
    ) -> str:
        """预审申请: the pre-review's number (``YS`` and the day, then a random part)."""
        terms = self.catalogue.item_terms(item_code)
        self.mandates.check(by, applicant.subject_id, item_code, legal_day(at))  # an agent, within a mandate
        setting = self.setting(item_code)
        number = new_number("YS", at)
        review = PreReview.submit(
            pre_review_no=number,
            item_code=item_code,
            department=terms.department,
            applicant=applicant,
            materials=materials,
            channel=channel,
            setting=setting,
            answer_due=self._answer_due(at, setting.answer_days),
            notice_due=self._answer_due(at, NOTICE_PERIOD_DAYS) if setting.counts_as_receipt else None,
            at=at,
            by=by,
        )
        self.store.subject_keys_ready([applicant.subject_id])
        self.store.create_or_refuse(review, AlreadyExists("pre-review {no} already exists", no=number))
        return number

    def answer(
        self, number: str, *, missing: tuple[str, ...], note: str, notice_no: str, at: datetime, by: Actor
    ) -> int:
        """The department's answer: complete (nothing missing), or everything missing, once and in full."""

        def act(review: PreReview) -> None:
            review.answer(missing=missing, note=note, notice_no=notice_no, at=at, by=by)

        return self._act(number, act)

    def resubmit(self, number: str, *, materials: tuple[str, ...], at: datetime, by: Actor) -> int:
        def act(review: PreReview) -> None:
            review.resubmit(
                materials=materials, answer_due=self._answer_due(at, review.setting.answer_days), at=at, by=by
            )

        return self._act(number, act)

    def withdraw(self, number: str, *, reason: str, at: datetime, by: Actor) -> int:
        return self._act(number, lambda review: review.withdraw(reason=reason, at=at, by=by))

    def file(self, number: str, *, at: datetime, by: Actor) -> CommandResult:
        """收件 of a complete pre-review at the department's window: the case and the pre-review's record of
        it are committed together, so a pre-review is filed once."""
        review = self.pre_review(number)
        terms = self.catalogue.item_terms(review.item_code)
        check_may_file(terms.department, by)
        reviewed = review.reviewed()
        received_at = reviewed.received_at(at)
        case_no = self.work.new_case_no(terms.department, received_at)
        case = Case.receive_pre_reviewed(
            case_no=case_no,
            query_code="",
            review=reviewed,
            item=terms,
            at=at,
            by=by,
            calendar=self.cases.calendar_at(received_at),
        )
        review.file(case_no=case_no, at=at, by=by)
        position = self.store.commit(case, review)
        return CommandResult(case_no=case_no, version=case.version, position=position)

    def pre_review(self, number: str) -> PreReview:
        return self.store.load(PreReview, PreReview.id_for(number), phrase("pre-review {no}", no=number))

    def _act(self, number: str, act: Callable[[PreReview], None]) -> int:
        def attempt() -> int:
            review = self.pre_review(number)
            act(review)
            return self.store.commit(review)

        return self.store.retrying(attempt, retry=True)

    def _answer_due(self, at: datetime, days: int) -> date:
        day = legal_day(at)
        return self.calendars.working_days(day.year).add(day, days).on
