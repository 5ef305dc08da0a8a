"""``http``: the write benchmark's case commands through the real server, against the application layer.

The server is ``caseledger serve --workers W`` in its own processes; the load comes from a generator in
another process (asyncio clients on keep-alive connections, one command stream each). The baseline is the
same command stream through the application layer, measured in the same run on the same database.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import multiprocessing
import socket
import time
from typing import Any
from urllib.parse import urlsplit

import uvloop
from rich.console import Console

from benchmarks.memory import PeakMemory
from benchmarks.places import bench_place
from benchmarks.report import print_rows
from benchmarks.timing import Run
from benchmarks.write import CLERK_ID, HANDLER_ID, ITEM, application_rate, prepare_centre
from infrastructure.settings import Settings
from interface.composition import build_ledger
from interface.processes import api_server
from interface.runtime import settle_process


class _Client:
    """One client's stream of commands over one keep-alive connection: receive, accept, hand off, take
    over, complete the first step; a refusal stops the benchmark (it would measure errors, not work).

    It speaks HTTP/1.1 itself on an asyncio stream: the generator shares the machine's cores with the
    server, and a thread per connection through ``http.client`` took a fifth of them at concurrency 32.
    """

    def __init__(self, host: str, port: int, tokens: dict[str, str], index: int) -> None:
        self.host, self.port, self.index = host, port, index
        self.authorizations = {user: f"Bearer {token}" for user, token in tokens.items()}
        self.serial = itertools.count()
        self.case: str | None = None
        self.step = 0

    async def connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    async def run(self, deadline: float, latencies: list[float]) -> None:
        try:
            while (now := time.perf_counter()) < deadline:
                await self.command()
                latencies.append(time.perf_counter() - now)
        finally:
            self.writer.close()

    async def post(self, user: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        payload = json.dumps(body).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: {self.authorizations[user]}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
        )
        self.writer.write(head.encode() + payload)
        status, answer = await _response(self.reader)
        if status not in (200, 201):
            raise RuntimeError(f"POST {path} answered {status}: {answer}")
        return answer

    async def command(self) -> None:
        post = self.post
        case_no, step = self.case, self.step
        if case_no is None or step == 5:
            applicant = {"name": "张三", "id_type": "other", "id_number": f"S{self.index}-{next(self.serial)}"}
            self.case = (await post(CLERK_ID, "/cases", {"item_code": ITEM.code, "applicant": applicant}))["case_no"]
            self.step = 1
            return
        if step == 1:
            await post(CLERK_ID, f"/cases/{case_no}/acceptance", {})
        elif step == 2:
            await post(CLERK_ID, f"/cases/{case_no}/hand-off", {"to_person_id": HANDLER_ID})
        elif step == 3:
            await post(HANDLER_ID, f"/cases/{case_no}/hand-off/receipt", {})
        else:
            await post(HANDLER_ID, f"/cases/{case_no}/step/completion", {"opinion": "同意"})
        self.step = step + 1


async def _response(reader: asyncio.StreamReader) -> tuple[int, dict[str, Any]]:
    """A response's status and JSON body (the server always sends a Content-Length)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = next(int(line.split(b":", 1)[1]) for line in lines if line.lower().startswith(b"content-length:"))
    body: dict[str, Any] = json.loads(await reader.readexactly(length))
    return int(lines[0].split()[1]), body


async def _clients(url: str, tokens: dict[str, str], concurrency: int, seconds: float) -> Run:
    address = urlsplit(url)
    clients = [_Client(address.hostname or "127.0.0.1", address.port or 80, tokens, i) for i in range(concurrency)]
    for client in clients:
        # One at a time, a moment apart: the server's workers share one listening socket, and a burst
        # of connections is accepted by whichever worker wakes first (27 of 32 went to one of two).
        await client.connect()
        await asyncio.sleep(0.01)
    latencies: list[list[float]] = [[] for _ in clients]
    began = time.perf_counter()
    await asyncio.gather(*(c.run(began + seconds, mine) for c, mine in zip(clients, latencies, strict=True)))
    return Run.of([x for xs in latencies for x in xs], time.perf_counter() - began)


def _drive(url: str, tokens: dict[str, str], concurrency: int, seconds: float, results: Any) -> None:
    """The load generator (runs in its own process)."""
    settle_process()
    run = uvloop.run(_clients(url, tokens, concurrency, seconds))
    results.put((run.operations, run.seconds, run.p50_ms, run.p99_ms))


def http_rate(url: str, tokens: dict[str, str], concurrency: int, seconds: float) -> Run:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    generator = context.Process(target=_drive, args=(url, tokens, concurrency, seconds, results))
    generator.start()
    outcome = results.get(timeout=seconds + 120)
    generator.join()
    return Run(*outcome)


def run(
    settings: Settings, concurrencies: list[int], seconds: float, workers: int, console: Console
) -> list[dict[str, Any]]:
    rows = []
    for concurrency in concurrencies:
        with bench_place(settings) as place:
            ledger = build_ledger(place.settings)
            prepare_centre(ledger)
            tokens = {p: ledger.people.issue_token(p, label="bench").token for p in (CLERK_ID, HANDLER_ID)}
            ledger.close()
            with api_server(place.settings.database_url, workers=workers) as server, PeakMemory(server.pid) as memory:
                time.sleep(1.0)  # every worker up (the first answer came from one of them)
                over_http = http_rate(server.url, tokens, concurrency, seconds)
        with bench_place(settings) as place:
            in_process = application_rate(place, concurrency, seconds, processes=workers)
        rows.append(
            {
                "bench": "http",
                "backend": place.backend,
                "workers": workers,
                "concurrency": concurrency,
                "http_per_s": round(over_http.per_second, 1),
                "app_per_s": round(in_process.per_second, 1),
                "ratio_app": round(over_http.per_second / in_process.per_second, 3) if in_process.per_second else None,
                "p50_ms": round(over_http.p50_ms, 2),
                "p99_ms": round(over_http.p99_ms, 2),
                "server_peak_rss_mb": round(memory.peak_mb, 1),
            }
        )
    backend = rows[0]["backend"] if rows else "-"
    print_rows(
        console,
        f"http: case commands through {workers} server workers on {backend}",
        [
            ("concurrency", "concurrency"),
            ("http cmd/s", "http_per_s"),
            ("application cmd/s", "app_per_s"),
            ("http/application", "ratio_app"),
            ("p50 ms", "p50_ms"),
            ("p99 ms", "p99_ms"),
            ("peak RSS MB (one process)", "server_peak_rss_mb"),
        ],
        rows,
    )
    return rows
