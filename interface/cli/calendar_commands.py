"""``caseledger calendar``: due dates, a year's calendar, publishing a State Council notice."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from domain.business_time import SHANGHAI
from domain.calendar.schedule import DayKind
from domain.organisation.actors import Actor, Role
from infrastructure.calendars.published import read_schedule
from infrastructure.settings import Settings
from interface.cli import times
from interface.cli.index import summary
from interface.composition import build_ledger, calendars_only

KIND_LABELS = {DayKind.HOLIDAY: "holiday 放假", DayKind.ADJUSTED_WORKDAY: "adjusted working day 调休上班"}


def register(commands: Any) -> None:
    calendar = commands.add_parser(
        "calendar",
        help=summary("calendar"),
        description="Due dates in legal working days, a year's calendar, and publishing a State Council notice.",
    )
    sub = calendar.add_subparsers(dest="calendar_command", required=True, metavar="ACTION")

    add = sub.add_parser(
        "add-working-days",
        help="print the due date N working days after DATE",
        description="The due date N working days after DATE (DATE is day 0 and not counted; a non-working "
        "DATE counts from the next working day). Says 'provisional' when a year without a published "
        "notice was used.",
    )
    add.add_argument("date", type=times.day, metavar="DATE", help="YYYY-MM-DD")
    add.add_argument("count", type=int, metavar="N", help="working days")
    add.set_defaults(handler=add_working_days)

    show = sub.add_parser("show", help="show a year's holidays and adjusted working days", description=show_doc)
    show.add_argument("year", type=int, metavar="YEAR")
    show.set_defaults(handler=show_year)

    publish = sub.add_parser(
        "publish",
        help="record a published holiday schedule (State Council notice) for a year",
        description="Record FILE (TOML: year, notice, holidays, adjusted_workdays; see README) as the "
        "year's calendar in force, then record new due dates on the open cases it affects.",
    )
    publish.add_argument("file", type=Path, metavar="FILE")
    publish.set_defaults(handler=publish_schedule)


show_doc = "The holidays and adjusted working weekends of YEAR, with the calendar version and its source."


def add_working_days(args: argparse.Namespace, console: Console) -> int:
    with calendars_only(Settings.from_env()) as calendars:
        due = calendars.add_working_days(args.date, args.count)
    console.print(f"{due.on.isoformat()}{'  provisional' if due.provisional else ''}", highlight=False)
    return 0


def show_year(args: argparse.Namespace, console: Console) -> int:
    with calendars_only(Settings.from_env()) as calendars:
        schedule, version = calendars.calendar(args.year)
        working = calendars.working_days(args.year).count(date(args.year - 1, 12, 31), date(args.year, 12, 31))
    status = "[yellow]provisional[/] (no notice published)" if schedule.provisional else "official"
    console.print(f"[bold]{args.year}[/] calendar, version {version}, {status}\nsource: {schedule.source}")
    table = Table("date", "weekday", "kind")
    for day in sorted(schedule.holidays | schedule.adjusted_workdays):
        table.add_row(day.isoformat(), day.strftime("%a"), KIND_LABELS[schedule.kind_of(day)])
    console.print(table)
    console.print(f"{working} working days in {args.year}")
    return 0


def publish_schedule(args: argparse.Namespace, console: Console) -> int:
    schedule = read_schedule(args.file)
    ledger = build_ledger(Settings.from_env())
    try:
        by = Actor("cli", "administrator (CLI)", Role.ADMINISTRATOR)
        result = ledger.calendar_notices.publish(schedule, at=datetime.now(tz=SHANGHAI), by=by)
    finally:
        ledger.close()
    console.print(
        f"{result.year} calendar is now version {result.version} ({schedule.source}); "
        f"{result.cases_redated} open case(s) got new due dates"
    )
    return 0
