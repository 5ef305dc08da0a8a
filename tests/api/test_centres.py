"""Several centres on one PostgreSQL server: each request's X-Centre picks a ledger in its own schema."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import psycopg
import pytest
from fastapi.testclient import TestClient

from domain.catalogue.terms import ItemKind
from domain.errors import InvalidValue
from domain.organisation.actors import Role
from infrastructure.settings import Settings
from interface.api.app import create_app
from interface.composition import build_ledger
from tests.application.helpers import ADMIN
from tests.support import DEPT, ID_NUMBER, item

pytestmark = [pytest.mark.postgres]
CENTRES = ("hz", "xs")


@pytest.fixture
def served(pg_url: str) -> Iterator[tuple[TestClient, dict[str, str]]]:
    settings = Settings(database_url=pg_url, centres=CENTRES)
    tokens = {}
    for code in CENTRES:
        ledger = build_ledger(settings.for_centre(code))
        ledger.organisation.register_department(DEPT, "市场监督管理局")
        tokens[code] = ledger.people.add_user(f"clerk-{code}", Role.WINDOW_CLERK, DEPT).token
        ledger.catalogue.register_item(item(ItemKind.COMMITMENT), by=ADMIN)
        ledger.close()
    with TestClient(create_app(settings)) as client:
        yield client, tokens
    base = pg_url.split("schema=")[1]
    with psycopg.connect(pg_url.split("?", maxsplit=1)[0], autocommit=True) as conn:
        for code in CENTRES:
            conn.execute(f"DROP SCHEMA IF EXISTS {base}_{code} CASCADE")


def _receive(client: TestClient, token: str, centre: str | None) -> object:
    headers = {"Authorization": f"Bearer {token}"} | ({"X-Centre": centre} if centre else {})
    body = {"item_code": item(ItemKind.COMMITMENT).code, "applicant": {"name": "张三", "id_number": ID_NUMBER}}
    return client.post("/cases", json=body, headers=headers)


def test_each_centre_keeps_its_own_cases_and_users(served: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = served
    made = _receive(client, tokens["hz"], "hz")
    assert made.status_code == 201, made.text
    case_no = made.json()["case_no"]
    as_hz = {"Authorization": f"Bearer {tokens['hz']}", "X-Centre": "hz"}
    assert client.get(f"/cases/{case_no}", headers=as_hz).status_code == 200
    as_xs = {"Authorization": f"Bearer {tokens['xs']}", "X-Centre": "xs"}
    assert client.get(f"/cases/{case_no}", headers=as_xs).status_code == 404  # not in the other centre
    assert _receive(client, tokens["hz"], "xs").status_code == 401  # a token is its centre's only
    assert _receive(client, tokens["xs"], "xs").status_code == 201


def test_a_request_without_a_known_centre_is_a_clear_problem(served: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = served
    missing = _receive(client, tokens["hz"], None)
    assert missing.status_code == 400 and missing.json()["type"] == "/problems/centre-required"
    unknown = _receive(client, tokens["hz"], "nowhere")
    assert unknown.status_code == 404 and unknown.json()["type"] == "/problems/unknown-centre"
    assert missing.headers["content-type"].startswith("application/problem+json")


def test_centre_settings_name_a_schema_of_the_same_database(pg_url: str) -> None:
    settings = Settings(database_url=pg_url + "&pool_size=2")
    centre = settings.for_centre("hz")
    assert centre.database_url.startswith(pg_url.split("?", maxsplit=1)[0]) and "_hz" in centre.database_url
    assert "pool_size=2" in centre.database_url
    with pytest.raises(InvalidValue, match="centre code"):
        settings.for_centre("Bad-Code")
    with pytest.raises(InvalidValue, match="PostgreSQL"):
        replace(settings, database_url="sqlite:///x.sqlite").for_centre("hz")
    env = {"CASELEDGER_DATABASE_URL": pg_url, "CASELEDGER_CENTRE": "xs"}
    assert Settings.from_env(env).database_url == Settings(database_url=pg_url).for_centre("xs").database_url
