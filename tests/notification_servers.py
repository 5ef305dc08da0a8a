"""Real servers on 127.0.0.1 standing in for the centre's SMS gateway and mail server.

``SmsGatewayServer`` is an HTTP server that takes the ledger's JSON posts as an operator's gateway does:
it texts each message id once (a repeat is answered 200 and not texted again), and it can be told to
fail the next requests, or to hold one request until released (to kill the sender while it waits).
``MailServer`` is an SMTP server (aiosmtpd) that keeps every message it accepted; it can hold one
message's DATA likewise, and, as RFC 5321 says, keeps a message only if its client is still there to
be told it was accepted.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from interface.processes import free_port


@dataclass
class Hold:
    """Hold the ``at``-th message (counted from 1) until ``release`` is set; ``arrived`` says it came."""

    at: int
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


class SmsGatewayServer:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []  # every request, repeats included
        self.texted: dict[str, dict[str, Any]] = {}  # by message id: the messages really texted
        self.fail_next = 0  # answer this many next requests with 503
        self.refuse_next = 0  # answer this many next requests with 400
        self.hold: Hold | None = None
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with gateway.lock:
                    gateway.requests.append(body)
                    held = gateway.hold if gateway.hold and len(gateway.requests) == gateway.hold.at else None
                    status = 200
                    if gateway.fail_next:
                        gateway.fail_next, status = gateway.fail_next - 1, 503
                    elif gateway.refuse_next:
                        gateway.refuse_next, status = gateway.refuse_next - 1, 400
                    elif body["msg_id"] not in gateway.texted:
                        gateway.texted[body["msg_id"]] = body  # taken: the gateway texts it, whatever follows
                if held is not None:
                    held.arrived.set()
                    held.release.wait(30)
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"{}")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the sender died while the request was held

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms/send"

    def texts_to(self, mobile: str) -> list[str]:
        return [m["content"] for m in self.texted.values() if m["mobile"] == mobile]


class _Keeper:
    def __init__(self, server: MailServer) -> None:
        self.server = server

    async def handle_DATA(self, smtp: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        mail = self.server
        with mail.lock:
            mail.arrived += 1
            held = mail.hold if mail.hold and mail.arrived == mail.hold.at else None
        if held is not None:
            held.arrived.set()
            while not held.release.is_set():
                await asyncio.sleep(0.02)
            if smtp.transport is None or smtp.transport.is_closing():
                return "421 the client went away"  # never told it was accepted: not accepted (RFC 5321 6.1)
        content = envelope.content if isinstance(envelope.content, bytes) else str(envelope.content).encode()
        parsed = message_from_bytes(content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        with mail.lock:
            mail.messages.append(parsed)
        return "250 OK"


class MailServer:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []  # every message accepted, repeats included
        self.arrived = 0
        self.hold: Hold | None = None
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(_Keeper(self), hostname="127.0.0.1", port=self.port)

    def message_ids(self) -> list[str]:
        return [str(m["Message-ID"]) for m in self.messages]

    def bodies_to(self, address: str) -> list[str]:
        return [m.get_content().strip() for m in self.messages if m["To"] == address]


@contextmanager
def sms_gateway() -> Iterator[SmsGatewayServer]:
    gateway = SmsGatewayServer()
    thread = threading.Thread(target=gateway.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        if gateway.hold:
            gateway.hold.release.set()
        gateway.server.shutdown()
        gateway.server.server_close()


@contextmanager
def mail_server() -> Iterator[MailServer]:
    mail = MailServer()
    mail.controller.start()
    try:
        yield mail
    finally:
        if mail.hold:
            mail.hold.release.set()
        mail.controller.stop()
