"""The hash chain: every stored event names the hash of the one before it in its aggregate.

An event's hash is SHA-256 over its canonical bytes: originator id, version, topic and the stored
state, which includes ``chain_prev`` (the previous event's hash, or the genesis value for version 1).
Editing, deleting or reordering an event breaks the link of the event after it; checkpoints (signed
Merkle roots over ranges of the log) catch what a chain alone cannot: a changed last event, or a whole
chain recomputed by someone with write access.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

GENESIS = "0" * 64
CHAIN_FIELD = "chain_prev"


def canonical(stored: StoredEvent) -> bytes:
    originator = stored.originator_id.hex if isinstance(stored.originator_id, UUID) else str(stored.originator_id)
    head = f"{originator}\n{stored.originator_version}\n{stored.topic}\n".encode()
    return head + stored.state


def event_hash(stored: StoredEvent) -> str:
    return hashlib.sha256(canonical(stored)).hexdigest()


def chain_prev(stored: StoredEvent) -> str | None:
    """The previous hash the event claims (None if its state is not readable or carries none)."""
    try:
        state: dict[str, Any] = json.loads(stored.state)
    except (ValueError, UnicodeDecodeError):
        return None
    value = state.get(CHAIN_FIELD)
    return value if isinstance(value, str) else None


def chain_intact(stored: list[StoredEvent]) -> bool:
    """Whether one aggregate's events link, each to the hash of the one before it (the first to genesis).

    A chain alone does not show that no one recomputed it all; the signed checkpoints do (``verify``)."""
    previous = GENESIS
    for event in sorted(stored, key=lambda e: e.originator_version):
        if chain_prev(event) != previous:
            return False
        previous = event_hash(event)
    return True
