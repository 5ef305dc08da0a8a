"""``caseledger seal`` and ``caseledger verify``: signed checkpoints and the tamper check."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from domain.business_time import SHANGHAI
from infrastructure.settings import Settings
from interface.cli.project_commands import stopping
from interface.composition import build_sealer, build_verifier, opened

SHOWN = 100  # findings listed; all are counted


def register(commands: Any) -> None:
    seal = commands.add_parser(
        "seal",
        help="seal the log up to now: a signed Merkle checkpoint",
        description="Record a checkpoint sealing every event since the last one: the Merkle root of their hashes, "
        "signed with the ledger's Ed25519 key (CASELEDGER_SIGNING_KEY). With --every, keep sealing.",
    )
    seal.add_argument("--every", type=float, default=None, help="seconds between checkpoints (run as a worker)")
    seal.set_defaults(handler=run_sealer)
    verify = commands.add_parser(
        "verify",
        help="re-check every hash chain and checkpoint; exit 1 on any finding",
        description="Re-check every event's hash chain and every signed checkpoint, and name each event that was "
        "edited, deleted, reordered or inserted behind the ledger's back. Exits 1 if anything is found.",
    )
    verify.set_defaults(handler=run_verify)


def run_sealer(args: argparse.Namespace, console: Console) -> int:
    settings = Settings.from_env()
    stop = stopping()
    with opened(settings) as (ledger, views):
        sealer = build_sealer(settings, ledger, views)
        while not stop.is_set():
            checkpoint = sealer.seal(datetime.now(tz=SHANGHAI))
            if checkpoint is None:
                console.print("nothing new to seal")
            else:
                span = f"{checkpoint.first_position + 1}..{checkpoint.last_position}"
                console.print(
                    f"checkpoint {checkpoint.number}: positions {span} ({checkpoint.count} events), "
                    f"root {checkpoint.root[:16]}…",
                    highlight=False,
                )
            if args.every is None:
                break
            stop.wait(args.every)
    return 0


def run_verify(args: argparse.Namespace, console: Console) -> int:
    with opened(Settings.from_env()) as (ledger, views):
        head = ledger.recorder.max_notification_id() or 0
        columns = (TextColumn("verifying"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("verify", total=head)
            report = build_verifier(ledger, views).run(progress=lambda n: progress.advance(task, n))
    console.print(
        f"{report.events} events in {report.aggregates} chains and {report.checkpoints} checkpoints "
        f"verified in {report.seconds:.1f} s",
        highlight=False,
    )
    if report.clean:
        console.print("[green]clean[/]: every chain links and every checkpoint matches its signature")
        return 0
    table = Table(
        "finding", "case / aggregate", "version", "position", "detail", title=f"{len(report.findings)} findings"
    )
    for f in report.findings:
        table.add_row(f.kind, f.aggregate, str(f.version or ""), str(f.position or ""), f.detail)
    console.print(table)
    return 1
