"""The ledger's PostgreSQL recorder: the library's, with a batch of events recorded in one round trip.

The library records a batch in a pipelined transaction: ``SET LOCAL lock_timeout``, ``LOCK TABLE ... IN
EXCLUSIVE MODE`` (so that notification ids never interleave between writers), ``NOTIFY``, the insert of
one array of a composite type (which psycopg builds and escapes value by value in Python), a sync to
read the ids, then ``COMMIT``: several waits on the server per batch, each of which, under load, is
also a wait for the GIL. Here the same steps, in the same order and in one transaction, are one
function of the database, ``<table>_record_v1(ids, versions, topics, states)``, called with four binary
arrays on an autocommit connection: one round trip, the commit included. The table, the lock, the
notification and the ids it returns are the library's (the recorder is selected with
``APPLICATION_RECORDER_TOPIC``, and passes the library's own recorder test cases).

The function is created with the table, only if missing (its name carries its version): a
least-privilege role that does not own it still calls it, as the invoker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError, Notification, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Composed, Identifier, Literal

RECORD_FUNCTION = """
DO $do$ BEGIN
CREATE FUNCTION {schema}.{function}(ids {id_type}[], versions bigint[], topics text[], states bytea[])
RETURNS SETOF bigint LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM set_config('lock_timeout', {lock_timeout}, true);
    LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE;
    NOTIFY {channel};
    RETURN QUERY
        INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state)
        SELECT * FROM unnest(ids, versions, topics, states)
        RETURNING notification_id;
END $fn$;
EXCEPTION WHEN duplicate_function THEN NULL;
END $do$
"""


class LedgerRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        function = f"{self.events_table_name}_record_v1"
        self.sql_create_statements.append(
            SQL(RECORD_FUNCTION).format(
                schema=Identifier(datastore.schema),
                function=Identifier(function),
                table=Identifier(self.events_table_name),
                id_type=SQL(datastore.originator_id_type),
                channel=Identifier(self.channel_name),
                lock_timeout=Literal(f"{datastore.lock_timeout}s"),
            )
        )
        # A window of the log read along its index (the next ``limit`` × parts events, of the topics if
        # any), and of it the events of one part: an aggregate's part as ``application.ports.part_of_id``
        # computes it, its id's last 48 bits (the last twelve hex digits of its text) modulo the parts.
        # (Filtered in one scan, the planner cannot tell how many rows the part's condition keeps; on a
        # table without fresh statistics it read and sorted the whole rest of the log for every page.)
        self.part_statements: dict[bool, tuple[Composed, Composed]] = {}
        for topics in (False, True):
            window = SQL(
                "(SELECT * FROM {schema}.{table} WHERE notification_id > %s{topics}"
                " ORDER BY notification_id LIMIT %s) AS w"
            ).format(
                schema=Identifier(datastore.schema),
                table=Identifier(self.events_table_name),
                topics=SQL(" AND topic = ANY(%s)" if topics else ""),
            )
            part_of_window = SQL(
                "SELECT notification_id, originator_id, originator_version, topic, state FROM {window}"
                " WHERE ('x' || right(originator_id::text, 12))::bit(48)::bigint %% %s = %s"
                " ORDER BY notification_id LIMIT %s"
            ).format(window=window)
            window_end = SQL("SELECT max(notification_id) FROM {window}").format(window=window)
            self.part_statements[topics] = (part_of_window, window_end)
        self.record_statement = SQL(
            "SELECT n AS notification_id FROM {schema}.{function}"
            "(%b::{id_type}[], %b::bigint[], %b::text[], %b::bytea[]) AS n"
        ).format(
            schema=Identifier(datastore.schema),
            function=Identifier(function),
            id_type=SQL(datastore.originator_id_type),
        )

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **_: Any) -> Sequence[int] | None:
        if not stored_events:
            return []
        with self.datastore.get_connection() as connection, connection.cursor() as cursor:
            cursor.execute(
                self.record_statement,
                (
                    [e.originator_id for e in stored_events],
                    [e.originator_version for e in stored_events],
                    [e.topic for e in stored_events],
                    [e.state for e in stored_events],
                ),
                prepare=True,
            )
            return [row["notification_id"] for row in cursor.fetchall()]

    def position_of(self, originator_id: UUID, version: int) -> int | None:
        """The ledger position (notification id) of an aggregate's event, if recorded."""
        statement = SQL(
            "SELECT notification_id FROM {schema}.{table} WHERE originator_id = %s AND originator_version = %s"
        )
        query = statement.format(schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name))
        with self.datastore.get_connection() as connection, connection.cursor(row_factory=tuple_row) as cursor:
            cursor.execute(query, (originator_id, version))
            found = cursor.fetchone()
        return None if found is None else int(found[0])

    def select_notifications_of_part(
        self, start: int, limit: int, stop: int, topics: Sequence[str], part: int, parts: int
    ) -> Sequence[Notification]:
        """A page of the log after ``start`` (up to ``stop``) of the aggregates in ``part`` of ``parts``
        (``PartLog``): the database leaves the other parts' events out, so each part of a rebuild reads
        only its own. A page is empty only once nothing of the part is left up to ``stop``."""
        selected = [list(topics)] if topics else []
        with self.datastore.get_connection() as connection, connection.cursor(row_factory=tuple_row) as cursor:
            while start < stop:
                part_of_window, window_end = self.part_statements[bool(topics)]
                window = (start, *selected, limit * parts)
                cursor.execute(part_of_window, (*window, parts, part, limit), prepare=True)
                page = [
                    Notification(id=i, originator_id=o, originator_version=v, topic=t, state=bytes(s))
                    for i, o, v, t, s in cursor.fetchall()
                ]
                if page:
                    return [n for n in page if n.id <= stop]
                # A window without an event of this part (rare): the next one starts after it.
                cursor.execute(window_end, window, prepare=True)
                end = cursor.fetchone()
                if end is None or end[0] is None:
                    break
                start = end[0]
        return []

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        """The library's page of the log, its upper bound applied here rather than in the query.

        With both bounds, a table without fresh statistics (after a bulk import, until autovacuum's
        analyze) was planned as a scan of the whole remaining range, sorted, for every page, growing with
        the log (ADR 12). The open range is read along the index, and the rows past ``stop`` dropped
        here: the same page, as those come last in its order.
        """
        page = super().select_notifications(start, limit, None, topics, inclusive_of_start=inclusive_of_start)
        return page if stop is None else [n for n in page if n.id <= stop]
