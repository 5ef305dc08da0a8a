"""The public information platform (信息公开平台): the catalogue as the public reads it — each item's terms,
its guide (办事指南) and how it is pre-reviewed — for the public routes (``/public/catalogue``).

A guide is published by the administrator and republished as a new version; an item without one is
listed with its terms alone, and says so (``guide_version`` 0), rather than with invented text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from application.catalogue import Catalogue
from application.organisation import Organisation
from application.plumbing.store import LedgerStore
from application.prereviews import PreReviews
from domain.catalogue.guide import Guide, ItemGuide, committed_words, statutory_words
from domain.catalogue.terms import ItemTerms
from domain.errors import phrase
from domain.organisation.actors import Actor
from domain.prereview.prereview import PreReviewSetting


@dataclass(frozen=True)
class PublishedItem:
    terms: ItemTerms
    department_name: str
    committed: str  # as a guide writes it ("即办", "受理后N个工作日内办结")
    statutory: str
    guide: Guide | None
    guide_version: int  # 0: no guide published yet
    pre_review: PreReviewSetting


class Publication:
    def __init__(
        self, store: LedgerStore, catalogue: Catalogue, organisation: Organisation, pre_reviews: PreReviews
    ) -> None:
        self.store, self.catalogue, self.organisation, self.pre_reviews = store, catalogue, organisation, pre_reviews

    def publish_guide(self, item_code: str, guide: Guide, *, at: datetime, by: Actor) -> int:
        self.catalogue.item_terms(item_code)  # an item of the catalogue
        return self.store.make_or_change(
            ItemGuide,
            ItemGuide.id_for(item_code),
            phrase("the guide of {code}", code=item_code),
            lambda: ItemGuide.publish(item_code, guide, at=at, by=by),
            lambda kept: kept.republish(guide, at=at, by=by),
        )

    def item(self, code: str, department_name: str | None = None) -> PublishedItem:
        terms = self.catalogue.item_terms(code)
        kept = self._guide(code) if self.store.exists(ItemGuide.id_for(code)) else None
        return PublishedItem(
            terms=terms,
            department_name=department_name or self.organisation.department(terms.department).name,
            committed=committed_words(terms),
            statutory=statutory_words(terms),
            guide=kept.guide if kept else None,
            guide_version=kept.version if kept else 0,
            pre_review=self.pre_reviews.setting(code),
        )

    def items(self, department: str | None = None) -> list[PublishedItem]:
        catalogue = self.catalogue.items(department)
        names = {code: self.organisation.department(code).name for code in {t.department for t in catalogue}}
        return [self.item(terms.code, names[terms.department]) for terms in catalogue]

    def _guide(self, code: str) -> ItemGuide:
        return self.store.load(ItemGuide, ItemGuide.id_for(code), phrase("the guide of {code}", code=code))
