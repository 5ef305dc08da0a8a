"""``pages``: the console's pages, as the server makes them, at growing ledger sizes (100k and 1M events by
default), against a primary-key read of the same ledger.

The ledger grows as in ``query`` (the demo centre's cases, a busy centre's year a million events). At each
size, with the views caught up, a signed-in inspector (and, for the window, a clerk) asks each page
``samples`` times through the application in this process (no network: the server's own time, from the
request to its last byte): the supervision screen, a department, a case (with its timeline and custody
chart), the responsibility report by department, the quality dashboard, the audit page, a window, and a
case dossier as PDF. The target is a p95 under 300 ms for each page.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from rich.console import Console

from benchmarks.memory import own_peak_mb
from benchmarks.places import bench_place
from benchmarks.query import NOW, GrowingLedger, grow_and_catch_up
from benchmarks.report import print_rows
from domain.case.aggregate import Case
from infrastructure.demo.centre import load_centre
from infrastructure.demo.departments import DEPARTMENTS
from infrastructure.settings import Settings
from interface.api.app import create_app
from interface.composition import build_ledger, build_views

PASSWORD = "benchmark-password"  # noqa: S105 - set on the benchmark's own throwaway ledger
INSPECTOR, CLERK = "CENTRE-IN1", "SJJ-WC1"
TARGET_P95_MS = 300.0


def _signed_in(app: Any, person: str) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    page = client.get("/console/sign-in")
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    signed = client.post("/console/sign-in", data={"person": person, "password": PASSWORD, "csrf": csrf})
    if signed.status_code != 303:
        raise SystemExit(f"{person} could not sign in to the benchmark's console: {signed.status_code}")
    return client


def _timed(samples: int, ask: Callable[[], Any]) -> tuple[float, float]:
    ask()  # warm: templates compiled, caches filled
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        ask()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))]


def _pages(app: Any, inspector: TestClient, clerk: TestClient, sample: list[str]) -> dict[str, Callable[[], Any]]:
    rng = random.Random(13)
    departments = [code for code, *_ in DEPARTMENTS]
    recorder = app.state.ledger.store.recorder

    def get(client: TestClient, path: Callable[[], str]) -> Callable[[], Any]:
        def ask() -> Any:
            response = client.get(path())
            if response.status_code != 200:
                raise SystemExit(f"{response.request.url}: {response.status_code} {response.text[:300]}")
            return response

        return ask

    return {
        "pk_read (baseline)": lambda: recorder.select_events(Case.id_for(rng.choice(sample)), desc=True, limit=1),
        "supervision screen": get(inspector, lambda: "/console/supervision"),
        "department": get(inspector, lambda: f"/console/departments/{rng.choice(departments)}"),
        "case": get(inspector, lambda: f"/console/cases/{rng.choice(sample)}"),
        "responsibility": get(inspector, lambda: "/console/reports/responsibility?group=department"),
        "quality": get(inspector, lambda: "/console/quality"),
        "audit": get(inspector, lambda: "/console/audit"),
        "window": get(clerk, lambda: "/console/window"),
        "dossier PDF": get(inspector, lambda: f"/console/cases/{rng.choice(sample)}/dossier.pdf"),
    }


def run(settings: Settings, sizes: list[int], samples: int, console: Console) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with bench_place(settings) as place:
        ledger = build_ledger(place.settings)
        views = build_views(place.settings, ledger)
        growing = GrowingLedger(ledger, load_centre(ledger, seed=1))
        for person in (INSPECTOR, CLERK):
            ledger.people.set_password(person, PASSWORD)
        for size in sorted(sizes):
            head, _ = grow_and_catch_up(growing, views, place, size, console)
            app = create_app(place.settings, ledger=ledger, clock=lambda: NOW, background=False)
            inspector, clerk = _signed_in(app, INSPECTOR), _signed_in(app, CLERK)
            for name, ask in _pages(app, inspector, clerk, growing.sample).items():
                p50, p95 = _timed(samples, ask)
                rows.append(
                    {"bench": "pages", "backend": place.backend, "events": head, "page": name}
                    | {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "peak_rss_mb": round(own_peak_mb(), 1)}
                )
                console.print(f"{head:,} events: {name} p50 {p50:.1f} ms, p95 {p95:.1f} ms", highlight=False)
            app.state.command_threads.shutdown()
            app.state.views.close()
        views.close()
        ledger.close()
    for size in {r["events"] for r in rows}:
        base = next(r["p95_ms"] for r in rows if r["events"] == size and r["page"].startswith("pk_read"))
        for r in rows:
            if r["events"] == size:
                r["p95_vs_pk_read"] = round(r["p95_ms"] / base, 1) if base else None
                r["under_target"] = r["p95_ms"] < TARGET_P95_MS
    _print(rows, samples, console)
    return rows


def _print(rows: list[dict[str, Any]], samples: int, console: Console) -> None:
    backend = rows[0]["backend"] if rows else "-"
    columns = [("events", "events"), ("page", "page"), ("p50 ms", "p50_ms"), ("p95 ms", "p95_ms")]
    columns += [("p95 / pk read", "p95_vs_pk_read"), ("under 300 ms", "under_target"), ("peak RSS MB", "peak_rss_mb")]
    print_rows(console, f"pages: {samples} samples each on {backend}", columns, rows)
