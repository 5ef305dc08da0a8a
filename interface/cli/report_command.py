"""``caseledger report NAME``: a view as a table, CSV or JSON, with the usual filters."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import datetime
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from application.access_log import Read
from application.reports.annual import annual_report
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
    report.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="the table's title, headers and words in English (default) or Chinese (CSV and JSON keep the names)",
    )
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
        console.print(as_table(args.name, rows, args.lang, console))
    return 0


def as_table(name: str, rows: list[dict[str, Any]], lang: str = "en", console: Console | None = None) -> RenderableType:
    """The rows as a table, headers and words in ``lang``. A table wider than the terminal is printed a
    row at a time instead (each row's columns one under the other): nothing is ever cut off."""
    from interface.web import i18n
    from interface.web.exports import columns_of, headed, title_of
    from interface.web.rendering import cell

    report = BY_NAME[name]
    language = i18n.language(i18n.CHINESE if lang == "zh" else i18n.ENGLISH)
    title = title_of(report, language)
    if not rows:
        return f"{title} ({name}): " + language.gettext("No rows.")
    header, _ = headed(report, rows, language)
    columns = columns_of(report, rows)
    said = [[cell(language, row.get(column), column, name) for column in columns] for row in rows[:500]]
    caption = f"first 500 of {len(rows)} rows; use --format csv or json for all" if len(rows) > 500 else None
    table = Table(*header, title=f"{title} ({name}) · {len(rows)}", caption=caption)
    for line in said:
        table.add_row(*line)
    unbounded = console.options.update_width(1_000_000) if console else None
    if console is None or unbounded is None or Measurement.get(console, unbounded, table).maximum <= console.width:
        return table
    records: list[RenderableType] = [Text(f"{title} ({name}) · {len(rows)}", style="bold")]
    for number, line in enumerate(said, start=1):
        record = Table.grid(padding=(0, 2))
        record.add_column(style="dim", no_wrap=True)
        record.add_column(overflow="fold")
        for text, value in zip(header, line, strict=True):
            record.add_row(text, value)
        records += [Text(f"— {number} —", style="dim"), record]
    if caption:
        records.append(Text(caption, style="dim"))
    return Group(*records)


def register_annual(commands: Any) -> None:
    annual = commands.add_parser(
        "annual-report",
        help=summary("annual-report"),
        description="The figures the centre publishes for a year, from the ledger alone (in Chinese; --format "
        "json for the figures by name). The views are brought up to date first.",
    )
    annual.add_argument("year", type=int)
    annual.add_argument("--format", choices=("text", "json"), default="text")
    annual.add_argument("--as-of", type=day, default=None, help="the day the year counts to (default today)")
    annual.set_defaults(handler=print_annual_report)


def print_annual_report(args: argparse.Namespace, console: Console) -> int:
    with opened(Settings.from_env()) as (ledger, views):
        views.runner.catch_up()
        today = args.as_of or datetime.now(tz=SHANGHAI).date()
        report = annual_report(views.reports, args.year, today, ledger.calendars.working_days(args.year))
    if args.format == "json":
        json.dump(vars(report), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    table = Table("项目", "数字", title=f"{args.year}年度政务服务工作情况", show_lines=False)
    for label, value in report.lines():
        table.add_row(label, value)
    console.print(table)
    return 0
