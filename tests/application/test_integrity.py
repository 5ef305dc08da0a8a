"""Tamper evidence: events edited, deleted, reordered or inserted with direct SQL are each named.

These attacks leave the transparency log's tables alone, so the signed tree names each event; the attacks
on the log itself (re-signing, deleting heads, truncating, replaying a witness) are in test_attacks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

import psycopg
import pytest

from application.integrity.verify import VerifyReport
from application.ledger import CaseLedger
from domain.case.aggregate import Case
from domain.organisation.actors import Actor
from infrastructure.settings import Settings
from interface.composition import Views, build_ledger, build_views
from tests.application.helpers import set_up_centre
from tests.application.integrity_support import integrity_settings, seal, verify
from tests.application.test_views import worked_case
from tests.support import at

Sql = Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]


@pytest.fixture
def store(stored_database_url: str, tmp_path: Path) -> Iterator[tuple[CaseLedger, Views, Settings, Sql]]:
    """A ledger whose log has a key but no witness: what the database alone lets verify name."""
    settings = integrity_settings(stored_database_url, tmp_path, witness=False)
    ledger = build_ledger(settings)
    views = build_views(settings, ledger)
    yield ledger, views, settings, sql_for(stored_database_url)
    views.close()
    ledger.close()


def sql_for(url: str) -> Sql:
    """Run SQL straight against the event table, as someone with database access could."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":

        def run_sqlite(statement: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
            with sqlite3.connect(parts.path[1:]) as conn:
                statement = statement.replace("%s", "?").replace("EVENTS", "stored_events").replace("POSITION", "rowid")
                statement = statement.replace("TLOG_", "tlog_")
                return conn.execute(statement, params).fetchall()

        return run_sqlite
    schema = parse_qs(parts.query)["schema"][0]

    def run_postgres(statement: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        statement = statement.replace("EVENTS", f"{schema}.caseledger_events").replace("POSITION", "notification_id")
        statement = statement.replace("TLOG_", f"{schema}.tlog_")
        with psycopg.connect(urlunsplit(("postgresql", parts.netloc, parts.path, "", "")), autocommit=True) as conn:
            cursor = conn.execute(statement.encode(), params)
            return cursor.fetchall() if cursor.description else []

    return run_postgres


def case_id(url_sql: Sql, case_no: str) -> Any:
    case_id = Case.id_for(case_no)
    rows = url_sql("SELECT originator_id FROM EVENTS WHERE originator_version = 1", ())
    return next(r[0] for r in rows if str(r[0]).replace("-", "") == case_id.hex)


def sealed_case(ledger: CaseLedger, views: Views, settings: Settings) -> str:
    case_no = worked_case(ledger, set_up_centre(ledger))
    seal(settings, ledger, views, at(3, 25))
    return case_no


def kinds(report: VerifyReport) -> list[tuple[str, str, int | None]]:
    return [(f.kind, f.aggregate, f.version) for f in report.findings]


def test_an_untampered_ledger_verifies_clean_before_and_after_sealing(
    store: tuple[CaseLedger, Views, Settings, Sql],
) -> None:
    ledger, views, settings, _ = store
    worked_case(ledger, set_up_centre(ledger))
    assert verify(settings, ledger, views).clean
    sealed = seal(settings, ledger, views, at(3, 25))
    assert sealed.signed and sealed.head is not None
    assert sealed.appended == sealed.head.head.size == ledger.store.recorder.max_notification_id() > 50
    report = verify(settings, ledger, views)
    assert report.clean and report.heads == 1 and report.tree_size == report.events > 50 and report.unsealed == 0
    again = seal(settings, ledger, views, at(3, 25))
    assert (again.appended, again.signed) == (0, False)  # nothing new: the head stands


def test_an_edited_event_is_named(store: tuple[CaseLedger, Views, Settings, Sql]) -> None:
    ledger, views, settings, sql = store
    case_no = sealed_case(ledger, views, settings)
    originator = case_id(sql, case_no)
    [(state,)] = sql("SELECT state FROM EVENTS WHERE originator_id = %s AND originator_version = 7", (originator,))
    assert "同意".encode() in bytes(state)  # the handler's opinion on 承办
    sql(
        "UPDATE EVENTS SET state = %s WHERE originator_id = %s AND originator_version = 7",
        (bytes(state).replace("同意".encode(), "不同意".encode()), originator),
    )
    assert kinds(verify(settings, ledger, views)) == [("edited", case_no, 7)]


def test_an_edited_last_event_is_caught_by_the_seal(store: tuple[CaseLedger, Views, Settings, Sql]) -> None:
    ledger, views, settings, sql = store
    case_no = sealed_case(ledger, views, settings)
    originator = case_id(sql, case_no)
    [(last, state)] = sql(
        "SELECT originator_version, state FROM EVENTS WHERE originator_id = %s "
        "ORDER BY originator_version DESC LIMIT 1",
        (originator,),
    )
    sql(
        "UPDATE EVENTS SET state = %s WHERE originator_id = %s AND originator_version = %s",
        (bytes(state).replace(b"window", b"mail__"), originator, last),
    )
    assert kinds(verify(settings, ledger, views)) == [("edited", case_no, last)]


def test_a_deleted_event_is_named(store: tuple[CaseLedger, Views, Settings, Sql]) -> None:
    ledger, views, settings, sql = store
    case_no = sealed_case(ledger, views, settings)
    sql("DELETE FROM EVENTS WHERE originator_id = %s AND originator_version = 4", (case_id(sql, case_no),))
    assert kinds(verify(settings, ledger, views)) == [("deleted", case_no, 4)]


def test_reordered_events_are_named(store: tuple[CaseLedger, Views, Settings, Sql]) -> None:
    ledger, views, settings, sql = store
    case_no = sealed_case(ledger, views, settings)
    originator = case_id(sql, case_no)
    for old, new in ((4, 1000), (5, 4), (1000, 5)):
        sql(
            "UPDATE EVENTS SET originator_version = %s WHERE originator_id = %s AND originator_version = %s",
            (new, originator, old),
        )
    assert kinds(verify(settings, ledger, views)) == [("reordered", case_no, 4), ("reordered", case_no, 5)]


def test_an_inserted_event_is_named(store: tuple[CaseLedger, Views, Settings, Sql]) -> None:
    ledger, views, settings, sql = store
    case_no = sealed_case(ledger, views, settings)
    originator = case_id(sql, case_no)
    [(last,)] = sql("SELECT MAX(originator_version) FROM EVENTS WHERE originator_id = %s", (originator,))
    [(topic, state)] = sql(
        "SELECT topic, state FROM EVENTS WHERE originator_id = %s AND originator_version = 3", (originator,)
    )
    sql(
        "INSERT INTO EVENTS (originator_id, originator_version, topic, state) VALUES (%s, %s, %s, %s)",
        (originator, last + 1, topic, state),
    )
    assert kinds(verify(settings, ledger, views)) == [("inserted", case_no, last + 1)]


def test_events_after_a_seal_keep_verifying(store: tuple[CaseLedger, Views, Settings, Sql]) -> None:
    ledger, views, settings, _ = store
    case_no = sealed_case(ledger, views, settings)
    ledger.cases.rate(case_no, stars=4, comment="", at=at(3, 26), by=Actor.applicant("subject-1"))
    assert verify(settings, ledger, views).clean


def test_a_garbled_sealed_event_is_named_edited(store: tuple[CaseLedger, Views, Settings, Sql]) -> None:
    ledger, views, settings, sql = store
    case_no = sealed_case(ledger, views, settings)
    sql(
        "UPDATE EVENTS SET state = %s WHERE originator_id = %s AND originator_version = 7",
        (b"\xff\x00 not an event", case_id(sql, case_no)),
    )
    assert kinds(verify(settings, ledger, views)) == [("edited", case_no, 7)]
