"""One process at a time sets up a schema's tables.

PostgreSQL's ``CREATE TABLE IF NOT EXISTS`` is not safe against a concurrent twin: two processes
starting at once (two API workers, a watcher beside a projection worker) can both pass the "not
exists" check and one then fails with "tuple concurrently updated" or a duplicate key in the
catalogue. A session-level advisory lock, keyed by the schema, makes the set-up of each process wait
for the one before it; afterwards every ``IF NOT EXISTS`` finds the tables and does nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

LOCK_NAMESPACE = "caseledger schema set-up"


@contextmanager
def schema_setup_lock(conninfo: str, schema: str | None, *, create: bool = True) -> Iterator[None]:
    """Hold the set-up lock of ``schema`` (``public`` when None) for the duration of the block, creating
    the schema first if ``create`` (a least-privilege role is given an existing schema instead)."""
    key = f"{LOCK_NAMESPACE}: {schema or 'public'}"
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", (key,))
        try:
            exists = connection.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone()
            if create and schema and not exists:  # asked only when missing: it needs CREATE on the database
                connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
            yield
        finally:
            connection.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", (key,))
