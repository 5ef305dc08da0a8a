"""The application's least-privilege PostgreSQL role appends events and can never change one."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

import psycopg
import pytest

from application.cases.commands import Accept
from domain.case.values import Applicant
from domain.organisation.actors import Channel
from infrastructure.settings import Settings
from interface.composition import build_ledger, build_views
from tests.application.helpers import set_up_centre
from tests.support import ID_NUMBER, at, item

pytestmark = [pytest.mark.postgres]
SCRIPT = Path(__file__).resolve().parents[2] / "infrastructure" / "postgres" / "least_privilege.sql"


@pytest.fixture
def app_role(pg_url: str) -> Iterator[tuple[str, str]]:
    """The ledger created by its owner, and a fresh role set up by the script; yields (role, url as role)."""
    owner = build_ledger(Settings(database_url=pg_url))
    set_up_centre(owner)
    owner.close()
    role = f"caseledger_app_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(pg_url)
    database = urlunsplit(("postgresql", parts.netloc, parts.path, "", ""))
    schema = parse_qs(parts.query)["schema"][0]
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{role}" LOGIN')
    subprocess.run(
        [
            "psql",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-v",
            f"schema={schema}",
            "-v",
            f"app_role={role}",
            "-q",
            "-f",
            str(SCRIPT),
        ],
        check=True,
    )
    as_role = urlunsplit(("postgresql", f"{role}@{parts.hostname}:{parts.port}", parts.path, parts.query, ""))
    yield role, f"{as_role}&create_tables=no"
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(f'DROP OWNED BY "{role}" CASCADE')
        conn.execute(f'DROP ROLE "{role}"')


def test_the_app_role_records_cases_but_cannot_update_or_delete_events(app_role: tuple[str, str]) -> None:
    _, url = app_role
    settings = Settings(database_url=url)
    ledger = build_ledger(settings)
    views = build_views(settings, ledger)
    clerk = ledger.people.actor("w1")
    case_no = ledger.cases.receive(
        item_code=item().code,
        applicant=Applicant("s", "张三", ID_NUMBER),
        at=at(3, 2, 9),
        by=clerk,
        channel=Channel.WINDOW,
    ).case_no
    ledger.cases.handle(case_no, Accept(), at=at(3, 2, 10), by=clerk)
    views.runner.rebuild()  # views are the role's own
    assert views.store.rows("SELECT status FROM view_case_list WHERE case_no = :c", {"c": case_no}) == [
        {"status": "in_progress"}
    ]
    parts = urlsplit(url)
    schema = parse_qs(parts.query)["schema"][0]
    with psycopg.connect(urlunsplit(("postgresql", parts.netloc, parts.path, "", "")), autocommit=True) as conn:
        conn.execute(f"SET search_path TO {schema}")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="immutable"):
            conn.execute("UPDATE caseledger_events SET topic = topic")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM caseledger_events")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("TRUNCATE caseledger_events")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DROP TRIGGER caseledger_events_immutable ON caseledger_events")
    views.close()
    ledger.close()
