"""Deterministic ids for natural keys, so that creating the same thing twice is the same record."""

from __future__ import annotations

from uuid import UUID, uuid5

LEDGER_NAMESPACE = UUID("6f1d3f0e-8c1a-5b5e-9a43-2f0c3c1d7a10")


def natural_id(kind: str, key: str) -> UUID:
    """``uuid5`` of ``kind:key`` in the ledger's namespace (case number, item code, year, person id)."""
    return uuid5(LEDGER_NAMESPACE, f"{kind}:{key}")
