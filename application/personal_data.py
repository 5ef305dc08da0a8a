"""Personal data sealed per data subject: the cipher the ledger needs, and the applicant's transcoding.

The applicant's name, ID number, phone and address are stored sealed with the subject's own key, kept
apart from the events. Erasing the subject destroys the key: the events (and so every hash, chain,
checkpoint and bundle) stay exactly as they were, and the data reads back as erased.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, Protocol

from eventsourcing.persistence import Transcoding

from domain.case.values import Applicant

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
