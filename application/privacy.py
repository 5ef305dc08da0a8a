"""Privacy: retention, legal holds and erasure of a data subject. Destroying a subject's key erases their
personal data everywhere it is sealed (``application.personal_data``); the events stay exactly as they were."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from application.plumbing.store import LedgerStore
from domain.errors import ConcurrencyConflict, NotFound, phrase
from domain.organisation.actors import Actor
from domain.privacy.data_subject import DataSubject


class Privacy:
    def __init__(self, store: LedgerStore) -> None:
        self.store = store

    def data_subject(self, subject_id: str) -> DataSubject:
        subject_key = DataSubject.create_id(subject_id)
        if self.store.exists(subject_key):
            return self.store.load(DataSubject, subject_key, phrase("data subject {subject_id}", subject_id=subject_id))
        return DataSubject(subject_id=subject_id)

    def set_retention(self, subject_id: str, *, until: date, basis: str, at: datetime, by: Actor) -> int:
        return self._change(subject_id, lambda s: s.set_retention(until=until, basis=basis, at=at, by=by))

    def place_legal_hold(self, subject_id: str, *, hold_id: str, reason: str, at: datetime, by: Actor) -> int:
        return self._change(subject_id, lambda s: s.place_hold(hold_id=hold_id, reason=reason, at=at, by=by))

    def release_legal_hold(self, subject_id: str, *, hold_id: str, at: datetime, by: Actor) -> int:
        return self._change(subject_id, lambda s: s.release_hold(hold_id=hold_id, at=at, by=by))

    def erase_subject(self, subject_id: str, *, reason: str, at: datetime, by: Actor) -> int:
        """Record the erasure (no personal data in it), then destroy the subject's key."""
        cipher = self.store.subject_cipher
        known = self.store.exists(DataSubject.create_id(subject_id))
        if not known and (cipher is None or not cipher.has_key(subject_id)):
            raise NotFound("no data subject {subject_id}: nothing of theirs is recorded", subject_id=subject_id)
        position = self._change(subject_id, lambda s: s.erase(reason=reason, at=at, by=by))
        if cipher is not None:
            cipher.destroy(subject_id)
        self.store.forget_cached()  # cached cases hold the subject's data decrypted
        return position

    def _change(self, subject_id: str, change: Callable[[DataSubject], None]) -> int:
        subject = self.data_subject(subject_id)
        change(subject)
        try:
            return self.store.commit(subject)
        except ConcurrencyConflict:
            raise ConcurrencyConflict(
                "subject {subject_id} changed meanwhile; try again", subject_id=subject_id
            ) from None
