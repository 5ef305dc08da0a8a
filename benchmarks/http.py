"""``http``: the write benchmark's case commands through the real server, against the application layer.

The server is ``caseledger serve --workers W`` in its own processes; the load comes from a generator in
another process (threads with keep-alive connections, one command stream each). The baseline is the
same command stream through the application layer, measured in the same run on the same database.
"""

from __future__ import annotations

import http.client
import itertools
import json
import multiprocessing
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from rich.console import Console

from benchmarks.memory import PeakMemory
from benchmarks.places import bench_place
from benchmarks.report import print_rows
from benchmarks.timing import Run, hammer
from benchmarks.write import CLERK_ID, HANDLER_ID, ITEM, application_rate, prepare_centre
from infrastructure.settings import Settings
from interface.composition import build_ledger
from interface.processes import api_server


def _http_worker(url: str, tokens: dict[str, str], index: int) -> Callable[[], None]:
    """One client's stream of commands over one keep-alive connection: receive, accept, hand off, take
    over, complete the first step; a refusal stops the benchmark (it would measure errors, not work)."""
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=60)
    serial = itertools.count()
    state: dict[str, Any] = {"case": None, "step": 0}

    def post(user: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {tokens[user]}", "Content-Type": "application/json"}
        connection.request("POST", path, json.dumps(body), headers)
        response = connection.getresponse()
        answer: dict[str, Any] = json.loads(response.read())
        if response.status not in (200, 201):
            raise RuntimeError(f"POST {path} answered {response.status}: {answer}")
        return answer

    def command() -> None:
        case_no, step = state["case"], state["step"]
        if case_no is None or step == 5:
            applicant = {"name": "张三", "id_number": f"S{index}-{next(serial)}"}
            state["case"] = post(CLERK_ID, "/cases", {"item_code": ITEM.code, "applicant": applicant})["case_no"]
            state["step"] = 1
            return
        if step == 1:
            post(CLERK_ID, f"/cases/{case_no}/acceptance", {})
        elif step == 2:
            post(CLERK_ID, f"/cases/{case_no}/hand-off", {"to_person_id": HANDLER_ID})
        elif step == 3:
            post(HANDLER_ID, f"/cases/{case_no}/hand-off/receipt", {})
        else:
            post(HANDLER_ID, f"/cases/{case_no}/step/completion", {"opinion": "同意"})
        state["step"] = step + 1

    return command


def _drive(url: str, tokens: dict[str, str], concurrency: int, seconds: float, results: Any) -> None:
    """The load generator (runs in its own process)."""
    run = hammer(concurrency, seconds, lambda i: _http_worker(url, tokens, i))
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
            tokens = {p: ledger.issue_token(p, label="bench").token for p in (CLERK_ID, HANDLER_ID)}
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
