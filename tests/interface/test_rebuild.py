"""A rebuild of the views in parts, by several processes at once, gives the views a rebuild in one gives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import islice

import pytest
from eventsourcing.utils import get_topic

from application.ledger import CaseLedger
from application.ports import PartLog
from application.projections.base import REBUILDING
from application.projections.runner import ProjectionRunner, part_of
from application.projections.views import all_views
from domain.business_time import SHANGHAI
from domain.case.events.intake import Received
from domain.organisation.actors import Actor
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
    cases = Simulator(centre, app.calendars.working_days(2026), seed=5, until=until).cases(120)
    while batch := list(islice(cases, 60)):
        app.cases.import_cases(batch)
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
    head = ledger.store.recorder.max_notification_id()
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
    page = ledger.store.recorder.select_notifications(None, 500)
    assert {part_of(n, 3) for n in page} == {0, 1, 2}


@pytest.mark.postgres
def test_the_database_reads_a_part_of_the_log_as_part_of_decides_it(pg_url: str) -> None:
    """Each part of a rebuild reads its own events from PostgreSQL (the others' stay in the database):
    page after page, they are exactly the events ``part_of`` gives the part, up to the bound."""
    app = CaseLedger(env=persistence_env(pg_url), calendar_source=SeedCalendarSource())
    try:
        centre = load_centre(app, seed=7)
        until = datetime(2026, 11, 20, 18, 0, tzinfo=SHANGHAI)
        app.cases.import_cases(list(Simulator(centre, app.calendars.working_days(2026), seed=7, until=until).cases(30)))
        log = app.store.recorder
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


def test_an_interrupted_rebuild_leaves_the_live_views_serving(ledger: CaseLedger, views: Views) -> None:
    views.runner.rebuild()
    whole = digest(views)
    rebuild = views.runner.begin_rebuild(["queue", "responsibility"])
    views.runner.fold_part(rebuild, 0, 2)  # the other part never comes: the rebuild was interrupted
    assert digest(views) == whole  # the live views are as they were, serving
    assert not any(status.stopped for status, _ in views.runner.statuses())
    rebuilt = views.store.status("queue" + REBUILDING)
    assert rebuilt.stopped and rebuilt.error == rebuild.mark  # no runner folds into the rebuilt view
    unrated = "SELECT case_no FROM view_case_list WHERE status = 'closed' AND rating IS NULL ORDER BY case_no LIMIT 1"
    case_no = views.store.rows(unrated, {})[0]["case_no"]
    ledger.cases.rate(
        case_no, stars=5, comment="", at=datetime(2026, 11, 21, 9, tzinfo=SHANGHAI), by=_applicant(ledger, case_no)
    )
    assert views.runner.catch_up() > 0  # the live views go on catching up meanwhile
    after = digest(views)
    views.runner.rebuild()  # a rebuild run again to its end takes the live views' place
    assert digest(views) == after


def test_a_poison_event_in_a_part_leaves_the_live_view_serving(ledger: CaseLedger, views: Views) -> None:
    views.runner.rebuild()
    live_queue = views.store.rows("SELECT * FROM view_case_list ORDER BY case_no", {})
    poisoned = ProjectionRunner(ledger.store, ledger.calendars, views.store, [PoisonedCaseList(), *all_views()[1:]])
    rebuild = poisoned.begin_rebuild()
    for part in (0, 1):
        poisoned.fold_part(rebuild, part, 2)
    [stopped] = poisoned.finish_rebuild(rebuild)
    assert stopped.startswith("queue (") and "cannot read this event" in stopped
    status = views.store.status("queue")
    assert not status.stopped  # the previous view serves on
    assert views.store.rows("SELECT * FROM view_case_list ORDER BY case_no", {}) == live_queue
    assert views.store.status("responsibility").position == rebuild.head  # the others took their place


def _applicant(ledger: CaseLedger, case_no: str) -> Actor:
    return Actor.applicant(ledger.case_store.case(case_no).applicant.subject_id)


def test_an_in_memory_ledger_is_rebuilt_in_one_part() -> None:
    with pytest.raises(RebuildFailed, match="in one part"):
        rebuild_in_parts(Settings(database_url="memory://"), None, 2, None)
