"""Settings from the environment, and the persistence configuration one database URL implies.

``CASELEDGER_DATABASE_URL`` picks the store:

- ``sqlite:///var/caseledger.sqlite`` (the default; a relative path is under the working directory),
- ``postgresql://user:password@host:port/dbname?schema=NAME`` (psycopg 3; ``schema`` optional),
- ``memory://`` (nothing kept; tests and trials).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urlsplit, urlunsplit

from domain.errors import InvalidValue

DEFAULT_DATABASE_URL = "sqlite:///var/caseledger.sqlite"
CENTRE_CODE = re.compile(r"[a-z][a-z0-9_]{0,23}")


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    max_body_bytes: int = 64 * 1024  # the largest command body the API accepts (413 beyond)
    command_lane: bool = True  # serve well-formed case commands without the framework's routing (ADR 11)
    view_batch_size: int = 2000  # events per projection transaction
    view_wait_seconds: float = 5.0  # how long a report waits for ?min_position before a 503
    signing_key: str = "var/keys/ledger-ed25519.pem"  # the log's key (created on first use; its vkey beside it)
    kek: str = "var/keys/subject-kek.bin"  # the key-encryption key of subject keys (outside the database)
    log_origin: str = "caseledger/ledger"  # the transparency log's name in its signed heads
    log_keys: tuple[str, ...] = ()  # trusted vkeys (or files of them); none: the vkey beside the signing key
    witnesses: tuple[str, ...] = ()  # witness folders outside the database (from_env: var/witness)
    witness_keys: tuple[str, ...] = ()  # trusted witness vkeys; none: each witness folder's own witness.vkey
    verifier_state: str | None = None  # where verify remembers the largest witnessed head (from_env: var/verifier)
    prompt_days: int = 1  # PROMPT when this many working days of KC remain (domain.md 5d)
    yellow_ratio: float = 0.8  # YELLOW once this share of KC or of a step budget is used
    centres: tuple[str, ...] = ()  # centres sharing this PostgreSQL database, one schema each (X-Centre)
    grade_thresholds: tuple[float, float, float] = (90.0, 80.0, 60.0)  # excellent, good, pass (季度考评)
    console_idle_minutes: float = 30.0  # a console session unused this long signs out
    console_session_hours: float = 12.0  # and any session after this long (one working day and more)
    centre_name: str = "政务服务中心"  # signs the notifications (【…】)
    sms_url: str = ""  # the SMS gateway's URL (none: no SMS)
    sms_template: str = ""  # its request body, with {mobile}, {text} and {key} (none: the default JSON)
    smtp: str = ""  # host:port of the SMTP server (none: no e-mail)
    smtp_from: str = "notify@caseledger.local"
    smtp_starttls: bool = False
    notify_max_age_hours: float = 24.0  # a notice older than this when the notifier first sees it is not sent
    notify_lease_seconds: float = 120.0  # a delivery left "sending" this long was lost with its worker: resent

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        settings = cls(
            database_url=environ.get("CASELEDGER_DATABASE_URL", DEFAULT_DATABASE_URL),
            max_body_bytes=int(environ.get("CASELEDGER_MAX_BODY_BYTES", 64 * 1024)),
            command_lane=environ.get("CASELEDGER_COMMAND_LANE", "1") not in ("0", "no", "false"),
            view_batch_size=int(environ.get("CASELEDGER_VIEW_BATCH", 2000)),
            view_wait_seconds=float(environ.get("CASELEDGER_VIEW_WAIT", 5.0)),
            signing_key=environ.get("CASELEDGER_SIGNING_KEY", "var/keys/ledger-ed25519.pem"),
            kek=environ.get("CASELEDGER_KEK", "var/keys/subject-kek.bin"),
            log_origin=environ.get("CASELEDGER_LOG_ORIGIN", "caseledger/ledger"),
            log_keys=_listed(environ.get("CASELEDGER_LOG_KEYS", "")),
            witnesses=_listed(environ.get("CASELEDGER_WITNESSES", "var/witness")),
            witness_keys=_listed(environ.get("CASELEDGER_WITNESS_KEYS", "")),
            verifier_state=environ.get("CASELEDGER_VERIFIER_STATE", "var/verifier") or None,
            prompt_days=int(environ.get("CASELEDGER_PROMPT_DAYS", 1)),
            yellow_ratio=float(environ.get("CASELEDGER_YELLOW_RATIO", 0.8)),
            centres=tuple(c.strip() for c in environ.get("CASELEDGER_CENTRES", "").split(",") if c.strip()),
            grade_thresholds=_thresholds(environ.get("CASELEDGER_GRADE_THRESHOLDS", "90,80,60")),
            console_idle_minutes=float(environ.get("CASELEDGER_CONSOLE_IDLE_MINUTES", 30)),
            console_session_hours=float(environ.get("CASELEDGER_CONSOLE_SESSION_HOURS", 12)),
            centre_name=environ.get("CASELEDGER_CENTRE_NAME", "政务服务中心"),
            sms_url=environ.get("CASELEDGER_SMS_URL", ""),
            sms_template=environ.get("CASELEDGER_SMS_TEMPLATE", ""),
            smtp=environ.get("CASELEDGER_SMTP", ""),
            smtp_from=environ.get("CASELEDGER_SMTP_FROM", "notify@caseledger.local"),
            smtp_starttls=environ.get("CASELEDGER_SMTP_STARTTLS", "0") in ("1", "yes", "true"),
            notify_max_age_hours=float(environ.get("CASELEDGER_NOTIFY_MAX_AGE_HOURS", 24)),
            notify_lease_seconds=float(environ.get("CASELEDGER_NOTIFY_LEASE_SECONDS", 120)),
        )
        for centre in settings.centres:
            settings.for_centre(centre)  # a bad code or a backend without schemas fails at start
        if environ.get("CASELEDGER_CENTRE"):  # one centre's store, for the CLI and its workers
            settings = settings.for_centre(environ["CASELEDGER_CENTRE"])
        return settings

    def for_centre(self, code: str) -> Settings:
        """The settings of one centre: the same database, the centre's own schema (its own event table).

        The schema is ``centre_CODE``, or ``BASE_CODE`` when the URL names a base schema.
        """
        if not CENTRE_CODE.fullmatch(code):
            raise InvalidValue(f"'{code}' is not a centre code (lower-case letters, digits, _; at most 24)")
        if self.backend != "postgres":
            raise InvalidValue("centres share a PostgreSQL database as schemas; this store is not PostgreSQL")
        url = urlsplit(self.database_url)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        query["schema"] = f"{query['schema']}_{code}" if "schema" in query else f"centre_{code}"
        centre_url = urlunsplit((url.scheme, url.netloc, url.path, urlencode(query), ""))
        return replace(self, database_url=centre_url, centres=(), log_origin=f"{self.log_origin}/{code}")

    @property
    def backend(self) -> str:
        """``memory``, ``sqlite`` or ``postgres`` (for both ``postgresql://`` and ``postgres://`` URLs)."""
        scheme = urlsplit(self.database_url).scheme.split("+")[0]
        return "postgres" if scheme == "postgresql" else scheme


def _private_file(path: Path) -> None:
    """Create the database file readable by its owner only (SQLite gives its -wal and -shm files the same
    mode); an existing file is left as it is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _listed(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def persistence_env(database_url: str) -> dict[str, str]:
    """The eventsourcing configuration for ``database_url`` (passed to the application, never os.environ)."""
    url = urlsplit(database_url)
    scheme = url.scheme.split("+")[0]
    if scheme == "memory":
        return {"PERSISTENCE_MODULE": "infrastructure.recorders:MemoryFactory"}
    if scheme == "sqlite":
        path = unquote(url.path[1:] if url.path.startswith("/") else url.path)
        if not path:
            raise InvalidValue("a sqlite URL needs a file path: sqlite:///var/caseledger.sqlite")
        if path != ":memory:":
            _private_file(Path(path))
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": "file::memory:?mode=memory&cache=shared" if path == ":memory:" else path,
            "SQLITE_LOCK_TIMEOUT": "10",
            "CREATE_TABLE": "y",
            "APPLICATION_RECORDER_TOPIC": "infrastructure.recorders:SqliteLedgerRecorder",
        }
    if scheme in ("postgresql", "postgres"):
        query = parse_qs(url.query)
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": unquote(url.path.lstrip("/")) or "postgres",
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(url.password or ""),
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_LOCK_TIMEOUT": "5",
            # ?pool_size=N: connections kept per process and store (fewer when many centres share a server)
            "POSTGRES_POOL_SIZE": query.get("pool_size", ["5"])[0],
            "POSTGRES_MAX_OVERFLOW": str(2 * int(query.get("pool_size", ["5"])[0])),
            # ?create_tables=no for a least-privilege role that does not own the event table
            "CREATE_TABLE": "n" if query.get("create_tables", ["yes"])[0] in ("no", "n", "false") else "y",
            "APPLICATION_RECORDER_TOPIC": "infrastructure.postgres.recorder:LedgerRecorder",
        }
        if "schema" in query:
            env["POSTGRES_SCHEMA"] = query["schema"][0]
        return env
    raise InvalidValue(f"unsupported database URL '{database_url}': use sqlite:///PATH, postgresql://... or memory://")


def _thresholds(text: str) -> tuple[float, float, float]:
    """``excellent,good,pass`` scores, each lower than the one before."""
    values = tuple(float(v) for v in text.split(","))
    if len(values) != 3 or not 100 >= values[0] > values[1] > values[2] >= 0:
        raise ValueError(f"CASELEDGER_GRADE_THRESHOLDS is three falling scores such as 90,80,60, not {text!r}")
    return values[0], values[1], values[2]
