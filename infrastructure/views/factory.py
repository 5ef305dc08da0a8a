"""Opening the view store that belongs to a database URL (the same database as the events)."""

from __future__ import annotations

import hashlib
import hmac
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit, urlunsplit

from infrastructure.settings import Settings, persistence_env

# The stores are imported where they are opened: a calendar query opens none of them.
if TYPE_CHECKING:
    from infrastructure.privacy.subject_keys import KeyStore
    from infrastructure.views.dialect import Dialect
    from infrastructure.views.sql_store import SqlViewStore


def open_key_store(settings: Settings) -> KeyStore:
    """The subject keys: a table of their own in the same database (in memory for ``memory://``)."""
    from infrastructure.privacy.subject_keys import KeyStore, TableKeyStore

    if settings.backend == "memory":
        return KeyStore()
    return TableKeyStore(_dialect(settings), key_encryption_key(Path(settings.kek)))


def key_encryption_key(path: Path) -> bytes:
    """The key that wraps every subject key: 32 random bytes in a file of its own (mode 0600), made on first use."""
    from infrastructure.integrity.keys import read_or_create_secret  # the cryptography library: not for every command

    return read_or_create_secret(path, 32)


def query_code_secret(settings: Settings) -> bytes | None:
    """The secret receipts' query codes are derived under: from the key-encryption key (none in memory)."""
    if settings.backend == "memory":
        return None
    return hmac.new(key_encryption_key(Path(settings.kek)), b"caseledger query codes", hashlib.sha256).digest()


def open_view_store(settings: Settings) -> SqlViewStore:
    from infrastructure.views.sql_store import SqlViewStore
    from infrastructure.views.sqlite_dialect import SqliteDialect

    if settings.backend == "memory":
        return SqlViewStore(SqliteDialect(":memory:"))
    return SqlViewStore(_dialect(settings))


def schema_setup(settings: Settings) -> AbstractContextManager[None]:
    """Serialise table set-up across processes (PostgreSQL); nothing to serialise on SQLite."""
    if settings.backend != "postgres":
        return nullcontext()
    from infrastructure.postgres.schema_lock import schema_setup_lock  # the driver only where it is used

    create = persistence_env(settings.database_url)["CREATE_TABLE"] == "y"
    return schema_setup_lock(*_postgres_address(settings), create=create)


def _dialect(settings: Settings) -> Dialect:
    from infrastructure.views.sqlite_dialect import SqliteDialect

    if settings.backend == "sqlite":
        return SqliteDialect(persistence_env(settings.database_url)["SQLITE_DBNAME"])
    from infrastructure.views.postgres_dialect import PostgresDialect  # the driver only where it is used

    return PostgresDialect(*_postgres_address(settings))


def _postgres_address(settings: Settings) -> tuple[str, str | None]:
    """The connection string and the schema of a PostgreSQL URL (other query options are the ledger's)."""
    url = urlsplit(settings.database_url)
    schema = parse_qs(url.query).get("schema", [None])[0]
    return urlunsplit(("postgresql", url.netloc, url.path, "", "")), schema
