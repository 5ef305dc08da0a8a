"""``caseledger bench NAME``: one benchmark against CASELEDGER_DATABASE_URL (``make bench`` runs them all)."""

from __future__ import annotations

import argparse
from typing import Any

from rich.console import Console


def register(commands: Any) -> None:
    bench = commands.add_parser(
        "bench",
        help="run a benchmark (write, http, project, query) beside its baseline, on the configured database",
        description="write: case commands through the application at each concurrency, against raw one-row "
        "transactions and a plain eventsourcing application. http: the same commands through the real server, "
        "against the application layer. project: rebuilding every view against reading and decoding the same log. "
        "query: history, as-of, work queue and responsibility report at growing ledger sizes. "
        "Each prints a table, then one JSON line per result.",
    )
    bench.add_argument("name", choices=("write", "http", "project", "query"))
    from benchmarks.__main__ import add_options

    add_options(bench)
    bench.set_defaults(handler=run_bench)


def run_bench(args: argparse.Namespace, console: Console) -> int:
    from benchmarks.__main__ import run_one  # benchmarks build their own ledgers through the composition root

    run_one(args.name, args, console)
    return 0
