"""``caseledger seal``, ``verify``, ``export`` and ``verify-bundle``: the transparency log and its checks."""

from __future__ import annotations

import argparse
import threading
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from application.integrity.bundle import verify_bundle
from application.integrity.checkpoint import NoteError
from application.integrity.rotation import rotate
from application.reports.filters import ReportFilters
from domain.business_time import SHANGHAI
from infrastructure.integrity.keys import FileSigner, load_vkeys, signature_ok, vkey_path
from infrastructure.settings import Settings
from interface.cli.index import summary
from interface.cli.project_commands import stopping
from interface.cli.times import day
from interface.composition import build_bundle_writer, build_log, build_verifier, opened, trusted_log_keys

SHOWN = 100  # findings listed; all are counted


def register(commands: Any) -> None:
    seal = commands.add_parser(
        "seal",
        help=summary("seal"),
        description="Append every event recorded since the last round to the transparency log (RFC 9162), sign "
        "a tree head with the log's Ed25519 key (CASELEDGER_SIGNING_KEY; its vkey is written beside it) and "
        "hand the latest head to every witness (CASELEDGER_WITNESSES) with a consistency proof. With --every, "
        "keep sealing.",
    )
    seal.add_argument("--every", type=float, default=None, help="seconds between rounds (run as a worker)")
    seal.set_defaults(handler=run_sealer)
    rotate = commands.add_parser(
        "rotate-log-key",
        help=summary("rotate-log-key"),
        description="Record a key rotation in the ledger, signed by the log's current key "
        "(CASELEDGER_SIGNING_KEY): heads from the next one on must be signed by the key in NEW_KEY (created, "
        "0600, if missing; its vkey is written beside it). Then run the seal worker with "
        "CASELEDGER_SIGNING_KEY=NEW_KEY. Verifiers keep the old vkey configured: they learn the new one from "
        "the rotation.",
    )
    rotate.add_argument("new_key", type=Path, metavar="NEW_KEY")
    rotate.set_defaults(handler=run_rotation)
    witness = commands.add_parser(
        "witness",
        help=summary("witness"),
        description="Serve a witness of the log over HTTP, on another machine than the database: it accepts "
        "a signed head only if the log's configured key (CASELEDGER_LOG_KEYS or --log-key) signed it and it "
        "extends what it witnessed, keeps it in FOLDER, and cosigns. The seal worker reaches it with "
        "CASELEDGER_WITNESSES=http://HOST:PORT.",
    )
    witness_actions = witness.add_subparsers(dest="witness_command", required=True, metavar="ACTION")
    serve = witness_actions.add_parser("serve", help="serve the witness until stopped")
    serve.add_argument("--folder", type=Path, required=True)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument("--log-key", action="append", default=[], metavar="VKEY", help="the log's key (repeatable)")
    serve.set_defaults(handler=run_witness)
    verify = commands.add_parser(
        "verify",
        help=summary("verify"),
        description="Re-check every event against the signed tree heads (trusting only the configured keys, "
        "CASELEDGER_LOG_KEYS or the vkey beside the signing key), against each witness's latest head and the "
        "largest witnessed head this verifier saw before, and along every hash chain; name each event that was "
        "edited, deleted, reordered or inserted, and each head deleted or rewritten. Exits 1 if anything is found, "
        "2 if no key is configured.",
    )
    verify.add_argument(
        "--witness",
        action="append",
        default=[],
        type=Path,
        metavar="FOLDER",
        help="a witness to check against (besides the configured ones; repeatable)",
    )
    verify.set_defaults(handler=run_verify)


def run_sealer(args: argparse.Namespace, console: Console) -> int:
    settings = Settings.from_env()
    stop = stopping()
    with opened(settings) as (ledger, views):
        log = build_log(settings, ledger, views)
        while not stop.is_set():
            sealed = log.seal(datetime.now(tz=SHANGHAI))
            if sealed.head is None:
                console.print("the log is empty: nothing to sign")
            else:
                size = sealed.head.head.size
                what = f"signed a head of {size:,} events" if sealed.signed else f"the head of {size:,} events stands"
                console.print(f"{sealed.appended:,} events appended; {what}", highlight=False)
                for witness, said in sealed.witnessed.items():
                    console.print(f"  witness {witness}: {said}", highlight=False)
            if args.every is None:
                break
            stop.wait(args.every)
    return 0


def run_rotation(args: argparse.Namespace, console: Console) -> int:
    settings = Settings.from_env()
    new = FileSigner(args.new_key).publish_vkey(settings.log_origin, vkey_path(args.new_key))
    with opened(settings) as (ledger, views):
        from_size = rotate(ledger.log_keys, build_log(settings, ledger, views), new)
    console.print(
        f"the log is handed to {new.text()} from tree size {from_size:,} on; now run the seal worker with "
        f"CASELEDGER_SIGNING_KEY={args.new_key}",
        highlight=False,
    )
    return 0


def run_witness(args: argparse.Namespace, console: Console) -> int:
    from interface.witness_server import make_server

    keys = load_vkeys(args.log_key) if args.log_key else trusted_log_keys(Settings.from_env())
    if not keys:
        console.print("[red]no log key[/]: give --log-key VKEY (the log's vkey) or set CASELEDGER_LOG_KEYS")
        return 2
    server = make_server(args.folder, keys, args.host, args.port)
    stop = stopping()
    console.print(f"witness of {', '.join(k.name for k in keys)} on http://{args.host}:{args.port}", highlight=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stop.wait()
    server.shutdown()
    return 0


def run_verify(args: argparse.Namespace, console: Console) -> int:
    settings = Settings.from_env()
    if args.witness:
        settings = replace(settings, witnesses=(*settings.witnesses, *map(str, args.witness)))
    try:
        keys = trusted_log_keys(settings)
    except (NoteError, OSError) as error:
        console.print(f"[red]not a usable key[/]: {error}", highlight=False)
        return 2
    if not keys:
        console.print(
            "[red]no trusted log key[/]: set CASELEDGER_LOG_KEYS to the log's vkey (a key found in the database "
            "is never trusted)"
        )
        return 2
    with opened(settings) as (ledger, views):
        head = ledger.store.recorder.max_notification_id() or 0
        columns = (TextColumn("verifying"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("verify", total=head)
            report = build_verifier(settings, ledger, views).run(progress=lambda n: progress.advance(task, n))
    witnessed = ", ".join(f"{name} at {size:,}" for name, size in report.witnessed.items()) or "none"
    console.print(
        f"{report.events:,} events in {report.aggregates:,} chains verified in {report.seconds:.1f} s; "
        f"{report.heads} signed heads (the latest covers {report.tree_size:,} events, {report.unsealed:,} after it); "
        f"witnessed: {witnessed}",
        highlight=False,
    )
    if report.clean:
        console.print("[green]clean[/]: every event matches the signed tree, the witnesses and its chain")
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
        help=summary("export"),
        description="Seal the log, then write a bundle (JSON Lines): the events of the cases with their items and "
        "calendar versions, hash chains, Merkle inclusion proofs, the signed head (with the witnesses' cosignatures). "
        "'caseledger verify-bundle FILE' checks it offline.",
    )
    scope = export.add_mutually_exclusive_group(required=True)
    scope.add_argument("--case", dest="case_no", metavar="CASE_NO")
    scope.add_argument("--period", nargs=2, metavar=("FROM", "TO"), type=day)
    export.add_argument("--department")
    export.add_argument("--out", required=True, type=Path, metavar="PATH")
    export.set_defaults(handler=run_export)
    check = commands.add_parser(
        "verify-bundle",
        help=summary("verify-bundle"),
        description="Check a bundle with nothing but the file: its digest, the checkpoint signatures, every "
        "event's inclusion in the signed head and its chain, trusting only the keys given or configured (never "
        "one named in the file). Exits 1 if anything fails.",
    )
    check.add_argument("file", type=Path, metavar="FILE")
    check.add_argument(
        "--key",
        action="append",
        default=[],
        metavar="VKEY",
        help="a trusted log key (vkey or file; default: the configured ones)",
    )
    check.add_argument(
        "--witness-key", action="append", default=[], metavar="VKEY", help="a witness whose cosignature is required"
    )
    check.set_defaults(handler=run_verify_bundle)


def run_export(args: argparse.Namespace, console: Console) -> int:
    settings = Settings.from_env()
    now = datetime.now(tz=SHANGHAI)
    with opened(settings) as (ledger, views):
        build_log(settings, ledger, views).seal(now)
        if args.case_no:
            case_nos, scope = [args.case_no], {"case": args.case_no}
        else:
            views.runner.catch_up(["queue"])
            start, end = args.period
            filters = ReportFilters(date_from=start, date_to=end, department=args.department)
            case_nos = views.reports.case_numbers(filters)
            scope = {"period": [start.isoformat(), end.isoformat()], "department": filters.department}
        with args.out.open("w", encoding="utf-8") as out:
            out.writelines(build_bundle_writer(settings, ledger, views).lines(case_nos, scope, now))
    console.print(f"{len(case_nos)} case(s) exported to {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


def run_verify_bundle(args: argparse.Namespace, console: Console) -> int:
    settings = Settings.from_env()
    try:
        keys = load_vkeys(args.key) if args.key else trusted_log_keys(settings)
        witness_keys = load_vkeys(args.witness_key)
    except (NoteError, OSError) as error:
        console.print(f"[red]not a usable key[/]: {error}", highlight=False)
        return 2
    if not keys:
        console.print("[red]no trusted log key[/]: give --key VKEY or set CASELEDGER_LOG_KEYS")
        return 2
    report = verify_bundle(args.file.read_bytes(), keys, signature_ok, witness_keys)
    if report.valid:
        console.print(f"[green]valid[/]: {report.events} events of {len(report.cases)} case(s) verified offline")
        return 0
    for problem in report.problems or ["the bundle holds no events"]:
        console.print(f"[red]✗[/] {problem}", highlight=False)
    return 1
