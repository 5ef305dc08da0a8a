"""``query``: what auditors and inspectors ask, at growing ledger sizes, against a primary-key read.

One ledger grows through each size in turn (100k, 1M, 10M events by default 100k and 1M): the demo
centre's simulated cases, received at the steady rate of a busy centre (``EVENTS_PER_YEAR``), a month
at a time going back from the ledger's present (``NOW``). A small ledger is the centre's last weeks, a
large one many years of it: the centre, its staff and its open cases are the same at every size, only
its history grows (a department's 2026 fills up until 1M, then stays). Each month's cases run on to
the present or 180 days past the month, so only the last months' cases are open. At each size, with
the views caught up, every query runs ``samples`` times on random cases and departments:

- ``history``: a case's full history with the clocks after each event (read from the event store);
- ``as_of``: a case as it stood three days after its receipt (bitemporal replay);
- ``queue``: a department's work queue (view);
- ``responsibility``: a department's responsibility totals by person for 2026 (view, SQL aggregation);
- ``pk_read`` (the baseline): the last stored event of a case by its id, the floor of any query here.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from itertools import islice
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from application.ledger import CaseLedger
from application.reports.filters import ReportFilters
from benchmarks.memory import own_peak_mb
from benchmarks.places import bench_place
from benchmarks.report import print_rows
from domain.business_time import SHANGHAI
from domain.case.aggregate import Case
from infrastructure.demo.centre import DemoCentre, load_centre
from infrastructure.demo.departments import DEPARTMENTS
from infrastructure.demo.simulation import Simulator
from infrastructure.settings import Settings
from interface.composition import Views, build_ledger, build_views

EVENTS_PER_CASE = 9.5  # what the simulated cases average
EVENTS_PER_YEAR = 1_000_000  # a busy centre's year
MONTH = 30  # days of receipts simulated together
TODAY = date(2026, 11, 26)
KEPT_CASES = 2_000  # case numbers kept (a reservoir sample) to query
NOW = datetime(2026, 11, 26, 18, tzinfo=SHANGHAI)  # the ledger's present
RUNS_ON = 180  # days a month's last cases get to conclude


class GrowingLedger:
    """Adds simulated cases, a month at a time going back from ``NOW``, keeping a sample of case numbers."""

    def __init__(self, ledger: CaseLedger, centre: DemoCentre) -> None:
        self.ledger, self.centre = ledger, centre
        self.rng = random.Random(7)
        self.sample: list[str] = []
        self.seen = 0
        self.month_end, self.month_events, self.chunk = NOW, 0, 0

    def grow_to(self, events: int, progress: Progress) -> None:
        head = self.ledger.store.recorder.max_notification_id() or 0
        task = progress.add_task(f"ledger to {events:,} events", total=events, completed=head)
        per_month = EVENTS_PER_YEAR * MONTH // 365
        while head < events:
            if self.month_events >= per_month:
                self.month_end, self.month_events = self.month_end - timedelta(days=MONTH), 0
            wanted = min(events - head, per_month - self.month_events)
            # A month's cases run on as they would have: only the last months' cases are still open.
            until = min(self.month_end + timedelta(days=RUNS_ON), NOW)
            simulator = Simulator(
                self.centre,
                self.ledger.calendars.working_days(until.year),
                seed=self.chunk,
                until=until,
                received_until=self.month_end,
                received_days=MONTH,
            )
            cases = simulator.cases(max(1, int(wanted / EVENTS_PER_CASE)), case_no_prefix=f"Q{self.chunk}")
            self.chunk += 1
            while batch := list(islice(cases, 500)):
                self.ledger.cases.import_cases(batch)
                self._keep(case.case_no for case in batch)
                now = self.ledger.store.recorder.max_notification_id() or 0
                self.month_events += now - head
                progress.update(task, completed=min(now, events))
                head = now

    def _keep(self, numbers: Any) -> None:
        for case_no in numbers:  # reservoir sampling: every case equally likely to be kept
            self.seen += 1
            if len(self.sample) < KEPT_CASES:
                self.sample.append(case_no)
            elif (slot := self.rng.randrange(self.seen)) < KEPT_CASES:
                self.sample[slot] = case_no


def _advance(progress: Progress, task: TaskID, _view: str, applied: int) -> None:
    progress.advance(task, applied)


def grow_and_catch_up(
    growing: GrowingLedger, views: Views, place: Any, size: int, console: Console
) -> tuple[int, float]:
    """The ledger grown to ``size`` events and the views caught up with it (with progress bars), then
    analysed as autovacuum would: the head's position and the seconds the views took."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        growing.grow_to(size, progress)
        lag = sum(behind for _, behind in views.runner.statuses())
        task = progress.add_task("views catching up (events × views)", total=lag)
        started = time.perf_counter()
        views.runner.catch_up(progress=partial(_advance, progress, task))
        seconds = time.perf_counter() - started
    # What autovacuum does after such growth (this server runs without it): without statistics the
    # planner takes a case's few events for hundreds of thousands and scans in parallel.
    views.runner.analyze()
    place.analyze_events()
    return growing.ledger.store.recorder.max_notification_id() or 0, seconds


def _timed(samples: int, query: Callable[[], Any]) -> tuple[float, float]:
    query()  # warm: the first call pays for caches that every later one shares
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        query()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def _queries(ledger: CaseLedger, views: Views, sample: list[str]) -> dict[str, Callable[[], Any]]:
    rng = random.Random(11)
    calendar = ledger.calendars.working_days(TODAY.year)
    departments = [code for code, *_ in DEPARTMENTS]

    def history() -> Any:
        return ledger.audit.history(rng.choice(sample))

    def as_of() -> Any:
        case_no = rng.choice(sample)
        received = datetime.strptime(case_no.split("-")[1], "%Y%m%d").replace(hour=18, tzinfo=SHANGHAI)
        return ledger.audit.case_as_of(case_no, business_time=received + timedelta(days=3))

    def queue() -> Any:
        filters = ReportFilters(department=rng.choice(departments))
        return views.reports.run("queue", filters, TODAY, calendar)

    def responsibility() -> Any:
        filters = ReportFilters(
            department=rng.choice(departments), date_from=date(2026, 1, 1), date_to=date(2026, 12, 31)
        )
        return views.reports.run("responsibility", filters, TODAY, calendar)

    def pk_read() -> Any:
        return ledger.store.recorder.select_events(Case.id_for(rng.choice(sample)), desc=True, limit=1)

    return {
        "pk_read": pk_read,
        "history": history,
        "as_of": as_of,
        "queue": queue,
        "responsibility": responsibility,
    }


def run(settings: Settings, sizes: list[int], samples: int, console: Console) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with bench_place(settings) as place:
        ledger = build_ledger(place.settings)
        views = build_views(place.settings, ledger)
        growing = GrowingLedger(ledger, load_centre(ledger, seed=1))
        caught_up = 0
        for size in sorted(sizes):
            head, seconds = grow_and_catch_up(growing, views, place, size, console)
            catch_up = round((head - caught_up) / seconds, 1) if seconds else None
            console.print(
                f"{head:,} events: views caught up with {head - caught_up:,} new events at {catch_up} events/s"
            )
            caught_up = head
            if not growing.sample:
                raise SystemExit(f"{size:,} events is fewer than the demo centre's own ({head:,}): no case to query")
            for name, query in _queries(ledger, views, growing.sample).items():
                p50, p99 = _timed(samples, query)
                rows.append(
                    {"bench": "query", "backend": place.backend, "events": head, "query": name}
                    | {"p50_ms": round(p50, 2), "p99_ms": round(p99, 2), "peak_rss_mb": round(own_peak_mb(), 1)}
                    | {"catch_up_events_per_s": catch_up}
                )
                console.print(f"{head:,} events: {name} p50 {p50:.2f} ms, p99 {p99:.2f} ms", highlight=False)
        views.close()
        ledger.close()
    smallest = {r["query"]: r for r in rows if r["events"] == rows[0]["events"]}
    for r in rows:
        base = smallest[r["query"]]["p99_ms"]
        r["p99_vs_smallest"] = round(r["p99_ms"] / base, 2) if base else None
    _print(rows, samples, console)
    return rows


def _print(rows: list[dict[str, Any]], samples: int, console: Console) -> None:
    backend = rows[0]["backend"] if rows else "-"
    columns = [("events", "events"), ("query", "query"), ("p50 ms", "p50_ms"), ("p99 ms", "p99_ms")]
    columns += [("p99 / smallest ledger", "p99_vs_smallest"), ("peak RSS MB", "peak_rss_mb")]
    print_rows(console, f"query: {samples} samples each on {backend}", columns, rows)
