"""``caseledger report NAME``: a view as a table, CSV or JSON, with the usual filters."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from application.access_log import Read
from application.reports.filters import ReportFilters
from application.reports.registry import BY_NAME, NAMES, REPORTS
from domain.business_time import SHANGHAI
from domain.organisation.actors import Actor, Role
from infrastructure.settings import Settings
from interface.cli.index import summary
from interface.cli.times import day
from interface.composition import opened

CONSOLE = Actor("console", "administrator at the console", Role.ADMINISTRATOR)


def register(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help=summary("report"),
        description="Print a report from the views. --format json prints one JSON array of row objects; "
        "a row about a case carries its case_no. The views are brought up to date first.",
    )
    listed = "; ".join(f"{r.name}: {r.title} ({r.title_en})" for r in REPORTS)
    report.add_argument("name", choices=NAMES, metavar="NAME", help=listed)
    report.add_argument("--format", choices=("table", "csv", "json"), default="table")
    report.add_argument("--from", dest="date_from", type=day, help="first day of the period")
    report.add_argument("--to", dest="date_to", type=day, help="last day of the period")
    report.add_argument("--department")
    report.add_argument("--section")
    report.add_argument("--person", help="person id")
    report.add_argument(
        "--group", choices=("person", "section", "department"), default="person", help="responsibility totals by"
    )
    report.add_argument("--status", help="queue: only cases in this status")
    report.add_argument("--level", help="queue, warnings: only this level (prompt, yellow, red, statutory_breach)")
    report.add_argument("--due-before", type=day, help="queue: committed due date on or before")
    report.add_argument("--as-of", type=day, default=None, help="the day open intervals count to (default today)")
    report.set_defaults(handler=print_report)


def print_report(args: argparse.Namespace, console: Console) -> int:
    with opened(Settings.from_env()) as (ledger, views):
        views.runner.catch_up()
        filters = ReportFilters(
            args.date_from,
            args.date_to,
            args.department,
            args.section,
            args.person,
            args.group,
            args.status,
            args.level,
            args.due_before,
        )
        today = args.as_of or datetime.now(tz=SHANGHAI).date()
        rows = views.reports.run(args.name, filters, today, ledger.calendars.working_days(today.year))
        views.access.record(
            Read.by(CONSOLE, datetime.now(tz=SHANGHAI), f"report:{args.name}", f"department={args.department or '*'}")
        )
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    elif args.format == "csv":
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        console.print(as_table(args.name, rows))
    return 0


def as_table(name: str, rows: list[dict[str, Any]]) -> Table | str:
    report = BY_NAME[name]
    if not rows:
        return f"{report.title} {name}: no rows"
    table = Table(*rows[0], title=f"{report.title} {name} ({len(rows)} rows)")
    for row in rows[:500]:
        table.add_row(*("" if v is None else str(v) for v in row.values()))
    if len(rows) > 500:
        table.caption = f"first 500 of {len(rows)} rows; use --format csv or json for all"
    return table
