"""``caseledger seal`` and ``caseledger verify``: signed checkpoints and the tamper check."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from application.integrity.bundle import verify_bundle
from application.reports import ReportFilters
from domain.business_time import SHANGHAI
from infrastructure.integrity.keys import signature_ok
from infrastructure.settings import Settings
from interface.cli.project_commands import stopping
from interface.composition import build_bundle_writer, build_sealer, build_verifier, opened

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


def register_exports(commands: Any) -> None:
    export = commands.add_parser(
        "export",
        help="write a verifiable bundle of a case or of a period's cases",
        description="Seal the log, then write a bundle (JSON Lines): the events of the cases with their items and "
        "calendar versions, hash chains, Merkle inclusion proofs, the signed checkpoints and the public key. "
        "'caseledger verify-bundle FILE' checks it offline.",
    )
    scope = export.add_mutually_exclusive_group(required=True)
    scope.add_argument("--case", dest="case_no", metavar="CASE_NO")
    scope.add_argument("--period", nargs=2, metavar=("FROM", "TO"), type=date.fromisoformat)
    export.add_argument("--department")
    export.add_argument("--out", required=True, type=Path, metavar="PATH")
    export.set_defaults(handler=run_export)
    check = commands.add_parser(
        "verify-bundle",
        help="check an exported bundle offline (no database)",
        description="Check a bundle with nothing but the file: its digest, the checkpoint signatures, every "
        "event's hash, inclusion proof and chain. Exits 1 if anything fails.",
    )
    check.add_argument("file", type=Path, metavar="FILE")
    check.set_defaults(handler=run_verify_bundle)


def run_export(args: argparse.Namespace, console: Console) -> int:
    settings = Settings.from_env()
    now = datetime.now(tz=SHANGHAI)
    with opened(settings) as (ledger, views):
        build_sealer(settings, ledger, views).seal(now)
        if args.case_no:
            case_nos, scope = [args.case_no], {"case": args.case_no}
        else:
            views.runner.catch_up(["queue"])
            start, end = args.period
            filters = ReportFilters(date_from=start, date_to=end, department=args.department)
            case_nos = views.reports.case_numbers(filters)
            scope = {"period": [start.isoformat(), end.isoformat()], "department": filters.department}
        with args.out.open("w", encoding="utf-8") as out:
            out.writelines(build_bundle_writer(ledger, views).lines(case_nos, scope, now))
    console.print(f"{len(case_nos)} case(s) exported to {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


def run_verify_bundle(args: argparse.Namespace, console: Console) -> int:
    report = verify_bundle(args.file.read_bytes(), signature_ok)
    if report.valid:
        console.print(f"[green]valid[/]: {report.events} events of {len(report.cases)} case(s) verified offline")
        return 0
    for problem in report.problems or ["the bundle holds no events"]:
        console.print(f"[red]✗[/] {problem}", highlight=False)
    return 1
