"""Events a view cannot take stop that view alone, naming the event; reports from it then say so.

Two kinds, as met in the field: an event whose rows the database refuses (a NUL character in a comment,
recorded before the edge refused such text: PostgreSQL stores no NUL), and an event no longer readable
as stored. Either stops exactly the views that read it, at the last good position; the others go on.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest

from application.ledger import CaseLedger
from application.reports.filters import ReportFilters, ViewStopped
from domain.organisation.actors import Actor
from infrastructure.settings import Settings
from interface.composition import Views, build_ledger, build_views
from tests.application.helpers import set_up_centre
from tests.application.test_integrity import case_id, sql_for
from tests.application.test_views import worked_case
from tests.support import at


@pytest.fixture
def store(stored_database_url: str, tmp_path: Path) -> Iterator[tuple[CaseLedger, Views, str]]:
    settings = Settings(database_url=stored_database_url)
    ledger = build_ledger(settings)
    views = build_views(settings, ledger)
    yield ledger, views, stored_database_url
    views.close()
    ledger.close()


def states(views: Views) -> dict[str, tuple[bool, str | None]]:
    return {status.name: (status.stopped, status.error) for status, _ in views.runner.statuses()}


@pytest.mark.postgres
def test_an_event_the_database_refuses_stops_only_the_views_that_write_it(pg_url: str) -> None:
    settings = Settings(database_url=pg_url)
    ledger = build_ledger(settings)
    views = build_views(settings, ledger)
    try:
        case_no = worked_case(ledger, set_up_centre(ledger))
        views.runner.catch_up()
        result = ledger.cases.rate(case_no, stars=1, comment="差\x00评", at=at(3, 26), by=Actor.applicant("subject-1"))
        views.runner.catch_up()  # no exception: the runner stays up
        found = states(views)
        stopped = {name for name, (is_stopped, _) in found.items() if is_stopped}
        assert stopped and "queue" not in stopped and "catalogue" not in stopped
        for name in stopped:
            error = found[name][1]
            assert error is not None and error.startswith(f"event {result.position}:"), error
            assert views.store.status(name).position < result.position
        assert all(lag == 0 for status, lag in views.runner.statuses() if not status.stopped)  # the others go on
        view = sorted(stopped)[0]
        report = {"supervision": "redflags", "quality": "kpi", "responsibility": "responsibility"}[view]
        with pytest.raises(ViewStopped, match=f"event {result.position}"):
            views.reports.run(report, ReportFilters(), date(2026, 3, 26), ledger.calendars.working_days(2026))
        views.reports.run(
            "queue", ReportFilters(), date(2026, 3, 26), ledger.calendars.working_days(2026)
        )  # unaffected
    finally:
        views.close()
        ledger.close()


def test_an_unreadable_event_stops_the_views_that_read_it(store: tuple[CaseLedger, Views, str]) -> None:
    ledger, views, url = store
    case_no = worked_case(ledger, set_up_centre(ledger))
    ledger.cases.rate(case_no, stars=4, comment="", at=at(3, 26), by=Actor.applicant("subject-1"))
    sql = sql_for(url)
    originator = case_id(sql, case_no)
    [(last,)] = sql("SELECT MAX(originator_version) FROM EVENTS WHERE originator_id = %s", (originator,))
    [(position,)] = sql(
        "SELECT POSITION FROM EVENTS WHERE originator_id = %s AND originator_version = %s", (originator, last)
    )
    sql(
        "UPDATE EVENTS SET state = %s WHERE originator_id = %s AND originator_version = %s",
        (b"{not json", originator, last),
    )
    views.runner.catch_up()
    found = states(views)
    stopped = {name for name, (is_stopped, _) in found.items() if is_stopped}
    assert stopped and "catalogue" not in stopped  # the catalogue view never reads a rating
    for name in stopped:
        assert (found[name][1] or "").startswith(f"event {position}:")


@pytest.mark.parametrize("away_for", [1, 2])
def test_a_store_away_a_moment_stops_nothing(store: tuple[CaseLedger, Views, str], away_for: int) -> None:
    """A batch that fails because the database is away (not because of its data) stops no view: once away,
    the batch is applied again event by event; still away, the catch-up fails and the worker tries again."""
    ledger, views, url = store
    worked_case(ledger, set_up_centre(ledger))
    away = {"times": away_for}
    # What each backend's driver raises when the database is away (a locked file, a lost connection).
    gone: type[Exception] = psycopg.OperationalError if url.startswith("postgres") else sqlite3.OperationalError
    writer = views.store.writer

    def failing_writer(*args: object, **kwargs: object) -> object:
        made = writer(*args, **kwargs)  # type: ignore[arg-type]
        commit = made.commit

        def commit_while_away(position: int | None) -> None:
            if away["times"]:
                away["times"] -= 1
                raise gone("database is locked")
            commit(position)

        made.commit = commit_while_away  # type: ignore[method-assign]
        return made

    views.store.writer = failing_writer  # type: ignore[method-assign]
    if away_for > 1:
        with pytest.raises(gone):
            views.runner.catch_up(["queue"])
    else:
        views.runner.catch_up(["queue"])
    assert not views.store.status("queue").stopped
    views.store.writer = writer  # type: ignore[method-assign]
    views.runner.catch_up()
    assert not any(status.stopped for status, _ in views.runner.statuses())
    assert all(lag == 0 for _, lag in views.runner.statuses())
