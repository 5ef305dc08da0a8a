"""``caseledger notify``: the notification worker, and the register of its deliveries."""

from __future__ import annotations

import argparse
import logging
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from application.notifications.ports import DeliveryState
from domain.business_time import SHANGHAI
from infrastructure.settings import Settings
from interface.cli.index import summary
from interface.cli.project_commands import each_wakeup
from interface.composition import build_notifier, opened


def register(commands: Any) -> None:
    notify = commands.add_parser(
        "notify",
        help=summary("notify"),
        description="Turn new notices (receipts, acceptances, decisions, warnings, supervision orders) into "
        "messages and send them through the channels configured (CASELEDGER_SMS_URL, CASELEDGER_SMTP; "
        "the log when neither is set). Safe to stop at any moment and to run twice.",
    )
    notify.add_argument("--once", action="store_true", help="one pass, then exit")
    notify.add_argument("--interval", type=float, default=10.0, help="longest wait between passes (seconds)")
    notify.add_argument("--status", action="store_true", help="show the deliveries by state and the latest failures")
    notify.set_defaults(handler=run_notifier)


def run_notifier(args: argparse.Namespace, console: Console) -> int:
    settings = Settings.from_env()
    if args.status:
        return show_deliveries(settings, console)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    with opened(settings) as (ledger, views):
        notifier = build_notifier(settings, ledger, views)
        for _ in each_wakeup(settings, ledger, once=args.once, interval=args.interval):
            done = notifier.run_once(datetime.now(tz=SHANGHAI))
            if done:
                console.print(f"{datetime.now(tz=SHANGHAI):%H:%M:%S} {done}", highlight=False)
    return 0


def show_deliveries(settings: Settings, console: Console) -> int:
    with opened(settings) as (_, views):
        counts = views.deliveries.counts()
        table = Table("state", "deliveries", title="Notifications")
        for state in DeliveryState:
            table.add_row(state.value, str(counts.get(state.value, 0)))
        console.print(table)
        failed = views.deliveries.listing(DeliveryState.FAILED, 20)
        if failed:
            latest = Table("notice", "kind", "subject", "recipient", "channel", "attempts", "error", title="Failed")
            for row in failed:
                latest.add_row(
                    str(row["notice_id"]),
                    row["kind"],
                    row["subject"],
                    row["recipient"],
                    row["channel"],
                    str(row["attempts"]),
                    row["last_error"] or "",
                )
            console.print(latest)
    return 1 if counts.get(DeliveryState.FAILED.value) else 0
