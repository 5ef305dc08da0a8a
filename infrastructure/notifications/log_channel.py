"""The log channel: every message written to the ``caseledger.notify.sent`` log (the default, when no
SMS gateway or SMTP server is configured: a centre sees what would be sent before it connects one)."""

from __future__ import annotations

import logging

from application.notifications.ports import Message
from domain.organisation.directory import Contact

log = logging.getLogger("caseledger.notify.sent")


class LogChannel:
    name = "log"

    def address(self, contact: Contact) -> str | None:
        return contact.mobile or contact.email or None

    def send(self, address: str, message: Message, key: str) -> None:
        log.info("%s to %s: %s", key, address, message.text)
