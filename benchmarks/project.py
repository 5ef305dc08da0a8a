"""``project``: rebuilding every view from a ledger of N events, against merely reading and decoding them.

The rebuild is measured in one part (one process folding every event) and, where the database lets
several writers work at once (PostgreSQL), in as many parts as ``processes`` (``--parts`` of
``caseledger project rebuild``); the baseline reads and decodes the log in one process.
"""

from __future__ import annotations

import time
from datetime import datetime
from itertools import islice
from typing import Any

from rich.console import Console

from application.projections.views import all_views
from benchmarks.memory import own_peak_mb
from benchmarks.places import bench_place
from benchmarks.report import print_rows
from domain.business_time import SHANGHAI
from infrastructure.demo.centre import load_centre
from infrastructure.demo.simulation import Simulator
from infrastructure.settings import Settings
from interface.composition import build_ledger
from interface.rebuild import rebuild_in_parts

EVENTS_PER_CASE = 9.5  # what the demo's simulated year averages


def run(settings: Settings, events: int, processes: int, console: Console) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with bench_place(settings) as place:
        ledger = build_ledger(place.settings)
        until = datetime(2026, 11, 26, 23, 59, tzinfo=SHANGHAI)
        centre = load_centre(ledger, seed=1)
        cases = Simulator(centre, ledger.calendars.working_days(2026), seed=1, until=until).cases(
            int(events / EVENTS_PER_CASE)
        )
        while batch := list(islice(cases, 500)):
            ledger.cases.import_cases(batch)
        head = ledger.store.recorder.max_notification_id() or 0
        started = time.perf_counter()
        decoded, start = 0, None
        while page := ledger.store.recorder.select_notifications(start, 2000, inclusive_of_start=False):
            decoded += sum(1 for event in ledger.store.domain_events(page) if event is not None)
            start = page[-1].id
        decode_per_s = decoded / (time.perf_counter() - started)
        ledger.close()
        for parts in sorted({1, processes if place.backend == "postgres" else 1}):
            started = time.perf_counter()
            rebuilt = rebuild_in_parts(place.settings, None, parts, None)
            rebuild_per_s = rebuilt.head / (time.perf_counter() - started)
            rows.append(
                {"bench": "project", "backend": place.backend, "events": head, "parts": parts}
                | {"events_per_s": round(rebuild_per_s, 1), "decode_per_s": round(decode_per_s, 1)}
                | {"ratio_decode": round(rebuild_per_s / decode_per_s, 3), "views": len(all_views())}
                # this process over the whole run (generation, decoding, the rebuild in one), and the parts'
                | {"peak_rss_mb": round(own_peak_mb(), 1), "parts_peak_rss_mb": round(rebuilt.parts_peak_mb, 1)}
            )
    columns = [("events", "events"), ("parts (processes)", "parts"), ("rebuild events/s (all views)", "events_per_s")]
    columns += [("read+decode events/s", "decode_per_s"), ("ratio", "ratio_decode"), ("peak RSS MB", "peak_rss_mb")]
    columns += [("parts' peak RSS MB", "parts_peak_rss_mb")]
    print_rows(console, f"project on {rows[0]['backend']}", columns, rows)
    return rows
