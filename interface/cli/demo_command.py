"""``caseledger demo``: load the demo centre and simulate a year of cases through their lifecycles."""

from __future__ import annotations

import argparse
import time
from datetime import date, datetime
from itertools import islice
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from application.ledger import CaseLedger
from domain.business_time import SHANGHAI
from infrastructure.demo.centre import CATALOGUE_SIZE, load_centre
from infrastructure.demo.departments import DEPARTMENTS
from infrastructure.demo.simulation import Simulator
from infrastructure.demo.summary import DemoSummary
from infrastructure.demo.supervision import SupervisionServices, SupervisionSummary, SupervisionYear
from infrastructure.settings import Settings
from interface.cli.index import summary
from interface.cli.times import day
from interface.composition import build_ledger, build_views

BATCH = 200  # cases per transaction
STAGES = ("supervision orders", "complaints", "evaluations", "internal audit", "management review", "watcher")
ORDER_STATES = ("opened", "acknowledged", "reported", "sent_back", "accepted", "closed")


def register(commands: Any) -> None:
    demo = commands.add_parser(
        "demo",
        help=summary("demo"),
        description="Load the demo centre (29 departments with sections and staff, 5 sub-centres, village "
        "stations, 262 service items) and simulate the year up to --until through every lifecycle: "
        "intake, supplement notices, hand-offs, steps, pauses, extensions, joint opinions, forwarding, "
        "decisions, delivery and ratings. Cases still open at --until stay open.",
    )
    demo.add_argument("--cases", type=int, default=2000, help="how many cases (default 2000)")
    demo.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same year")
    demo.add_argument("--until", type=day, default=None, help="last day simulated (default: today)")
    demo.set_defaults(handler=run_demo)


def _until(day: date | None) -> datetime:
    if day is None:
        return datetime.now(tz=SHANGHAI)
    return datetime.combine(day, datetime.max.time(), tzinfo=SHANGHAI)


def run_demo(args: argparse.Namespace, console: Console) -> int:
    settings = Settings.from_env()
    ledger = build_ledger(settings)
    try:
        load_demo(ledger, settings, cases=args.cases, seed=args.seed, until=args.until, console=console)
    finally:
        ledger.close()
    return 0


def load_demo(
    ledger: CaseLedger, settings: Settings, *, cases: int, seed: int, until: date | None, console: Console
) -> DemoSummary | None:
    """Load the centre (if absent) and simulate ``cases``, showing progress and then a summary."""
    end = _until(until)
    prefix = f"S{seed}-"
    columns = (TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    started = time.perf_counter()
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("centre and catalogue", total=len(DEPARTMENTS) + CATALOGUE_SIZE)
        centre = load_centre(ledger, seed, progress=lambda n: progress.advance(task, n))
        calendar = ledger.calendars.working_days(end.year)
        first = next(Simulator(centre, calendar, seed=seed, until=end).cases(1, case_no_prefix=prefix))
        if ledger.records.has_case(first.case_no):
            console.print(f"The store already holds the demo year for seed {seed}; use another --seed for more.")
            return None
        simulated = Simulator(centre, calendar, seed=seed, until=end).cases(cases, case_no_prefix=prefix)
        summary = DemoSummary()
        task = progress.add_task("cases", total=cases)
        while batch := list(islice(simulated, BATCH)):
            ledger.cases.import_cases(batch)
            for case in batch:
                summary.add(case, calendar)
            progress.advance(task, len(batch))
        task = progress.add_task("supervision and quality", total=len(STAGES))
        views = build_views(settings, ledger)
        try:
            services = SupervisionServices(
                ledger, views.runner, views.reports, views.watcher, views.evaluations, views.audits, views.reviews
            )
            year = SupervisionYear(services, seed, end).run(
                lambda stage: progress.update(task, completed=STAGES.index(stage), description=stage)
            )
            progress.update(task, completed=len(STAGES))
        finally:
            views.close()
    show_summary(console, summary, settings, time.perf_counter() - started)
    show_supervision(console, year)
    return summary


def show_supervision(console: Console, s: SupervisionSummary) -> None:
    """The year's supervision and quality work, as the inspectors and the quality manager would tell it."""
    table = Table("figure", "value", title="Supervision and quality 电子监察与质量管理")
    orders = s.orders
    rows = [
        ("alarms 报警 (red and statutory breaches)", str(s.alarms)),
        ("supervision orders 督办 (opened / closed)", f"{sum(orders[k] for k in ORDER_STATES)} / {orders['closed']}"),
        ("orders not closed in 20 WD (B002)", str(orders["overdue (B002)"])),
        ("responsibility findings 责任认定 (aggravating)", f"{s.findings} ({s.aggravating})"),
        ("complaints from negative ratings 差评整改", str(s.complaints["filed"])),
        ("complaints closed / handled again", f"{s.complaints['closed']} / {s.complaints['reopened']}"),
        ("the watcher's last pass (B001, B002, C001, lapses)", str(s.watcher_facts)),
        ("recommendations 监察建议书 to failing departments", str(s.recommendations)),
        ("internal audit 内部审核", f"{s.audit or '-'}: {s.audit_checked} cases, {s.audit_findings} findings"),
        ("management review 管理评审", s.review or "-"),
    ]
    for quarter, grades in s.evaluations.items():
        rows.append((f"evaluation {quarter} 季度考评", ", ".join(f"{g} {n}" for g, n in sorted(grades.items()))))
    for row in rows:
        table.add_row(*row)
    console.print(table)


def show_summary(console: Console, s: DemoSummary, settings: Settings, elapsed: float) -> None:
    console.print(
        f"\n[bold]{s.cases}[/] cases, [bold]{s.events}[/] events on {settings.backend} "
        f"in {elapsed:.1f} s ({s.events / elapsed:,.0f} events/s)"
    )
    outcomes = Table("status", "cases", "share", title="Cases by outcome")
    for status, count in s.by_status.most_common():
        outcomes.add_row(status, str(count), s.rate(count, s.cases))
    kinds = Table("kind", "cases", title="Cases by item kind")
    for kind, count in s.by_kind.most_common():
        kinds.add_row(kind, str(count))
    figures = Table("figure", "value", title="Deadlines and quality")
    rated = sum(s.ratings.values())
    rows = (
        ("concluded (decided)", str(s.concluded)),
        ("on-time rate 按时办结率 (within KC)", s.rate(s.on_time, s.concluded)),
        ("early rate 提前办结率 (of cases with a committed limit)", s.rate(s.early, s.clocked)),
        (
            "avg WD used / committed",
            f"{s.used_days / max(1, s.clocked):.1f} / {s.committed_days / max(1, s.clocked):.1f}",
        ),
        ("statutory breaches (KS)", str(s.statutory_breaches)),
        ("extensions approved", str(s.extensions)),
        ("paused intervals (Art. 45, supplementation)", str(s.pauses)),
        ("one-time supplement notices", str(s.supplement_notices)),
        ("deemed acceptances (late notice)", str(s.deemed_acceptances)),
        ("steps returned", str(s.returns)),
        ("rated / satisfied (>=4 stars)", f"{rated} / {s.rate(s.ratings[4] + s.ratings[5], rated)}"),
        ("negative reviews (<=2 stars)", str(s.ratings[1] + s.ratings[2])),
    )
    for row in rows:
        figures.add_row(*row)
    for table in (outcomes, kinds, figures):
        console.print(table)
