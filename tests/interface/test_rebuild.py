"""A rebuild of the views in parts, by several processes at once, gives the views a rebuild in one gives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import islice

import pytest
from eventsourcing.utils import get_topic

from application.ledger import CaseLedger
from application.ports import PartLog
from application.projections.runner import ProjectionRunner, part_of
from application.projections.views import all_views
from domain.business_time import SHANGHAI
from domain.case.events.intake import Received
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.demo.centre import load_centre
from infrastructure.demo.simulation import Simulator
from infrastructure.settings import Settings, persistence_env
from interface.composition import Views, build_views
from interface.rebuild import RebuildFailed, rebuild_in_parts
from tests.application.test_projection_runtime import PoisonedCaseList, digest


@pytest.fixture
def ledger(stored_database_url: str) -> Iterator[CaseLedger]:
    """A ledger of 120 simulated cases of 2026 (receipts, hand-offs, steps, warnings, decisions, ratings)."""
    app = CaseLedger(env=persistence_env(stored_database_url), calendar_source=SeedCalendarSource())
    centre = load_centre(app, seed=5)
    until = datetime(2026, 11, 20, 18, 0, tzinfo=SHANGHAI)
    cases = Simulator(centre, app.working_days(2026), seed=5, until=until).cases(120)
    while batch := list(islice(cases, 60)):
        app.import_cases(batch)
    yield app
    app.close()


@pytest.fixture
def views(ledger: CaseLedger, stored_database_url: str) -> Iterator[Views]:
    built = build_views(Settings(database_url=stored_database_url), ledger)
    yield built
    built.close()


def test_a_rebuild_in_processes_equals_a_rebuild_in_one(
    ledger: CaseLedger, views: Views, stored_database_url: str
) -> None:
    views.runner.rebuild()
    whole = digest(views)
    head = ledger.recorder.max_notification_id()
    rebuilt = rebuild_in_parts(Settings(database_url=stored_database_url), None, 2, None)
    assert rebuilt.head == head and rebuilt.stopped == []
    assert rebuilt.applied > head  # every view's events, summed
    assert 30 < rebuilt.parts_peak_mb < 500  # each part's own process, as it measured itself
    assert digest(views) == whole
    assert all(status.position == head and not status.stopped for status, _ in views.runner.statuses())


def test_the_parts_share_the_aggregates_out(ledger: CaseLedger, views: Views) -> None:
    """Three parts folded one after the other: each takes some cases, together all of them once."""
    views.runner.rebuild()
    whole = digest(views)
    rebuild = views.runner.begin_rebuild()
    applied = [views.runner.fold_part(rebuild, part, 3) for part in (2, 0, 1)]  # in any order
    assert all(applied)
    assert views.runner.finish_rebuild(rebuild) == []
    assert digest(views) == whole
    page = ledger.recorder.select_notifications(None, 500)
    assert {part_of(n, 3) for n in page} == {0, 1, 2}


@pytest.mark.postgres
def test_the_database_reads_a_part_of_the_log_as_part_of_decides_it(pg_url: str) -> None:
    """Each part of a rebuild reads its own events from PostgreSQL (the others' stay in the database):
    page after page, they are exactly the events ``part_of`` gives the part, up to the bound."""
    app = CaseLedger(env=persistence_env(pg_url), calendar_source=SeedCalendarSource())
    try:
        centre = load_centre(app, seed=7)
        until = datetime(2026, 11, 20, 18, 0, tzinfo=SHANGHAI)
        app.import_cases(list(Simulator(centre, app.working_days(2026), seed=7, until=until).cases(30)))
        log = app.recorder
        assert isinstance(log, PartLog)
        everything = list(log.select_notifications(None, 100_000))
        stop = everything[-1].id - 5  # the rebuild's head, short of the log's
        # Windows of three events without one of a part's are read past, not taken for the end:
        assert any(all(part_of(n, 3) != 0 for n in everything[i : i + 3]) for i in range(len(everything)))
        received = [get_topic(Received)]
        for parts, limit, topics in ((2, 500, []), (3, 1, []), (3, 2, received), (2, 7, received)):
            for part in range(parts):
                read: list[int] = []
                while page := log.select_notifications_of_part(
                    read[-1] if read else 0, limit, stop, topics, part, parts
                ):
                    assert len(page) <= limit
                    read += [n.id for n in page]
                ours = [n for n in everything if part_of(n, parts) == part and n.id <= stop]
                assert read == [n.id for n in ours if not topics or n.topic in topics]
    finally:
        app.close()


def test_views_held_by_a_rebuild_are_left_alone_and_say_so_if_it_never_ends(ledger: CaseLedger, views: Views) -> None:
    views.runner.rebuild()
    whole = digest(views)
    rebuild = views.runner.begin_rebuild(["queue", "responsibility"])
    views.runner.fold_part(rebuild, 0, 2)  # the other part never comes: the rebuild was interrupted
    assert views.runner.catch_up() == 0  # no other runner folds into the held views
    held = views.store.status("queue")
    assert held.stopped and held.position == 0 and held.error == rebuild.mark
    assert not views.store.status("supervision").stopped  # views outside the rebuild run on
    views.runner.rebuild()  # what the status asks for
    assert digest(views) == whole


def test_a_poison_event_in_a_part_leaves_its_view_stopped(ledger: CaseLedger, views: Views) -> None:
    poisoned = ProjectionRunner(ledger, views.store, [PoisonedCaseList(), *all_views()[1:]])
    rebuild = poisoned.begin_rebuild()
    for part in (0, 1):
        poisoned.fold_part(rebuild, part, 2)
    assert poisoned.finish_rebuild(rebuild) == ["queue"]
    status = views.store.status("queue")
    assert status.stopped and status.error is not None and "cannot read this event" in status.error
    assert not views.store.status("responsibility").stopped
    assert views.store.status("responsibility").position == rebuild.head


def test_an_in_memory_ledger_is_rebuilt_in_one_part() -> None:
    with pytest.raises(RebuildFailed, match="in one part"):
        rebuild_in_parts(Settings(database_url="memory://"), None, 2, None)
