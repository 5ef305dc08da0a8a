"""Waiting for new events: LISTEN/NOTIFY on PostgreSQL, polling on SQLite."""

from __future__ import annotations

import time
from typing import Protocol
from urllib.parse import parse_qs, urlsplit, urlunsplit

import psycopg
from psycopg import sql

from infrastructure.settings import Settings


class Wakeup(Protocol):
    def wait(self, timeout: float) -> None:
        """Return when new events may have been recorded, or after ``timeout`` seconds."""

    def close(self) -> None: ...


class Polling:
    def wait(self, timeout: float) -> None:
        time.sleep(timeout)

    def close(self) -> None:
        pass


class Notifications:
    """Woken by the NOTIFY the event recorder sends with every insert."""

    def __init__(self, settings: Settings, channel: str) -> None:
        url = urlsplit(settings.database_url)
        self.connection = psycopg.connect(urlunsplit(("postgresql", url.netloc, url.path, "", "")), autocommit=True)
        schema = parse_qs(url.query).get("schema", [None])[0]
        if schema:
            self.connection.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
        self.connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))

    def wait(self, timeout: float) -> None:
        for _ in self.connection.notifies(timeout=timeout, stop_after=1):
            break

    def close(self) -> None:
        self.connection.close()


def wakeup_for(settings: Settings, channel: str | None) -> Wakeup:
    return Notifications(settings, channel) if settings.backend == "postgres" and channel else Polling()
