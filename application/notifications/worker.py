"""The notifier (``caseledger notify``): turns the outbox's notices into deliveries and sends them.

Each pass brings the outbox up to date, then

1. **expands** the notices it has not seen into deliveries, one per recipient and channel that reaches
   them, all in one transaction with the last notice expanded (so a notice is expanded once, even by
   two workers or after a crash). Who the recipients are is decided here, once, against the directory
   as it stands: the holder a warning names, that holder's leaders, a department's heads, the applicant.
   A notice older than ``max_age`` when first seen is recorded as expired and not sent (a year of
   history loaded, or a worker started after long downtime, must not text applicants about last spring).
2. **sends** the deliveries due: each is claimed under a lease (committed), handed to its channel with
   its key, and settled (committed). A worker killed between the claim and the settlement leaves the
   delivery *sending*; once its lease runs out, the next pass sends it again with the same key, which
   the SMS gateway takes as a repeat and an e-mail carries as its Message-ID (ADR 31 says what is left).
   A failure is retried with back-off (``RetryPolicy``); a refusal for good, or running out of attempts,
   is a failure shown in the register of deliveries, as is a recipient without an address.

Addresses are read at each try (the applicant's phone from the case, sealed with their key; staff from
the directory): nothing personal is copied, and an erased applicant is not texted.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from application.cases.store import CaseStore
from application.notifications.messages import message
from application.notifications.outbox import notice_row
from application.notifications.ports import Channel, Deliveries, Delivery, DeliveryState, NoticeReader, SendFailed
from application.people import People
from application.projections.runner import ProjectionRunner
from domain.errors import DomainError
from domain.notifications.notices import AUDIENCES, Audience, NoticeKind, StaffMember, heads_of, leaders_of
from domain.organisation.directory import MOBILE, Contact

log = logging.getLogger("caseledger.notify")
APPLICANT, PERSON = "applicant:", "person:"
APPLICANT_KINDS = frozenset(kind for kind, audiences in AUDIENCES.items() if audiences == (Audience.APPLICANT,))


@dataclass(frozen=True)
class RetryPolicy:
    """Back-off between tries: ``first``, doubling, at most ``ceiling``; given up after ``attempts``."""

    first: timedelta = timedelta(minutes=1)
    ceiling: timedelta = timedelta(hours=1)
    attempts: int = 8

    def next_try(self, attempts: int, now: datetime) -> datetime | None:
        """When to try again after ``attempts`` tries (None: give up)."""
        if attempts >= self.attempts:
            return None
        wait: timedelta = min(self.first * 2 ** (attempts - 1), self.ceiling)
        return now + wait


@dataclass
class Pass:
    """What one pass did."""

    expanded: int = 0  # notices turned into deliveries
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    unreachable: int = 0  # deliveries without an address
    expired: int = 0

    def __bool__(self) -> bool:
        return any(vars(self).values())


@dataclass
class Notifier:
    runner: ProjectionRunner
    deliveries: Deliveries
    outbox: NoticeReader
    cases: CaseStore
    people: People
    channels: Sequence[Channel]
    centre: str = "政务服务中心"
    max_age: timedelta = timedelta(hours=24)
    lease: timedelta = timedelta(minutes=2)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    batch: int = 200

    def run_once(self, now: datetime) -> Pass:
        done = Pass()
        self.runner.catch_up(["outbox"])
        self._expand(now, done)
        for delivery in self.deliveries.due(now, self.batch):
            if self.deliveries.claim(delivery, now + self.lease):
                self._send(delivery, now, done)
        if done:
            log.info("notifications: %s", done)
        return done

    # -- expanding notices into deliveries -----------------------------------------------------------------

    def _expand(self, now: datetime, done: Pass) -> None:
        staff: list[StaffMember] | None = None
        while rows := self.outbox.notices_after(self.deliveries.expanded_through(), self.batch):
            made: list[Delivery] = []
            for row in map(notice_row, rows):
                notice_id, kind = int(row["notice_id"]), NoticeKind(row["kind"])
                if now - datetime.fromisoformat(row["at"]) > self.max_age:
                    made.append(Delivery.of(notice_id, kind.value, row["subject"], "", "", DeliveryState.EXPIRED))
                    done.expired += 1
                    continue
                if staff is None and kind not in APPLICANT_KINDS:
                    staff = self.people.staff()
                made += self._deliveries(notice_id, kind, row, staff or [])
                done.expanded += 1
            self.deliveries.expand(made, int(rows[-1]["notice_id"]), now)

    def _deliveries(
        self, notice_id: int, kind: NoticeKind, row: dict[str, Any], staff: list[StaffMember]
    ) -> list[Delivery]:
        made: list[Delivery] = []
        for recipient in self._recipients(kind, row, staff):
            contact = self._contact(recipient)
            reaching = [c.name for c in self.channels if contact is not None and c.address(contact)]
            for channel in reaching or [""]:
                state = DeliveryState.PENDING if channel else DeliveryState.NO_ADDRESS
                made.append(Delivery.of(notice_id, kind.value, row["subject"], recipient, channel, state))
        return made

    def _recipients(self, kind: NoticeKind, row: dict[str, Any], staff: list[StaffMember]) -> list[str]:
        values = row["message_values"]
        holder = row["holder"] or self._holder_now(values.get("case_no", ""))
        by_id = {p.person_id: p for p in staff}
        found: list[str] = []
        for audience in AUDIENCES[kind]:
            if audience is Audience.APPLICANT:
                found.append(APPLICANT + row["subject"])
            elif audience is Audience.HOLDER and holder:
                found.append(PERSON + holder)
            elif audience is Audience.LEADERS and holder in by_id:
                found += [PERSON + p for p in leaders_of(by_id[holder], staff)]
            elif audience is Audience.DEPARTMENT_HEADS:
                found += [PERSON + p for p in heads_of(row["department"], staff)]
        return list(dict.fromkeys(found))  # the holder who is also a head is told once

    def _holder_now(self, case_no: str) -> str:
        """Who holds a case now (a supervision order's case), or "" if there is no such case."""
        if not case_no or not self.cases.has_case(case_no):
            return ""
        return self.cases.case(case_no).holder.person_id

    def _contact(self, recipient: str) -> Contact | None:
        """Where the recipient is reached now (None: nowhere)."""
        try:
            if recipient.startswith(APPLICANT):
                phone = self.cases.case(recipient.removeprefix(APPLICANT)).applicant.phone.replace(" ", "")
                return Contact(mobile=phone) if MOBILE.fullmatch(phone) else None
            if recipient.startswith(PERSON):
                return self.people.contact(recipient.removeprefix(PERSON))
        except DomainError:  # a person or case gone from the directory: no one to reach
            return None
        return None

    # -- sending ------------------------------------------------------------------------------------------

    def _send(self, delivery: Delivery, now: datetime, done: Pass) -> None:
        channel = next((c for c in self.channels if c.name == delivery.channel), None)
        contact = self._contact(delivery.recipient)
        address = channel.address(contact) if channel is not None and contact is not None else None
        if channel is None or address is None:
            self.deliveries.settle(delivery.key, DeliveryState.NO_ADDRESS, now, error="no address on this channel")
            done.unreachable += 1
            return
        row = self.outbox.notice(delivery.notice_id)
        values = notice_row(row)["message_values"] if row else {"case_no": delivery.subject}
        text = message(NoticeKind(delivery.kind), values, self.centre)
        attempts = delivery.attempts + 1
        try:
            channel.send(address, text, delivery.key)
        except SendFailed as failure:
            next_try = self.retry.next_try(attempts, now) if failure.retryable else None
            state = DeliveryState.RETRY if next_try else DeliveryState.FAILED
            self.deliveries.settle(delivery.key, state, now, error=str(failure)[:500], next_try=next_try)
            if next_try:
                done.retrying += 1
            else:
                done.failed += 1
            log.warning("delivery %s on %s: %s (attempt %d)", delivery.key, channel.name, failure, attempts)
            return
        self.deliveries.settle(delivery.key, DeliveryState.SENT, now)
        done.sent += 1
