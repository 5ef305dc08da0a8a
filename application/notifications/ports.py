"""What the notifier needs from outside: channels that send, and a store of deliveries.

A delivery is one notice to one recipient on one channel. It is named by a key made from the three
(``delivery_key``), which the channel passes on (an SMS gateway's message id, an e-mail's Message-ID):
a message sent again after a crash carries the key it carried the first time.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.organisation.directory import Contact


class DeliveryState(enum.Enum):
    PENDING = "pending"  # to send
    SENDING = "sending"  # handed to the channel under a lease; found so after the lease: the worker died
    RETRY = "retry"  # the channel failed; tried again at ``next_try``
    SENT = "sent"  # the channel took it
    FAILED = "failed"  # given up: refused for good, or out of attempts
    NO_ADDRESS = "no_address"  # the recipient has no address on any channel (or no longer)
    EXPIRED = "expired"  # the notice was older than the worker's ``max_age`` when it first saw it


OPEN_STATES = (DeliveryState.PENDING, DeliveryState.SENDING, DeliveryState.RETRY)


@dataclass(frozen=True)
class Message:
    subject: str  # an e-mail's subject
    text: str  # an SMS, and an e-mail's body


class SendFailed(Exception):
    """The channel did not take the message; ``retryable``: a later try may succeed (a gateway down, a
    timeout), else it never will (a number the gateway refuses)."""

    def __init__(self, reason: str, *, retryable: bool = True) -> None:
        super().__init__(reason)
        self.retryable = retryable


class Channel(Protocol):
    """One way of sending: SMS through the gateway, e-mail over SMTP, the log."""

    name: str

    def address(self, contact: Contact) -> str | None:
        """Where this channel reaches someone with ``contact`` (None: it cannot)."""

    def send(self, address: str, message: Message, key: str) -> None:
        """Send, or raise ``SendFailed``. ``key`` names the delivery (the same on a repeat)."""


def delivery_key(notice_id: int, recipient: str, channel: str) -> str:
    return hashlib.sha256(f"{notice_id}|{recipient}|{channel}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Delivery:
    key: str
    notice_id: int
    kind: str
    subject: str
    recipient: str  # "applicant:CASE-NO" or "person:PERSON-ID" ("" when the notice reached no one)
    channel: str  # "" when no channel could reach the recipient
    state: DeliveryState
    attempts: int = 0

    @classmethod
    def of(
        cls, notice_id: int, kind: str, subject: str, recipient: str, channel: str, state: DeliveryState
    ) -> Delivery:
        return cls(delivery_key(notice_id, recipient, channel), notice_id, kind, subject, recipient, channel, state)


class NoticeReader(Protocol):
    """The outbox view, as the notifier reads it."""

    def notices_after(self, notice_id: int, limit: int) -> list[dict[str, Any]]:
        """The notices after ``notice_id``, in the order of the log."""

    def notice(self, notice_id: int) -> dict[str, Any] | None: ...


class Deliveries(Protocol):
    """The deliveries, kept beside the views (the worker's own record, never rebuilt)."""

    def expanded_through(self) -> int:
        """The last outbox notice turned into deliveries."""

    def expand(self, deliveries: Sequence[Delivery], through: int, at: datetime) -> None:
        """Record the deliveries of the notices up to ``through`` in one transaction (a notice's delivery
        recorded before is left as it is)."""

    def due(self, now: datetime, limit: int) -> list[Delivery]:
        """Deliveries to try now: pending, retrying from before ``now``, or sending under a lease run out."""

    def claim(self, delivery: Delivery, lease_until: datetime) -> bool:
        """Take ``delivery`` (as ``due`` gave it) to send; False if another worker took it meanwhile."""

    def settle(
        self,
        key: str,
        state: DeliveryState,
        at: datetime,
        *,
        error: str | None = None,
        next_try: datetime | None = None,
    ) -> None:
        """Record how a try ended: sent, to retry at ``next_try``, failed or without an address."""

    def listing(self, state: DeliveryState | None, limit: int) -> list[dict[str, Any]]:
        """The latest deliveries (of one state), newest first."""

    def counts(self) -> dict[str, int]:
        """How many deliveries are in each state."""
