"""Opening the view store that belongs to a database URL (the same database as the events)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit, urlunsplit

from infrastructure.privacy.subject_keys import KeyStore, TableKeyStore
from infrastructure.settings import Settings, persistence_env
from infrastructure.views.sql_store import Dialect, PostgresDialect, SqliteDialect, SqlViewStore


def open_key_store(settings: Settings) -> KeyStore:
    """The subject keys: a table of their own in the same database (in memory for ``memory://``)."""
    if settings.backend == "memory":
        return KeyStore()
    return TableKeyStore(_dialect(settings))


def open_view_store(settings: Settings) -> SqlViewStore:
    if settings.backend == "memory":
        return SqlViewStore(SqliteDialect(":memory:"))
    return SqlViewStore(_dialect(settings))


def _dialect(settings: Settings) -> Dialect:
    url = urlsplit(settings.database_url)
    if settings.backend == "sqlite":
        return SqliteDialect(persistence_env(settings.database_url)["SQLITE_DBNAME"])
    schema = parse_qs(url.query).get("schema", [None])[0]  # other query options are the ledger's
    conninfo = urlunsplit(("postgresql", url.netloc, url.path, "", ""))
    return PostgresDialect(conninfo, schema)
