"""The ledger's own integrity records: the chain of checkpoints."""

from __future__ import annotations

from application.base import LedgerBase
from application.integrity.seal import SEAL_ID, Checkpoint, LedgerSeal


class SealRecords(LedgerBase):
    def has_seal(self) -> bool:
        return self._exists(SEAL_ID)

    def ledger_seal(self) -> LedgerSeal:
        """The checkpoints so far (started on first use)."""
        if not self.has_seal():
            return LedgerSeal.start()
        return self._load(LedgerSeal, SEAL_ID, "ledger seal")

    def checkpoints(self) -> list[Checkpoint]:
        return list(self.ledger_seal().checkpoints) if self.has_seal() else []

    def record_seal(self, seal: LedgerSeal) -> int:
        return self._commit(seal)
