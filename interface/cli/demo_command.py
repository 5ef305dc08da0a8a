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
from application.projects import ProjectProgress
from application.reports.annual import AnnualReport, annual_report
from domain.business_time import SHANGHAI
from infrastructure.demo.centre import CATALOGUE_SIZE, load_centre
from infrastructure.demo.departments import DEPARTMENTS
from infrastructure.demo.simulation import Simulator
from infrastructure.demo.summary import DemoSummary
from infrastructure.demo.supervision import SupervisionServices, SupervisionSummary, SupervisionYear
from infrastructure.demo.working_modes import WorkingModesSummary, WorkingModesYear
from infrastructure.settings import Settings
from interface.cli.index import summary
from interface.cli.times import day
from interface.composition import build_ledger, build_notifier, build_views

BATCH = 200  # cases per transaction
STAGES = ("supervision orders", "complaints", "evaluations", "internal audit", "management review", "watcher")
MODES = ("working modes", "notifications")
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
            task = progress.add_task(MODES[0], total=len(MODES))
            views.runner.catch_up()
            modes = WorkingModesYear(ledger, views.reports.reader, centre, seed, end).run()
            progress.update(task, completed=1, description=MODES[1])
            # The notifier's pass as the day ends: what the last day raised is sent (to the log unless a
            # gateway is configured), everything older is recorded as too old to send.
            build_notifier(settings, ledger, views).run_once(end)
            progress.update(task, completed=len(MODES))
            sent = views.deliveries.counts()
            views.runner.catch_up()
            project = ledger.projects.progress(modes.projects[0], end.date()) if modes.projects else None
            annual = annual_report(views.reports, end.year, end.date(), calendar)
        finally:
            views.close()
    show_summary(console, summary, settings, time.perf_counter() - started)
    show_supervision(console, year)
    show_working_modes(console, modes, sent, project)
    show_annual_report(console, annual)
    return summary


def show_working_modes(
    console: Console, m: WorkingModesSummary, sent: dict[str, int], project: ProjectProgress | None
) -> None:
    """The centre's working modes in the demo year: projects, meetings, agency, pre-review, notifications."""
    table = Table("figure", "value", title="Working modes 一会三制、全程代理、网上预审、短信通知")
    actions = m.actions
    rows = [
        (
            "investment projects 投资项目 (permits planned / linked to cases)",
            f"{len(m.projects)} ({m.permits} / {m.linked})",
        ),
        (
            "green channel 绿色通道 (permits in it / steps signed jointly)",
            f"{m.green_channel_cases} / {m.joint_reviews}",
        ),
        (
            "coordination meetings 协调会 (actions done / late / open)",
            f"{m.meetings} ({actions['done']} / {actions['done late']} / {actions['open']})",
        ),
        ("agents' mandates 全程代理授权 (agents)", f"{m.mandates} ({m.agents})"),
        ("consultations 网上咨询 (answered)", f"{m.consultations['asked']} ({m.consultations['answered']})"),
        (
            "pre-reviews 网上预审 (filed as cases / awaiting supplement)",
            f"{m.pre_reviews['submitted']} ({m.pre_reviews['filed']} / {m.pre_reviews['awaiting supplement']})",
        ),
        (
            "appointments 预约 (kept / missed)",
            f"{m.appointments['booked']} ({m.appointments['arrived']} / {m.appointments['no-show']})",
        ),
        ("guides published 办事指南 / staff contacts", f"{m.guides} / {m.contacts}"),
        (
            "notifications 通知 (sent / too old to send / no address)",
            f"{sent.get('sent', 0)} / {sent.get('expired', 0)} / {sent.get('no_address', 0)}",
        ),
    ]
    for row in rows:
        table.add_row(*row)
    console.print(table)
    if project is not None:
        console.print(project_lines(project))


def project_lines(p: ProjectProgress) -> str:
    """One project's clock and paths, as the investor service reads them."""
    lines = [
        f"[bold]{p.project.project_no} {p.project.name}[/]: {p.elapsed_wd} of {p.project.committed_wd} WD committed"
    ]
    if p.by_commitment and p.by_law:
        lines.append(
            f"  plan: {' → '.join(p.by_commitment.permits)} = {p.by_commitment.days} WD committed; "
            f"{' → '.join(p.by_law.permits)} = {p.by_law.days} WD by law"
        )
    if p.critical is not None:
        holding = f"; held up by {p.holding} ({p.holding_case or 'not filed'})" if p.holding else "; all concluded"
        lines.append(f"  critical path now: {' → '.join(p.critical.permits)} = {p.critical.days} WD{holding}")
    return "\n".join(lines)


def show_annual_report(console: Console, report: AnnualReport) -> None:
    table = Table("项目", "数字", title=f"{report.year}年度政务服务工作情况 (caseledger annual-report {report.year})")
    for label, value in report.lines():
        table.add_row(label, value)
    console.print(table)


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
