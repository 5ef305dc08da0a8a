"""The server protocol turns Nagle's algorithm off even on a socket bound the way ``--workers N`` binds it."""

from __future__ import annotations

import asyncio
import http.client
import socket
import threading
from typing import Any

import uvicorn

from interface.api.http_protocol import CoalescingTransport, NoDelayHttpProtocol

SEEN: list[int] = []


class Probe(NoDelayHttpProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        SEEN.append(transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


async def hello(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


def test_accepted_connections_have_tcp_nodelay_on_a_listener_without_ipproto_tcp() -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # proto 0, as uvicorn's bind_socket makes it
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(hello, http=Probe, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[listener])), daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            threading.Event().wait(0.05)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/")
        assert connection.getresponse().read() == b"ok"
        connection.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()
    assert SEEN and all(SEEN)


def test_a_response_is_sent_in_one_write() -> None:
    class Recording:
        def __init__(self) -> None:
            self.writes: list[bytes] = []
            self.closed = False

        def write(self, data: bytes) -> None:
            self.writes.append(data)

        def is_closing(self) -> bool:
            return self.closed

        def close(self) -> None:
            self.closed = True

    async def respond() -> list[bytes]:
        inner = Recording()
        transport = CoalescingTransport(inner, asyncio.get_running_loop())  # type: ignore[arg-type]
        transport.write(b"HTTP/1.1 200 OK\r\n\r\n")
        transport.write(b"hello")
        assert inner.writes == []  # nothing sent within the turn
        await asyncio.sleep(0)
        transport.write(b"bye")
        transport.close()  # what is pending goes out before the close
        return inner.writes

    assert asyncio.run(respond()) == [b"HTTP/1.1 200 OK\r\n\r\nhello", b"bye"]
