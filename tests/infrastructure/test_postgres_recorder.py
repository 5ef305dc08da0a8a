"""The ledger's PostgreSQL recorder passes the library's own recorder test cases.

``LedgerRecorder`` changes only how a batch of events travels to the server (four binary arrays instead
of one array of a composite type); these are the library's tests of what a recorder must guarantee,
among them that concurrent writers never interleave notification ids.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.tests.persistence import ApplicationRecorderTestCase, NonInterleavingNotificationIDsBaseCase

from infrastructure.postgres.recorder import LedgerRecorder

pytestmark = [pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _fresh_schema(request: pytest.FixtureRequest, pg_url: str) -> None:
    request.instance.pg_url = pg_url


class OnAFreshSchema:
    pg_url: str

    def create_recorder(self) -> LedgerRecorder:
        url = urlsplit(self.pg_url)
        datastore = PostgresDatastore(
            dbname=url.path.lstrip("/"),
            host=url.hostname or "127.0.0.1",
            port=url.port or 5432,
            user=url.username or "postgres",
            password=url.password or "",
            pool_size=4,
            max_overflow=4,
            schema=parse_qs(url.query)["schema"][0],
        )
        recorder = LedgerRecorder(datastore, events_table_name="caseledger_events")
        recorder.create_table()
        return recorder


class TestLedgerRecorder(OnAFreshSchema, ApplicationRecorderTestCase[LedgerRecorder]):
    pass


class TestLedgerRecorderNeverInterleaves(OnAFreshSchema, NonInterleavingNotificationIDsBaseCase):
    pass
