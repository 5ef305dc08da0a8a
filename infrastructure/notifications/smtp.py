"""E-mail over SMTP (for staff: warnings and supervision orders). The delivery's key is the message's
Message-ID, so a message sent again after a crash is recognisably the same message."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from application.notifications.ports import Message, SendFailed
from domain.organisation.directory import Contact


class SmtpChannel:
    name = "email"

    def __init__(self, host: str, port: int, sender: str, *, starttls: bool = False, timeout: float = 10.0) -> None:
        self.host, self.port, self.sender, self.starttls, self.timeout = host, port, sender, starttls, timeout

    def address(self, contact: Contact) -> str | None:
        return contact.email or None

    def send(self, address: str, message: Message, key: str) -> None:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self.sender, address, message.subject
        mail["Message-ID"] = f"<{key}@{self.sender.rpartition('@')[2] or 'caseledger'}>"
        mail.set_content(message.text)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as error:
            raise SendFailed(f"recipient refused: {address}", retryable=False) from error
        except smtplib.SMTPResponseException as error:
            raise SendFailed(f"server answered {error.smtp_code}", retryable=error.smtp_code < 500) from error
        except (smtplib.SMTPException, OSError) as error:
            raise SendFailed(f"server unreachable: {error}") from error
