"""Erasure and the data subject's record: destroying a subject's key erases their personal data
everywhere it is sealed (``application.personal_data``), and the events stay exactly as they were."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from application.base import LedgerBase
from domain.errors import ConcurrencyConflict, NotFound
from domain.organisation.actors import Actor
from domain.privacy.data_subject import DataSubject


class PrivacyCommands(LedgerBase):
    def data_subject(self, subject_id: str) -> DataSubject:
        subject_key = DataSubject.create_id(subject_id)
        if self._exists(subject_key):
            return self._load(DataSubject, subject_key, f"data subject {subject_id}")
        return DataSubject(subject_id=subject_id)

    def _subject(self, subject_id: str, change: Any) -> int:
        subject = self.data_subject(subject_id)
        change(subject)
        try:
            return self._commit(subject)
        except ConcurrencyConflict:
            raise ConcurrencyConflict(f"subject {subject_id} changed meanwhile; try again") from None

    def set_retention(self, subject_id: str, *, until: date, basis: str, at: datetime, by: Actor) -> int:
        return self._subject(subject_id, lambda s: s.set_retention(until=until, basis=basis, at=at, by=by))

    def place_legal_hold(self, subject_id: str, *, hold_id: str, reason: str, at: datetime, by: Actor) -> int:
        return self._subject(subject_id, lambda s: s.place_hold(hold_id=hold_id, reason=reason, at=at, by=by))

    def release_legal_hold(self, subject_id: str, *, hold_id: str, at: datetime, by: Actor) -> int:
        return self._subject(subject_id, lambda s: s.release_hold(hold_id=hold_id, at=at, by=by))

    def erase_subject(self, subject_id: str, *, reason: str, at: datetime, by: Actor) -> int:
        """Record the erasure (no personal data in it), then destroy the subject's key."""
        known = self._exists(DataSubject.create_id(subject_id))
        if not known and (self.subject_cipher is None or not self.subject_cipher.has_key(subject_id)):
            raise NotFound(f"no data subject {subject_id}: nothing of theirs is recorded")
        position = self._subject(subject_id, lambda s: s.erase(reason=reason, at=at, by=by))
        if self.subject_cipher is not None:
            self.subject_cipher.destroy(subject_id)
        self._aggregates.clear()  # cached cases hold the subject's data decrypted
        return position
