"""``caseledger-bench [NAME ...]`` or ``python -m benchmarks [NAME ...]`` (``make bench``): run the benchmarks
against CASELEDGER_DATABASE_URL."""

from __future__ import annotations

import argparse
import os

from rich.console import Console

from benchmarks import http, pages, project, query, write
from infrastructure.settings import Settings

BENCHES = ("write", "http", "project", "query", "pages")


def main() -> None:
    parser = argparse.ArgumentParser(prog="caseledger-bench", description=__doc__)
    parser.add_argument("names", nargs="*", default=list(BENCHES), choices=list(BENCHES))
    add_options(parser)
    args = parser.parse_args()
    console = Console()
    for name in args.names:
        run_one(name, args, console)


def add_options(parser: argparse.ArgumentParser) -> None:
    """The options of every benchmark."""
    parser.add_argument("--concurrency", type=int, action="append", help="write, http: repeatable (default 1, 8, 32)")
    parser.add_argument("--seconds", type=float, default=5.0, help="write, http: seconds per measurement")
    parser.add_argument("--workers", type=int, default=2, help="http: uvicorn worker processes (default 2)")
    parser.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="write: ledger processes; project: rebuild parts on PostgreSQL, besides one (default: one per core)",
    )
    parser.add_argument(
        "--events", type=int, default=1_000_000, help="project: size of the ledger rebuilt (default 1M)"
    )
    parser.add_argument(
        "--sizes", type=int, action="append", help="query: ledger sizes in events, repeatable (default 100k, 1M)"
    )
    parser.add_argument("--samples", type=int, default=200, help="query, pages: runs of each at each size")


def run_one(name: str, args: argparse.Namespace, console: Console) -> None:
    settings = Settings.from_env()
    if name == "write":
        write.run(settings, args.concurrency or [1, 8, 32], args.seconds, args.processes, console)
    elif name == "http":
        http.run(settings, args.concurrency or [1, 8, 32], args.seconds, args.workers, console)
    elif name == "query":
        query.run(settings, args.sizes or [100_000, 1_000_000], args.samples, console)
    elif name == "pages":
        pages.run(settings, args.sizes or [100_000, 1_000_000], args.samples, console)
    else:
        project.run(settings, args.events, args.processes, console)


if __name__ == "__main__":
    main()
