"""``caseledger project`` and ``caseledger watch``: the projection worker, rebuilds, status, the watcher."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from domain.business_time import SHANGHAI
from infrastructure.settings import Settings
from infrastructure.views.wakeup import wakeup_for
from interface.cli.index import summary
from interface.composition import opened
from interface.rebuild import default_parts, rebuild_in_parts

if TYPE_CHECKING:
    from application.ledger import CaseLedger


def register(commands: Any) -> None:
    project = commands.add_parser("project", help=summary("project"), description=__doc__)
    sub = project.add_subparsers(dest="project_command", required=True, metavar="ACTION")
    run = sub.add_parser("run", help="keep the views up to date (woken by NOTIFY on PostgreSQL, polling on SQLite)")
    run.add_argument("--once", action="store_true", help="catch up once and exit")
    run.add_argument("--interval", type=float, default=5.0, help="longest wait between catch-ups (seconds)")
    run.set_defaults(handler=run_worker)
    rebuild = sub.add_parser("rebuild", help="rebuild views from the start of the log, with progress")
    rebuild.add_argument("names", nargs="*", metavar="NAME", help="views to rebuild (default: all)")
    rebuild.add_argument(
        "--parts",
        type=int,
        default=None,
        help="processes folding at once, each its share of the cases (default: one per core on PostgreSQL, "
        "one on SQLite, whose writers take turns)",
    )
    rebuild.set_defaults(handler=rebuild_views)
    status = sub.add_parser("status", help="each view's position, lag and state")
    status.set_defaults(handler=show_status)
    watch = commands.add_parser(
        "watch",
        help=summary("watch"),
        description="Record warning and breach events for every clock threshold crossed (prompt, yellow, red, "
        "statutory breach), once each, with the instant it was really crossed.",
    )
    watch.add_argument("--once", action="store_true", help="check once and exit")
    watch.add_argument("--interval", type=float, default=60.0, help="seconds between checks")
    watch.set_defaults(handler=run_watcher)


def stopping() -> threading.Event:
    """An event set by SIGINT or SIGTERM, so workers finish their batch and exit."""
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def each_wakeup(settings: Settings, ledger: CaseLedger, *, once: bool, interval: float) -> Iterator[None]:
    """A worker's passes: one at once, then one whenever the ledger records something (NOTIFY on
    PostgreSQL) or ``interval`` seconds have passed, until SIGINT or SIGTERM (or after one, ``once``)."""
    stop = stopping()
    wakeup = wakeup_for(settings, getattr(ledger.store.recorder, "channel_name", None))
    try:
        while not stop.is_set():
            yield
            if once:
                break
            wakeup.wait(interval)
    finally:
        wakeup.close()


def run_worker(args: argparse.Namespace, console: Console) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = Settings.from_env()
    with opened(settings) as (ledger, views):
        for _ in each_wakeup(settings, ledger, once=args.once, interval=args.interval):
            try:
                applied = views.runner.catch_up()
            except Exception:  # the database gone a moment: the worker stays up and tries again
                if args.once:
                    raise
                logging.getLogger("caseledger.projections").exception("catch-up failed; trying again")
                applied = 0
            if applied:
                console.print(f"{datetime.now(tz=SHANGHAI):%H:%M:%S} applied {applied} events", highlight=False)
    return 0


def rebuild_views(args: argparse.Namespace, console: Console) -> int:
    settings = Settings.from_env()
    parts = args.parts if args.parts is not None else default_parts(settings)
    with opened(settings) as (_, views):
        names = args.names or [p.name for p in views.runner.projections]
        for name in names:
            views.runner.projection(name)  # an unknown name fails before anything is dropped
    columns = (TextColumn("{task.description:<16}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    started = time.perf_counter()
    with Progress(*columns, console=console) as progress:
        tasks = {name: progress.add_task(name, total=None) for name in names}
        rebuilt = rebuild_in_parts(settings, names, parts, lambda name, n: progress.advance(tasks[name], n))
        for task in tasks.values():
            progress.update(task, total=progress.tasks[task].completed)
    elapsed = time.perf_counter() - started
    console.print(
        f"rebuilt {', '.join(names)} in {parts} part{'s' if parts > 1 else ''}: {rebuilt.applied} events applied "
        f"from a log of {rebuilt.head} in {elapsed:.1f} s"
    )
    if rebuilt.stopped:
        console.print(
            f"[red]not rebuilt, stopped on a poison event[/]: {'; '.join(rebuilt.stopped)}; the live views serve on"
        )
        return 1
    return 0


def show_status(args: argparse.Namespace, console: Console) -> int:
    table = Table("view", "position", "lag", "state", "updated", "error", title="Views")
    stopped = False
    with opened(Settings.from_env()) as (_, views):
        for status, lag in views.runner.statuses():
            state = "[red]stopped[/]" if status.stopped else ("up to date" if lag == 0 else "behind")
            stopped = stopped or status.stopped
            updated = f"{status.updated_at:%Y-%m-%d %H:%M:%S}" if status.updated_at else "-"
            table.add_row(status.name, str(status.position), str(lag), state, updated, status.error or "")
    console.print(table)
    return 1 if stopped else 0


def run_watcher(args: argparse.Namespace, console: Console) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stop = stopping()
    fixed_now = os.environ.get("CASELEDGER_WATCH_NOW")  # a set instant, for replaying a past day
    with opened(Settings.from_env()) as (_, views):
        while not stop.is_set():
            now = datetime.fromisoformat(fixed_now) if fixed_now else datetime.now(tz=SHANGHAI)
            recorded = views.watcher.run_once(now)
            clock = f"{datetime.now(tz=SHANGHAI):%H:%M:%S}"
            console.print(f"{clock} recorded {recorded} warnings and breaches", highlight=False)
            if args.once:
                break
            stop.wait(args.interval)
    return 0
