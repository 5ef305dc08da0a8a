"""``project``: rebuilding every view from a ledger of N events, against merely reading and decoding them."""

from __future__ import annotations

import time
from datetime import datetime
from itertools import islice
from typing import Any

from rich.console import Console

from benchmarks.memory import own_peak_mb
from benchmarks.places import bench_place
from benchmarks.report import print_rows
from domain.business_time import SHANGHAI
from infrastructure.demo.centre import load_centre
from infrastructure.demo.simulation import Simulator
from infrastructure.settings import Settings
from interface.composition import build_ledger, build_views

EVENTS_PER_CASE = 9.5  # what the demo's simulated year averages


def run(settings: Settings, events: int, console: Console) -> dict[str, Any]:
    with bench_place(settings) as place:
        ledger = build_ledger(place.settings)
        until = datetime(2026, 11, 26, 23, 59, tzinfo=SHANGHAI)
        centre = load_centre(ledger, seed=1)
        cases = Simulator(centre, ledger.working_days(2026), seed=1, until=until).cases(int(events / EVENTS_PER_CASE))
        while batch := list(islice(cases, 500)):
            ledger.import_cases(batch)
        head = ledger.recorder.max_notification_id() or 0
        started = time.perf_counter()
        decoded, start = 0, None
        while page := ledger.recorder.select_notifications(start, 2000, inclusive_of_start=False):
            decoded += sum(1 for event in ledger.domain_events(page) if event is not None)
            start = page[-1].id
        decode_seconds = time.perf_counter() - started
        views = build_views(place.settings, ledger)
        started = time.perf_counter()
        views.runner.rebuild()
        rebuild_seconds = time.perf_counter() - started
        views.close()
        ledger.close()
    row = {
        "bench": "project",
        "backend": place.backend,
        "events": head,
        "events_per_s": round(head / rebuild_seconds, 1),
        "decode_per_s": round(decoded / decode_seconds, 1),
        "ratio_decode": round((head / rebuild_seconds) / (decoded / decode_seconds), 3),
        "views": len(views.runner.projections),
        "peak_rss_mb": round(own_peak_mb(), 1),  # the whole run: generation, decoding and rebuild
    }
    columns = [("events", "events"), ("rebuild events/s (all views)", "events_per_s")]
    columns += [("read+decode events/s", "decode_per_s"), ("ratio", "ratio_decode"), ("peak RSS MB", "peak_rss_mb")]
    print_rows(console, f"project on {place.backend}", columns, [row])
    return row
