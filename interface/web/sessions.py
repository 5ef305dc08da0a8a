"""Console sessions: server-side, found by an HttpOnly, SameSite=Strict cookie, each with its CSRF token.

The cookie holds a random key; the server keeps its SHA-256 hash with the person, the session's CSRF
token and when it began and was last used. A session ends on sign-out, after ``idle`` unused, after
``lifetime`` at most, or when its person is deactivated. Every form carries the session's CSRF token,
and a sign-in form the token of its own short-lived cookie (login CSRF).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from infrastructure.views.console_sessions import SqlConsoleSessions, StoredSession

SESSION_COOKIE = "caseledger_session"
SIGN_IN_COOKIE = "caseledger_sign_in"  # the sign-in form's own CSRF token, before there is a session
LANGUAGE_COOKIE = "caseledger_lang"
TOUCH_EVERY = 60.0  # seconds: a session's last use is written at most this often


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def same_token(given: str | None, expected: str) -> bool:
    """A CSRF token compared in constant time."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Session:
    key: str  # the cookie's value
    person_id: str
    csrf: str


class ConsoleSessions:
    def __init__(self, store: SqlConsoleSessions, idle: timedelta, lifetime: timedelta) -> None:
        self.store, self.idle, self.lifetime = store, idle, lifetime

    def start(self, person_id: str, now: datetime) -> Session:
        key, csrf = new_token(), new_token()
        at = now.timestamp()
        self.store.end_before(at - self.idle.total_seconds())
        self.store.start(_hash(key), StoredSession(person_id, csrf, at, at))
        return Session(key, person_id, csrf)

    def find(self, key: str | None, now: datetime) -> Session | None:
        """The session of a cookie, if it is still in force (its last use is then now)."""
        if not key or len(key) > 100:
            return None
        found = self.store.find(_hash(key))
        if found is None:
            return None
        at = now.timestamp()
        if at - found.seen > self.idle.total_seconds() or at - found.started > self.lifetime.total_seconds():
            self.store.end(_hash(key))
            return None
        if at - found.seen > TOUCH_EVERY:
            self.store.touch(_hash(key), at)
        return Session(key, found.person_id, found.csrf)

    def end(self, key: str) -> None:
        self.store.end(_hash(key))


FAILURES_ALLOWED = 5  # wrong sign-ins of one person (or one address, for tokens) within the window
FAILURE_WINDOW = timedelta(minutes=15)
KEYS_REMEMBERED = 10_000


class SignInThrottle:
    """Refuses a person's sign-ins for a while after ``FAILURES_ALLOWED`` wrong ones within
    ``FAILURE_WINDOW``, even with the right password: guessing is slowed to a few tries an hour, and each
    guess costs the server an Argon2 hash. Kept in this process (a restart forgets the failures)."""

    def __init__(self) -> None:
        self._failures: dict[str, list[datetime]] = {}

    def refused_until(self, key: str, now: datetime) -> datetime | None:
        """Until when ``key`` is refused, if it is now."""
        recent = [at for at in self._failures.get(key, []) if now - at < FAILURE_WINDOW]
        self._failures[key] = recent
        if len(recent) >= FAILURES_ALLOWED:
            return recent[-FAILURES_ALLOWED] + FAILURE_WINDOW
        return None

    def failed(self, key: str, now: datetime) -> None:
        if len(self._failures) >= KEYS_REMEMBERED and key not in self._failures:
            self._failures.pop(next(iter(self._failures)))
        self._failures.setdefault(key, []).append(now)

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)
