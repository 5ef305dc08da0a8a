"""The library's SQLite and in-memory recorders, with the one question the ledger adds: where in the
log an aggregate's event stands (``position_of``; the PostgreSQL recorder answers it too).

A keyed command's replay answers the position its first answer gave, which is its receipt's.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory
from eventsourcing.sqlite import SQLiteApplicationRecorder


class SqliteLedgerRecorder(SQLiteApplicationRecorder):
    def position_of(self, originator_id: UUID, version: int) -> int | None:
        """The ledger position (the row id) of an aggregate's event, if recorded."""
        # The table's name is the library's configuration, never a request's.
        table = self.events_table_name
        statement = f"SELECT rowid FROM {table} WHERE originator_id = ? AND originator_version = ?"  # noqa: S608
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, (originator_id.hex, version))
            found = cursor.fetchone()
        return None if found is None else int(found[0])


class MemoryLedgerRecorder(POPOApplicationRecorder):
    def position_of(self, originator_id: UUID, version: int) -> int | None:
        """The ledger position of an aggregate's event, if recorded (its place in the list, from 1)."""
        with self._database_lock:
            index = self._stored_events_index[str(originator_id)].get(version)
        return None if index is None else index + 1


class MemoryFactory(POPOFactory):
    """The in-memory store (``memory://``) with ``MemoryLedgerRecorder`` (the library's in-memory factory
    has no setting for its recorder)."""

    def application_recorder(self) -> ApplicationRecorder:
        return MemoryLedgerRecorder()
