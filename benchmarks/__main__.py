"""``python -m benchmarks [NAME ...]`` (``make bench``): run the benchmarks against CASELEDGER_DATABASE_URL."""

from __future__ import annotations

import argparse

from rich.console import Console

from benchmarks import project, write
from infrastructure.settings import Settings

BENCHES = ("write", "project")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", default=list(BENCHES), choices=list(BENCHES))
    parser.add_argument("--concurrency", type=int, action="append", help="write: repeatable (default 1, 8, 32)")
    parser.add_argument("--seconds", type=float, default=5.0, help="write: seconds per measurement")
    parser.add_argument("--events", type=int, default=200_000, help="project: size of the ledger rebuilt")
    args = parser.parse_args()
    console = Console()
    for name in args.names:
        if name == "write":
            write.run(Settings.from_env(), args.concurrency or [1, 8, 32], args.seconds, console)
        else:
            project.run(Settings.from_env(), args.events, console)


if __name__ == "__main__":
    main()
