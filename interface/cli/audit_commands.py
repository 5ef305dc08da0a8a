"""``caseledger history`` and ``caseledger case``: what auditors read of one case."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import datetime, time
from typing import Any

from rich.console import Console
from rich.table import Table

from application.access_log import Read
from application.dto import EventView
from application.reports.filters import ReportFilters
from domain.business_time import SHANGHAI
from domain.clocks import ClockReading
from domain.organisation.actors import Actor, Role
from infrastructure.settings import Settings
from interface.cli.index import summary
from interface.cli.report_command import CONSOLE
from interface.cli.times import day, instant
from interface.composition import build_ledger, opened


def register(commands: Any) -> None:
    history = commands.add_parser(
        "history",
        help=summary("history"),
        description="Every event of the case: actor, role, section, business time, record time, opinion and legal "
        "basis, and the clocks after it (due date, working days used and left, calendar version).",
    )
    history.add_argument("case_no", metavar="CASE_NO")
    history.add_argument("--format", choices=("table", "json"), default="table")
    history.set_defaults(handler=show_history)
    case = commands.add_parser(
        "case",
        help=summary("case"),
        description="The case and its clocks. --at: as it stood at that business time (acts that had legally "
        "happened, even if entered later); --known-at: as the ledger knew it then (events recorded by then).",
    )
    case.add_argument("case_no", metavar="CASE_NO")
    case.add_argument("--at", type=instant, default=None, help="business time: a date, a local time or an instant")
    case.add_argument("--known-at", type=instant, default=None, help="record time: a date, a local time or an instant")
    case.set_defaults(handler=show_case)


def _clocks(readings: tuple[ClockReading, ...]) -> str:
    return "; ".join(
        f"{r.name.value} due {r.due_on} ({r.elapsed}/{r.limit + r.extension}{' paused' if r.paused else ''}"
        f"{'' if r.running or r.paused else ' stopped'})"
        for r in readings
    )


def _opinion(event: EventView) -> str:
    details = event.details
    parts = [
        str(details[k])
        for k in ("opinion", "reasons", "reason", "result", "legal_basis", "notice_no")
        if details.get(k)
    ]
    return " / ".join(parts)


def show_history(args: argparse.Namespace, console: Console) -> int:
    with opened(Settings.from_env()) as (ledger, views):
        events = ledger.audit.history(args.case_no)
        views.access.record(Read.by(CONSOLE, datetime.now(tz=SHANGHAI), "history", args.case_no))
    if args.format == "json":
        json.dump([dataclasses.asdict(e) for e in events], sys.stdout, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
        return 0
    table = Table(
        "#", "event", "business time", "recorded", "actor", "role", "section", "opinion / basis", "clocks after"
    )
    for e in events:
        actor = e.actor
        table.add_row(
            str(e.version),
            e.type,
            f"{e.occurred_at:%Y-%m-%d %H:%M}" if e.occurred_at else "",
            f"{e.recorded_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}",
            actor.name if actor else "",
            actor.role if actor else "",
            (actor.section or "") if actor else "",
            _opinion(e),
            _clocks(e.clocks_after),
        )
    console.print(table)
    return 0


def show_case(args: argparse.Namespace, console: Console) -> int:
    with opened(Settings.from_env()) as (ledger, views):
        if args.at is None and args.known_at is None:
            view = ledger.records.case(args.case_no, as_of=datetime.now(tz=SHANGHAI))
        else:
            view = ledger.audit.case_as_of(args.case_no, business_time=args.at, record_time=args.known_at)
        views.access.record(Read.by(CONSOLE, datetime.now(tz=SHANGHAI), "case", args.case_no))
    console.print(
        f"[bold]{view.case_no}[/] {view.item_name} — {view.status} (version {view.version}), "
        f"held by {view.holder.name} ({view.holder.role}), step {view.current_step or '-'}",
        highlight=False,
    )
    console.print(_clocks(view.clocks), highlight=False)
    return 0


def register_privacy(commands: Any) -> None:
    erase = commands.add_parser(
        "erase",
        help=summary("erase"),
        description="Record a PII-free erasure of SUBJECT and destroy the key their personal data is sealed with. "
        "Every hash, checkpoint and bundle stays valid; the data reads back as [erased]. Refused under a legal hold.",
    )
    erase.add_argument("subject", metavar="SUBJECT")
    erase.add_argument("--reason", required=True)
    erase.set_defaults(handler=run_erase)


def run_erase(args: argparse.Namespace, console: Console) -> int:
    ledger = build_ledger(Settings.from_env())
    try:
        by = Actor("cli", "administrator (CLI)", Role.ADMINISTRATOR)
        ledger.privacy.erase_subject(args.subject, reason=args.reason, at=datetime.now(tz=SHANGHAI), by=by)
    finally:
        ledger.close()
    console.print(f"subject {args.subject} erased: their key is destroyed; the ledger's proofs are unchanged")
    return 0


def register_backlog(commands: Any) -> None:
    backlog = commands.add_parser(
        "backlog",
        help=summary("backlog"),
        description="The cases of DEPARTMENT still open at the end of DATE (business time), folded from the log "
        "up to one position, with their clocks read that day; 'over' is working days past the committed date.",
    )
    backlog.add_argument("--department", required=True)
    backlog.add_argument("--as-of", required=True, type=day, metavar="DATE")
    backlog.add_argument("--format", choices=("table", "json"), default="table")
    backlog.set_defaults(handler=show_backlog)


def show_backlog(args: argparse.Namespace, console: Console) -> int:
    end_of_day = datetime.combine(args.as_of, time(23, 59, 59), tzinfo=SHANGHAI)
    with opened(Settings.from_env()) as (ledger, views):
        views.runner.catch_up(["queue"])
        filters = ReportFilters(date_to=args.as_of, department=args.department)
        position, cases = ledger.audit.backlog_as_of(views.reports.case_numbers(filters), end_of_day)
    rows = []
    for view in cases:
        kc = view.clock("KC")
        rows.append(
            {
                "case_no": view.case_no,
                "item_name": view.item_name,
                "status": view.status,
                "holder": view.holder.name,
                "step": view.current_step,
                "kc_due": str(kc.due_on) if kc else None,
                "over": kc.overdue if kc else 0,
            }
        )
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    overdue = sum(1 for r in rows if r["over"])
    table = Table(
        *(rows[0] if rows else ["case_no"]),
        title=f"{args.department} at the end of {args.as_of}: "
        f"{len(rows)} open, {overdue} overdue (ledger position {position})",
    )
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row.values()))
    console.print(table)
    return 0
