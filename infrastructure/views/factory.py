"""Opening the view store that belongs to a database URL (the same database as the events)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit, urlunsplit

from infrastructure.settings import Settings, persistence_env
from infrastructure.views.sql_store import PostgresDialect, SqliteDialect, SqlViewStore


def open_view_store(settings: Settings) -> SqlViewStore:
    url = urlsplit(settings.database_url)
    scheme = url.scheme.split("+")[0]
    if scheme == "memory":
        return SqlViewStore(SqliteDialect(":memory:"))
    if scheme == "sqlite":
        path = persistence_env(settings.database_url)["SQLITE_DBNAME"]
        return SqlViewStore(SqliteDialect(path))
    schema = parse_qs(url.query).get("schema", [None])[0]  # other query options are the ledger's
    conninfo = urlunsplit(("postgresql", url.netloc, url.path, "", ""))
    return SqlViewStore(PostgresDialect(conninfo, schema))
