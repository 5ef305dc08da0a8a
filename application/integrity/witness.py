"""Witnesses: keepers of the log's latest head outside the database, and the rules they apply.

A witness accepts a new head only if the log's configured key signed it and a consistency proof shows it
extends the last head the witness accepted (C2SP tlog-witness ``add-checkpoint``); it keeps what it accepted
before answering, and cosigns. A ledger rewritten or cut back after a witnessed head then contradicts the
witness, whatever else was rewritten with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from application.integrity.checkpoint import SignatureCheck, SignedNote, VerifierKey, signed_by
from application.integrity.merkle import EMPTY_ROOT, verify_consistency


@dataclass(frozen=True)
class Witnessed:
    """The latest head a witness holds for a log: its size and root, and the note with the cosignature."""

    size: int
    root: bytes
    note: str


class WitnessRefused(Exception):
    """A witness would not take a head (the tlog-witness status: 403, 400, 409 or 422)."""

    def __init__(self, status: int, detail: str, latest_size: int | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.latest_size = status, detail, latest_size


class Witness(Protocol):
    @property
    def name(self) -> str:
        """The witness's key name (its cosignatures carry it)."""

    def latest(self, origin: str) -> Witnessed | None: ...

    def add(self, note: str, old_size: int, proof: Sequence[bytes]) -> Witnessed: ...


class LastSeen(Protocol):
    """The verifier's own memory of the largest witnessed head it has checked (outside the database too)."""

    def load(self, origin: str) -> tuple[int, bytes] | None: ...

    def save(self, origin: str, size: int, root: bytes) -> None: ...


def check_addition(
    latest: Witnessed | None,
    note: SignedNote,
    old_size: int,
    proof: Sequence[bytes],
    log_keys: Sequence[VerifierKey],
    check: SignatureCheck,
) -> None:
    """Raise ``WitnessRefused`` unless a witness holding ``latest`` may accept ``note`` (tlog-witness rules)."""
    head = note.head
    if not signed_by(note, [k for k in log_keys if k.name == head.origin], check):
        raise WitnessRefused(403, f"{head.origin}: not signed by the log's configured key")
    if old_size > head.size:
        raise WitnessRefused(400, f"old size {old_size} is past the new head's {head.size}")
    current = latest.size if latest else 0
    if old_size != current:
        raise WitnessRefused(409, f"the witness holds size {current}, not {old_size}", current)
    if head.size == 0 and head.root != EMPTY_ROOT:
        raise WitnessRefused(422, "an empty tree has the empty root")
    old_root = latest.root if latest else EMPTY_ROOT
    if not verify_consistency(old_size, head.size, old_root, head.root, proof):
        raise WitnessRefused(422, f"the head of size {head.size} does not extend the witnessed {old_size}")
