"""``write``: realistic case commands through the application layer, against raw inserts and a plain
eventsourcing application, at the same concurrency on the same database."""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from rich.console import Console

from application.cases.commands import Accept, CompleteStep, HandOff, ReceiveHandOff
from application.ledger import CaseLedger
from benchmarks.places import Place, bench_place
from benchmarks.report import print_rows
from benchmarks.timing import Run, hammer, timed
from domain.business_time import SHANGHAI
from domain.case.values import Applicant
from domain.catalogue.terms import ItemKind, ItemTerms, Procedure, StepDefinition
from domain.clocks import TimeLimit
from domain.organisation.actors import Actor, Channel, Role
from infrastructure.settings import Settings, persistence_env
from interface.composition import build_ledger
from interface.runtime import settle_process

PAYLOAD = os.urandom(300)  # about one stored case event
START = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
CLERK_ID, HANDLER_ID = "bench-clerk", "bench-handler"
ADMIN = Actor("bench-admin", "bench", Role.ADMINISTRATOR, "CENTRE")
ITEM = ItemTerms(
    code="BENCH-1",
    name="基准事项",
    department="BENCH",
    kind=ItemKind.COMMITMENT,
    procedure=Procedure.STANDARD,
    statutory_limit=TimeLimit(20),
    committed_limit=TimeLimit(10),
    steps=(StepDefinition("承办", Role.HANDLER, TimeLimit(5)), StepDefinition("批准", Role.APPROVER, TimeLimit(3))),
)


class Counter(Aggregate):
    @event("Counted")
    def __init__(self) -> None:
        self.count = 0

    @event("Incremented")
    def increment(self, by: int) -> None:
        self.count += by


class PlainApp(Application[Any]):
    name = "BenchPlain"


def _ledger_worker(ledger: Any, clerk: Actor, handler: Actor, index: int) -> Callable[[], None]:
    """One worker's stream of commands: receive, accept, hand off, take over, complete the first step."""
    clock = itertools.count()
    state: dict[str, Any] = {"case": None, "step": 0}

    def at() -> datetime:
        return START + timedelta(minutes=next(clock))

    def command() -> None:
        case_no, step = state["case"], state["step"]
        if case_no is None or step == 5:
            state["case"] = ledger.cases.receive(
                item_code=ITEM.code,
                applicant=Applicant(f"S{index}-{next(clock)}", "张三", "510122199001011233"),
                at=at(),
                by=clerk,
                channel=Channel.WINDOW,
            ).case_no
            state["step"] = 1
            return
        if step == 1:
            ledger.cases.handle(case_no, Accept(), at=at(), by=clerk)
        elif step == 2:
            ledger.cases.handle(case_no, HandOff(to_person_id=handler.person_id), at=at(), by=clerk)
        elif step == 3:
            ledger.cases.handle(case_no, ReceiveHandOff(), at=at(), by=handler)
        else:
            ledger.cases.handle(case_no, CompleteStep(opinion="同意"), at=at(), by=handler)
        state["step"] = step + 1

    return command


def prepare_centre(ledger: CaseLedger) -> tuple[Actor, Actor]:
    """The benchmark's department, its clerk and handler, and its item; calendars seeded before any clock."""
    ledger.organisation.register_department("BENCH", "基准部门")
    ledger.people.register_person(CLERK_ID, "窗口", Role.WINDOW_CLERK, "BENCH")
    ledger.people.register_person(HANDLER_ID, "承办", Role.HANDLER, "BENCH")
    ledger.catalogue.register_item(ITEM, by=ADMIN)
    ledger.calendars.working_days(2026)
    return ledger.people.actor(CLERK_ID), ledger.people.actor(HANDLER_ID)


def application_rate(place: Place, concurrency: int, seconds: float, processes: int = 1) -> Run:
    """The case commands through the application layer: ``concurrency`` callers shared out over
    ``processes`` ledger processes (as several server processes would run them), measured together."""
    ledger = build_ledger(place.settings)
    clerk, handler = prepare_centre(ledger)
    processes = max(1, min(processes, concurrency))
    try:
        if processes == 1:
            return hammer(concurrency, seconds, lambda i: _ledger_worker(ledger, clerk, handler, i))
        context = multiprocessing.get_context("spawn")
        ready, go, results = context.Queue(), context.Event(), context.Queue()
        shares = [concurrency // processes + (n < concurrency % processes) for n in range(processes)]
        children = [
            context.Process(target=_ledger_process, args=(place.settings, n, share, seconds, ready, go, results))
            for n, share in enumerate(shares)
        ]
        for child in children:
            child.start()
        for _ in children:
            ready.get(timeout=120)
        go.set()  # every process built and warmed up: all measure the same seconds
        outcomes = [results.get(timeout=seconds + 120) for _ in children]
        for child in children:
            child.join()
        latencies = [x for latencies, _, _ in outcomes for x in latencies]
        return Run.of(latencies, max(s for _, s, _ in outcomes), sum(cpu for _, _, cpu in outcomes))
    finally:
        ledger.close()


def _ledger_process(
    settings: Settings, number: int, share: int, seconds: float, ready: Any, go: Any, results: Any
) -> None:
    """One ledger process of ``application_rate``: ``share`` callers, numbered apart from the others'."""
    ledger = build_ledger(settings)
    clerk, handler = ledger.people.actor(CLERK_ID), ledger.people.actor(HANDLER_ID)
    ledger.calendars.working_days(2026)
    settle_process()  # as the server's workers do
    ready.put(number)
    go.wait()
    results.put(timed(share, seconds, lambda i: _ledger_worker(ledger, clerk, handler, number * 1000 + i)))
    ledger.close()


def measure(place: Place, concurrency: int, seconds: float, processes: int = 1) -> dict[str, Run]:
    results = {"ledger": application_rate(place, concurrency, seconds, processes)}

    def raw_worker(_: int) -> Callable[[], None]:
        conn = place.connect_raw()
        return lambda: conn.execute(place.raw_insert, (PAYLOAD,))

    results["raw"] = hammer(concurrency, seconds, raw_worker)
    plain = PlainApp(env=persistence_env(place.settings.database_url))

    def plain_worker(_: int) -> Callable[[], None]:
        counter = Counter()
        plain.save(counter)
        ident = counter.id

        def command() -> None:
            aggregate: Counter = plain.repository.get(ident)
            aggregate.increment(by=1)
            plain.save(aggregate)

        return command

    results["plain"] = hammer(concurrency, seconds, plain_worker)
    plain.close()
    return results


def run(
    settings: Settings, concurrencies: list[int], seconds: float, processes: int, console: Console
) -> list[dict[str, Any]]:
    """Each concurrency in a fresh place; prints a table, returns one JSON object per concurrency."""
    rows = []
    for concurrency in concurrencies:
        with bench_place(settings) as place:
            results = measure(place, concurrency, seconds, processes)
        ledger, raw, plain = results["ledger"], results["raw"], results["plain"]
        rows.append(
            {
                "bench": "write",
                "backend": place.backend,
                "concurrency": concurrency,
                "processes": max(1, min(processes, concurrency)),
                "ledger_per_s": round(ledger.per_second, 1),
                "raw_per_s": round(raw.per_second, 1),
                "plain_per_s": round(plain.per_second, 1),
                "ratio_raw": round(ledger.per_second / raw.per_second, 3) if raw.per_second else None,
                "ratio_plain": round(ledger.per_second / plain.per_second, 3) if plain.per_second else None,
                "p50_ms": round(ledger.p50_ms, 2),
                "p99_ms": round(ledger.p99_ms, 2),
                # CPU of the ledger processes per command, and of the raw baseline's process per insert
                "ledger_cpu_us": round(ledger.cpu_us_per_operation),
                "raw_cpu_us": round(raw.cpu_us_per_operation),
            }
        )
    backend = rows[0]["backend"] if rows else "-"
    print_rows(
        console,
        f"write: case commands on {backend} ({seconds:.0f} s each)",
        [
            ("concurrency", "concurrency"),
            ("ledger processes", "processes"),
            ("ledger cmd/s", "ledger_per_s"),
            ("raw tx/s", "raw_per_s"),
            ("plain es/s", "plain_per_s"),
            ("ledger/raw", "ratio_raw"),
            ("ledger/plain", "ratio_plain"),
            ("p50 ms", "p50_ms"),
            ("p99 ms", "p99_ms"),
            ("ledger CPU µs/cmd", "ledger_cpu_us"),
            ("raw CPU µs/tx", "raw_cpu_us"),
        ],
        rows,
    )
    return rows
