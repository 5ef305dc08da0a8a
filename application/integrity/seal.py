"""Superseded (ADR 17): the loose checkpoints recorded as events before the transparency log.

Kept only so that a log written before the transparency log still reads: its ``LedgerSeal`` events are
ordinary leaves of the tree now, and nothing records new ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.ids import natural_id

SEAL_ID: UUID = natural_id("ledger-seal", "main")


@dataclass(frozen=True)
class Checkpoint:
    number: int
    first_position: int  # exclusive: the seal covers positions after this one
    last_position: int
    count: int
    root: str
    signature: str
    public_key: str
    sealed_at: datetime

    def message(self) -> bytes:
        """What the signature covers."""
        fields = (self.number, self.first_position, self.last_position, self.count, self.root)
        return ("caseledger-seal|" + "|".join(map(str, fields))).encode()


class LedgerSeal(Aggregate):
    """The chain of checkpoints: each ``Sealed`` event seals the log up to a position."""

    class Sealed(Aggregate.Event):
        checkpoint: Checkpoint

        def apply(self, aggregate: Any) -> None:
            aggregate.checkpoints.append(self.checkpoint)

    class Started(Aggregate.Created):
        pass

    def __init__(self) -> None:
        self.checkpoints: list[Checkpoint] = []

    @classmethod
    def start(cls) -> LedgerSeal:
        return cls._create(cls.Started, id=SEAL_ID)

    @property
    def sealed_to(self) -> int:
        return self.checkpoints[-1].last_position if self.checkpoints else 0

    def seal(self, checkpoint: Checkpoint) -> None:
        self.trigger_event(self.Sealed, checkpoint=checkpoint)
