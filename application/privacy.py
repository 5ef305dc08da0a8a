"""Personal data encrypted per data subject before it is hashed or stored; erasure destroys the key.

The applicant's name, ID number, phone and address are stored sealed with the subject's own key, kept
apart from the events. Erasing the subject destroys the key: the events (and so every hash, chain,
checkpoint and bundle) stay exactly as they were, and the data reads back as erased.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Protocol

from eventsourcing.persistence import Transcoding

from application.base import LedgerBase
from domain.case.values import Applicant
from domain.errors import ConcurrencyConflict, NotFound
from domain.organisation.actors import Actor
from domain.privacy.data_subject import DataSubject

ERASED = "[erased]"
# A sealed applicant's subject as the JSON transcoder stores it (compact, ``encode``'s key order).
SEALED_SUBJECT = re.compile(rb'"_type_":"applicant_sealed","_data_":\{"subject_id":("(?:[^"\\]|\\.)*")')


class SubjectCipher(Protocol):
    """Per-subject keys (kept apart from the events) and deterministic authenticated encryption."""

    def seal(self, subject_id: str, plaintext: bytes) -> str: ...

    def open(self, subject_id: str, sealed: str) -> bytes | None:
        """The plaintext, or None once the subject's key is destroyed."""

    def destroy(self, subject_id: str) -> None: ...

    def has_key(self, subject_id: str) -> bool:
        """Whether personal data of the subject is kept (and not yet erased)."""

    def ensure(self, subject_ids: Iterable[str]) -> None:
        """Create the keys of many new subjects at once (before an import's events are sealed)."""

    def read_ahead(self, subject_ids: Iterable[str]) -> None:
        """Read the keys of many subjects at once (before a page of their events is decoded)."""


class SealedApplicant(Transcoding):
    """Stores an ``Applicant`` with its personal fields sealed under the subject's key."""

    type = Applicant
    name = "applicant_sealed"

    def __init__(self, cipher: SubjectCipher) -> None:
        self.cipher = cipher

    def encode(self, obj: Applicant) -> dict[str, Any]:
        personal = json.dumps([obj.name, obj.id_number, obj.phone, obj.address], ensure_ascii=False).encode()
        return {
            "subject_id": obj.subject_id,
            "sealed": self.cipher.seal(obj.subject_id, personal),
            "enterprise": obj.is_enterprise,
            **({"id_type": obj.id_type} if obj.id_type else {}),
        }

    def read_ahead(self, states: Iterable[bytes]) -> None:
        """Read at once the keys of every subject sealed in these stored events (a page about to be
        decoded), rather than one query per subject when its applicant is decoded."""
        self.cipher.read_ahead({json.loads(found) for state in states for found in SEALED_SUBJECT.findall(state)})

    def decode(self, data: dict[str, Any]) -> Applicant:
        opened = self.cipher.open(data["subject_id"], data["sealed"])
        if opened is None:
            return Applicant(
                data["subject_id"],
                ERASED,
                ERASED if data.get("sealed") else "",
                "",
                "",
                data["enterprise"],
                data.get("id_type", ""),
            )
        name, id_number, phone, address = json.loads(opened)
        return Applicant(
            data["subject_id"], name, id_number, phone, address, data["enterprise"], data.get("id_type", "")
        )


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
