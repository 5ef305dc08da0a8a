"""The console's sessions, kept beside the views: one row per signed-in browser, found by the hash of its
cookie (a copy of the table signs no one in)."""

from __future__ import annotations

from typing import NamedTuple

from infrastructure.views.sql_store import SqlViewStore

CREATE = """CREATE TABLE IF NOT EXISTS console_session (
    session_hash TEXT PRIMARY KEY, person_id TEXT NOT NULL, csrf TEXT NOT NULL,
    started REAL NOT NULL, seen REAL NOT NULL)"""
INDEX = "CREATE INDEX IF NOT EXISTS console_session_person_idx ON console_session (person_id)"


class StoredSession(NamedTuple):
    person_id: str
    csrf: str  # the token every form of this session carries
    started: float  # seconds since the epoch: the sign-in
    seen: float  # the last request


class SqlConsoleSessions:
    def __init__(self, store: SqlViewStore) -> None:
        self.store = store
        with store.dialect.transaction() as cursor:
            store.dialect.execute(cursor, CREATE)
            store.dialect.execute(cursor, INDEX)

    def start(self, session_hash: str, session: StoredSession) -> None:
        statement = (
            "INSERT INTO console_session (session_hash, person_id, csrf, started, seen) "
            "VALUES (:h, :person_id, :csrf, :started, :seen)"
        )
        with self.store.dialect.transaction() as cursor:
            self.store.dialect.execute(cursor, statement, {"h": session_hash, **session._asdict()})

    def find(self, session_hash: str) -> StoredSession | None:
        rows = self.store.rows(
            "SELECT person_id, csrf, started, seen FROM console_session WHERE session_hash = :h", {"h": session_hash}
        )
        return StoredSession(**rows[0]) if rows else None

    def touch(self, session_hash: str, seen: float) -> None:
        with self.store.dialect.transaction(durable=False) as cursor:
            self.store.dialect.execute(
                cursor,
                "UPDATE console_session SET seen = :seen WHERE session_hash = :h",
                {"h": session_hash, "seen": seen},
            )

    def end(self, session_hash: str) -> None:
        with self.store.dialect.transaction() as cursor:
            self.store.dialect.execute(
                cursor, "DELETE FROM console_session WHERE session_hash = :h", {"h": session_hash}
            )

    def end_before(self, seen: float) -> None:
        """Forget the sessions idle since before ``seen`` (they would be refused anyway)."""
        with self.store.dialect.transaction() as cursor:
            self.store.dialect.execute(cursor, "DELETE FROM console_session WHERE seen < :seen", {"seen": seen})
