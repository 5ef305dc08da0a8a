"""``caseledger bench NAME``: one benchmark against CASELEDGER_DATABASE_URL (``make bench`` runs them all)."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console

from infrastructure.settings import Settings


def register(commands: Any) -> None:
    bench = commands.add_parser(
        "bench",
        help="run a benchmark (write, project) beside its baseline, on the configured database",
        description="write: case commands through the application at each concurrency, against raw one-row "
        "transactions and a plain eventsourcing application. project: rebuilding every view against reading and "
        "decoding the same log. Each prints a table, then one JSON line per result.",
    )
    bench.add_argument("name", choices=("write", "project"))
    bench.add_argument("--concurrency", type=int, action="append", help="write: repeatable (default 1, 8, 32)")
    bench.add_argument("--seconds", type=float, default=5.0, help="write: seconds per measurement")
    bench.add_argument("--events", type=int, default=200_000, help="project: size of the ledger rebuilt")
    bench.set_defaults(handler=run_bench)


def run_bench(args: argparse.Namespace, console: Console) -> int:
    from benchmarks import project, write  # benchmarks build their own ledgers through the composition root

    if args.name == "write":
        write.run(Settings.from_env(), args.concurrency or [1, 8, 32], args.seconds, console)
    else:
        project.run(Settings.from_env(), args.events, console)
    return 0
