"""The checkpoint worker's use case: seal the log up to its head."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from application.integrity.chain import event_hash
from application.integrity.merkle import merkle_root
from application.integrity.seal import SEAL_ID, Checkpoint, Leaf, SealLeaves, Signer
from application.ledger import CaseLedger
from domain.errors import ConcurrencyConflict

PAGE = 5_000


class Sealer:
    def __init__(self, ledger: CaseLedger, signer: Signer, leaves: SealLeaves) -> None:
        self.ledger, self.signer, self.leaves = ledger, signer, leaves

    def seal(self, at: datetime) -> Checkpoint | None:
        """Seal every event recorded since the last checkpoint (None if there is nothing new)."""
        seal = self.ledger.ledger_seal()
        first = seal.sealed_to
        head = self.ledger.recorder.max_notification_id() or 0
        if head <= first:
            return None
        leaves = [
            Leaf(n.id, str(n.originator_id), n.originator_version, event_hash(n)) for n in self._range(first, head)
        ]
        if all(leaf.aggregate == str(SEAL_ID) for leaf in leaves):
            return None  # only the previous checkpoint itself is new: nothing to seal
        number = len(seal.checkpoints) + 1
        root = merkle_root([leaf.hash for leaf in leaves])
        unsigned = Checkpoint(number, first, head, len(leaves), root, "", self.signer.public_key().hex(), at)
        checkpoint = Checkpoint(
            number, first, head, len(leaves), root, self.signer.sign(unsigned.message()).hex(), unsigned.public_key, at
        )
        self.leaves.save(number, leaves)  # kept first: a seal is never recorded without its leaves
        seal.seal(checkpoint)
        try:
            self.ledger.record_seal(seal)
        except ConcurrencyConflict:
            return None  # another sealer sealed this range first
        return checkpoint

    def _range(self, first: int, last: int) -> Iterator[Any]:
        start = first
        while page := self.ledger.recorder.select_notifications(start, PAGE, stop=last, inclusive_of_start=False):
            yield from page
            start = page[-1].id
