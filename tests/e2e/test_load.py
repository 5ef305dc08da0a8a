"""Two API processes and a projection worker on one PostgreSQL, under a few thousand concurrent commands.

Some commands conflict (two clerks accept the same case at once; a handler completes a step while
taking the case over), some are invalid (stale ``If-Match``, a malformed body, another department's
clerk, an unknown case) and some are replays of an idempotency key on the other server. Afterwards:
every command that succeeded is in the ledger exactly once, by the user who sent it; every refusal
is a problem+json with a clear rule; the worker's views equal a clean rebuild.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from domain.catalogue.terms import ItemKind, StepDefinition
from domain.clocks import TimeLimit
from domain.organisation.actors import Role
from infrastructure.settings import Settings
from interface.composition import build_ledger, build_views
from interface.processes import api_server, spawn
from tests.application.helpers import ADMIN
from tests.application.test_projection_runtime import equals_a_rebuild
from tests.support import DEPT, ID_NUMBER, item

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

CASES = 300
CLIENTS = 24
TWO_STEPS = (StepDefinition("承办", Role.HANDLER, TimeLimit(3)), StepDefinition("批准", Role.APPROVER, TimeLimit(2)))
ITEM_CODE = item(ItemKind.COMMITMENT).code
EVENT_OF = {
    "receive": "Received",
    "accept": "Accepted",
    "hand-off": "HandedOff",
    "take-over": "HandOffReceived",
    "complete": "StepCompleted",
}
USERS = {
    "clerk1": (Role.WINDOW_CLERK, DEPT),
    "clerk2": (Role.WINDOW_CLERK, DEPT),
    "handler": (Role.HANDLER, DEPT),
    "outsider": (Role.WINDOW_CLERK, "ZJJ"),
}


@dataclass(frozen=True)
class Sent:
    """One command as sent, and what came back."""

    kind: str
    user: str
    case_no: str | None
    key: str | None
    status: int
    body: dict[str, Any]
    content_type: str
    replayed: bool = False  # the server said so (Idempotent-Replayed): the body is the first answer

    @property
    def ok(self) -> bool:
        return self.status in (200, 201)


class Load:
    """Spreads commands over the servers and the clients, and keeps every outcome."""

    def __init__(self, urls: list[str], tokens: dict[str, str]) -> None:
        self.urls, self.tokens = urls, tokens
        self.clients = [httpx.Client(base_url=url, timeout=60) for url in urls]
        self.turn = itertools.count()
        self.sent: list[Sent] = []

    def post(
        self,
        kind: str,
        user: str,
        path: str,
        body: dict[str, Any],
        *,
        case_no: str | None = None,
        key: str | None = None,
        if_match: str | None = None,
        server: int | None = None,
    ) -> Sent:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        if key:
            headers["Idempotency-Key"] = key
        if if_match:
            headers["If-Match"] = if_match
        client = self.clients[next(self.turn) % len(self.clients) if server is None else server]
        response = client.post(path, json=body, headers=headers)
        sent = Sent(
            kind,
            user,
            case_no or response.json().get("case_no"),
            key,
            response.status_code,
            response.json(),
            response.headers.get("content-type", ""),
            response.headers.get("Idempotent-Replayed") == "true",
        )
        self.sent.append(sent)
        return sent

    def all_at_once(self, pool: ThreadPoolExecutor, calls: list[dict[str, Any]]) -> list[Sent]:
        return list(pool.map(lambda call: self.post(**call), calls))

    def close(self) -> None:
        for client in self.clients:
            client.close()


@pytest.fixture
def cluster(pg_url: str) -> Iterator[tuple[Load, str]]:
    ledger = build_ledger(Settings(database_url=pg_url))
    ledger.organisation.register_department(DEPT, "市场监督管理局")
    ledger.organisation.register_department("ZJJ", "住房和城乡建设局")
    tokens = {name: ledger.people.add_user(name, role, dept).token for name, (role, dept) in USERS.items()}
    ledger.catalogue.register_item(item(ItemKind.COMMITMENT, steps=TWO_STEPS), by=ADMIN)
    ledger.close()
    worker = spawn(pg_url, "project", "run", "--interval", "0.2")
    try:
        with api_server(pg_url) as first, api_server(pg_url) as second:
            load = Load([first.url, second.url], tokens)
            yield load, pg_url
            load.close()
    finally:
        worker.terminate()
        worker.wait(timeout=15)


def test_thousands_of_concurrent_commands_through_two_servers(cluster: tuple[Load, str]) -> None:
    load, pg_url = cluster
    with ThreadPoolExecutor(CLIENTS) as pool:
        received = load.all_at_once(pool, [_receipt(n) for n in range(CASES)])
        assert all(r.status == 201 for r in received)
        numbers = [r.case_no for r in received]
        # The same receipt again, on the other server: the first answer, nothing written.
        replays = load.all_at_once(pool, [_receipt(n) for n in range(0, CASES, 5)])
        # Two clerks accept every case at the same moment, one on each server.
        load.all_at_once(
            pool,
            [
                {
                    "kind": "accept",
                    "user": clerk,
                    "path": f"/cases/{case_no}/acceptance",
                    "body": {},
                    "case_no": case_no,
                    "server": server,
                }
                for case_no in numbers
                for server, clerk in enumerate(("clerk1", "clerk2"))
            ],
        )
        # A stale If-Match, a malformed body, a clerk of another department, then the real hand-off.
        load.all_at_once(
            pool,
            [
                call
                for case_no in numbers
                for call in (
                    {"if_match": '"1"', "body": {"to_person_id": "handler"}, "user": "clerk1"},
                    {"body": {"to_person": 7}, "user": "clerk1"},
                    {"body": {"to_person_id": "handler"}, "user": "outsider"},
                )
                for call in [call | {"kind": "hand-off", "path": f"/cases/{case_no}/hand-off", "case_no": case_no}]
            ],
        )
        load.all_at_once(
            pool,
            [
                {
                    "kind": "hand-off",
                    "user": "clerk2",
                    "path": f"/cases/{case_no}/hand-off",
                    "body": {"to_person_id": "handler"},
                    "case_no": case_no,
                    "key": f"hand-off-{case_no}",
                }
                for case_no in numbers
            ],
        )
        # The handler takes each case over while already trying to complete its step (a race), and
        # once more afterwards; an unknown case too.
        load.all_at_once(
            pool,
            [
                call
                for case_no in numbers
                for call in (
                    {"kind": "take-over", "path": f"/cases/{case_no}/hand-off/receipt", "body": {}},
                    {"kind": "complete", "path": f"/cases/{case_no}/step/completion", "body": {"opinion": "同意"}},
                )
                for call in [call | {"user": "handler", "case_no": case_no}]
            ]
            + [
                {
                    "kind": "complete",
                    "user": "handler",
                    "path": "/cases/SJJ-2026-UNKNOWN/step/completion",
                    "body": {"opinion": "同意"},
                    "case_no": "SJJ-2026-UNKNOWN",
                }
            ],
        )
        load.all_at_once(
            pool,
            [
                {
                    "kind": "complete",
                    "user": "handler",
                    "path": f"/cases/{case_no}/step/completion",
                    "body": {"opinion": "同意"},
                    "case_no": case_no,
                }
                for case_no in numbers
            ],
        )

    assert len(load.sent) > 2500
    _every_refusal_is_a_clear_problem(load.sent)
    _every_success_is_in_the_ledger_exactly_once(load.sent, received, replays, pg_url)
    _views_equal_a_clean_rebuild(pg_url)


def _receipt(n: int) -> dict[str, Any]:
    """The n-th application, received under its own idempotency key by one of the two clerks."""
    body = {"item_code": ITEM_CODE, "applicant": {"name": f"申请人{n}", "id_number": ID_NUMBER}}
    return {"kind": "receive", "user": f"clerk{1 + n % 2}", "path": "/cases", "body": body, "key": f"receive-{n}"}


def _every_refusal_is_a_clear_problem(sent: list[Sent]) -> None:
    statuses = Counter(s.status for s in sent)
    assert not [s for s in sent if s.status >= 500], statuses
    assert {403, 404, 409, 412, 422} <= set(statuses), statuses
    for refusal in (s for s in sent if not s.ok):
        assert refusal.content_type.startswith("application/problem+json")
        assert refusal.body["status"] == refusal.status and refusal.body["title"] and refusal.body["type"]
    accepts = Counter(s.case_no for s in sent if s.kind == "accept" and s.ok)
    assert set(accepts.values()) == {1}, "exactly one of two concurrent acceptances succeeds"
    refused = [s for s in sent if s.kind == "accept" and not s.ok]
    assert all(s.status == 409 for s in refused)


def _every_success_is_in_the_ledger_exactly_once(
    sent: list[Sent], received: list[Sent], replays: list[Sent], pg_url: str
) -> None:
    assert all(r.status == 201 and r.replayed for r in replays)
    firsts = {r.key: r.body for r in received}
    for replay in replays:  # exactly the first answer, its position included
        assert replay.body == firsts[replay.key]
    successes = [s for s in sent if s.ok and not s.replayed]
    versions = Counter((s.case_no, s.body["version"]) for s in successes)
    assert set(versions.values()) == {1}, "no two commands may claim the same event"
    ledger = build_ledger(Settings(database_url=pg_url))
    try:
        for case_no in {s.case_no for s in received}:
            history = {e.version: e for e in ledger.audit.history(case_no)}
            mine = [s for s in successes if s.case_no == case_no]
            # Each success is the event at the version it reported, by the user who sent it...
            for success in mine:
                recorded = history[success.body["version"]]
                assert recorded.type == EVENT_OF[success.kind]
                assert recorded.actor is not None and recorded.actor.person_id == success.user
            # ...and nothing else was recorded: the history is exactly the successes.
            assert sorted(history) == sorted(s.body["version"] for s in mine)
    finally:
        ledger.close()


def _views_equal_a_clean_rebuild(pg_url: str) -> None:
    settings = Settings(database_url=pg_url)
    ledger = build_ledger(settings)
    views = build_views(settings, ledger)
    try:
        deadline = time.monotonic() + 60
        while any(lag for _, lag in views.runner.statuses()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert all(lag == 0 and not status.stopped for status, lag in views.runner.statuses())
        assert equals_a_rebuild(views)
    finally:
        views.close()
        ledger.close()
