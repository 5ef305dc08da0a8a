"""The server's HTTP protocol: uvicorn's httptools protocol, with Nagle's algorithm off on every
connection and each response sent in one write.

With ``--workers N`` uvicorn binds the listening socket itself, without ``IPPROTO_TCP``, and the event
loop then leaves ``TCP_NODELAY`` unset on accepted connections: every keep-alive response waits about
40 ms for the client's delayed ACK (uvicorn issue 3149). Setting it here, per connection, holds
whatever the socket's origin.

uvicorn writes a response's head and its body separately, each a ``send`` system call (and, with Nagle
off, a packet of its own): a good part of a server worker's time under load (ADR 11). The transport
here keeps what is written until the event loop's next turn and sends it as one.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class CoalescingTransport:
    """A transport whose writes in one turn of the event loop go out together, in order, at its end."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport, self._loop = transport, loop
        self._pending: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(bytes(data))

    def flush(self) -> None:
        if self._pending:
            data = b"".join(self._pending)
            self._pending.clear()
            if not self._transport.is_closing():
                self._transport.write(data)

    def close(self) -> None:
        self.flush()  # what was written still goes out before the connection closes
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class NoDelayHttpProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        coalescing = CoalescingTransport(transport, self.loop)
        super().connection_made(coalescing)  # type: ignore[arg-type]
