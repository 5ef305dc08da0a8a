"""The server's HTTP protocol: uvicorn's httptools protocol, with Nagle's algorithm off on every connection.

With ``--workers N`` uvicorn binds the listening socket itself, without ``IPPROTO_TCP``, and the event
loop then leaves ``TCP_NODELAY`` unset on accepted connections: every keep-alive response waits about
40 ms for the client's delayed ACK (uvicorn issue 3149). Setting it here, per connection, holds
whatever the socket's origin.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class NoDelayHttpProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
