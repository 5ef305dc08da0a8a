"""Deterministic ids for natural keys, so that creating the same thing twice is the same record."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

LEDGER_NAMESPACE = UUID("6f1d3f0e-8c1a-5b5e-9a43-2f0c3c1d7a10")


def natural_id(kind: str, key: str) -> UUID:
    """``uuid5`` of ``kind:key`` in the ledger's namespace (case number, item code, year, person id)."""
    return uuid5(LEDGER_NAMESPACE, f"{kind}:{key}")


def dated_id(kind: str, key: str, day: date) -> UUID:
    """A natural id that sorts by ``day``: its first four bytes are the day's digits (``20260119-...``).

    Cases are keyed by id in the event table's index and in the views' state; ids of cases received on
    the same days sit side by side there, so the pages a day's work touches stay few and hot however
    large the ledger grows (random ids spread every write over the whole index). The other twelve
    bytes are the ``uuid5`` digest's, with the version set to 8 (a custom layout, RFC 9562).
    """
    digest = natural_id(kind, key).bytes
    raw = bytearray(bytes.fromhex(f"{day:%Y%m%d}") + digest[4:])
    raw[6] = (raw[6] & 0x0F) | 0x80
    return UUID(bytes=bytes(raw))
