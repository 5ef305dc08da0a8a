"""The ledger's PostgreSQL recorder: the library's, with the events sent as four arrays.

The library sends a batch of events as one array of a composite type, which psycopg builds and
escapes value by value in Python; under load that was the largest share of the write path's time.
Here the same ``INSERT ... SELECT FROM unnest(...) RETURNING notification_id`` takes four binary arrays
(ids, versions, topics, states). Everything else is the library's own, unchanged: the same transaction,
the same ``LOCK TABLE ... IN EXCLUSIVE MODE`` first (so notification ids never interleave), the same
``NOTIFY``, the same table (selected with ``APPLICATION_RECORDER_TOPIC``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier


class LedgerRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.insert_events_statement = SQL(
            "INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state) "
            "SELECT * FROM unnest(%b::{id_type}[], %b::bigint[], %b::text[], %b::bytea[]) "
            "RETURNING notification_id"
        ).format(
            schema=Identifier(datastore.schema),
            table=Identifier(self.events_table_name),
            id_type=Identifier(datastore.originator_id_type),
        )

    def _insert_stored_events(self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **_: Any) -> None:
        self._lock_table(curs)
        self._notify_channel(curs)
        curs.execute(
            self.insert_events_statement,
            (
                [e.originator_id for e in stored_events],
                [e.originator_version for e in stored_events],
                [e.topic for e in stored_events],
                [e.state for e in stored_events],
            ),
        )
