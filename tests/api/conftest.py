"""An API over a real ledger on each backend, with a small centre, one user per role and a set clock."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from application.ledger import CaseLedger
from domain.catalogue.terms import ItemKind, Procedure
from domain.organisation.actors import Authority, Role
from infrastructure.settings import Settings
from interface.api.app import create_app
from interface.composition import build_ledger
from tests.application.helpers import ADMIN
from tests.support import CO_DEPTS, DEPT, at, item

USERS: dict[str, tuple[Role, str | None]] = {
    "clerk": (Role.WINDOW_CLERK, DEPT),
    "chief": (Role.WINDOW_CHIEF_REPRESENTATIVE, DEPT),
    "handler": (Role.HANDLER, DEPT),
    "reviewer": (Role.REVIEWER, DEPT),
    "approver": (Role.APPROVER, DEPT),
    "section_head": (Role.SECTION_HEAD, DEPT),
    "agency_head": (Role.AGENCY_HEAD, DEPT),
    "government_head": (Role.GOVERNMENT_HEAD, "GOV"),
    "agent": (Role.AGENT, "CENTRE"),
    "station": (Role.VILLAGE_STATION_CLERK, "CENTRE"),
    "inspector": (Role.INSPECTOR, "CENTRE"),
    "auditor": (Role.AUDITOR, "CENTRE"),
    "quality": (Role.QUALITY_MANAGER, "CENTRE"),
    "admin": (Role.ADMINISTRATOR, "CENTRE"),
    "other_clerk": (Role.WINDOW_CLERK, CO_DEPTS[0]),
    "co_reviewer": (Role.REVIEWER, CO_DEPTS[0]),
    "co_reviewer_2": (Role.REVIEWER, CO_DEPTS[1]),
}
ITEMS = {
    "commitment": item(ItemKind.COMMITMENT),
    "immediate": item(ItemKind.IMMEDIATE),
    "report_up": item(ItemKind.REPORT_UP),
    "joint": item(ItemKind.JOINT),
    "pledge": item(
        ItemKind.COMMITMENT,
        code="SJJ-pledge",
        procedure=Procedure.NOTIFICATION_COMMITMENT,
        supplement_pauses_clock=True,
    ),
}


@dataclass
class Api:
    """A test client speaking as any of the users, with a clock the test moves."""

    client: TestClient
    ledger: CaseLedger
    tokens: dict[str, str]
    now: list[datetime] = field(default_factory=lambda: [at(3, 2, 9)])

    def headers(self, user: str | None, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}
        return {**headers, **(extra or {})}

    def post(self, path: str, user: str | None, json: Any = None, **headers: str) -> httpx.Response:
        return self.client.post(path, json=json or {}, headers=self.headers(user, _headers(headers)))

    def get(self, path: str, user: str | None, **params: Any) -> httpx.Response:
        return self.client.get(path, params=params, headers=self.headers(user))

    def at(self, month: int, day: int, hour: int = 10, minute: int = 0) -> None:
        self.now[0] = at(month, day, hour, minute)

    def receive(self, kind: str = "commitment", user: str = "clerk", **body: Any) -> str:
        payload = {
            "item_code": ITEMS[kind].code,
            "applicant": {"name": "张三", "id_number": "510122199001011233", "phone": "13900000000"},
            **body,
        }
        response = self.post("/cases", user, payload)
        assert response.status_code == 201, response.text
        return str(response.json()["case_no"])

    def ok(self, path: str, user: str, json: Any = None, **headers: str) -> dict[str, Any]:
        response = self.post(path, user, json, **headers)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    def take(self, case_no: str, sender: str, receiver: str) -> None:
        self.ok(f"/cases/{case_no}/hand-off", sender, {"to_person_id": receiver})
        self.ok(f"/cases/{case_no}/hand-off/receipt", receiver)


def _headers(headers: dict[str, str]) -> dict[str, str]:
    names = {"if_match": "If-Match", "idempotency_key": "Idempotency-Key"}
    return {names.get(k, k): v for k, v in headers.items()}


def set_up(ledger: CaseLedger) -> dict[str, str]:
    for code in (DEPT, *CO_DEPTS, "GOV", "CENTRE"):
        ledger.organisation.register_department(code, f"部门 {code}")
    tokens = {name: ledger.people.add_user(name, role, dept).token for name, (role, dept) in USERS.items()}
    ledger.people.delegate_authority(
        "chief", Authority.APPROVE, granted_by=ledger.people.actor("agency_head"), basis="授权书"
    )
    for terms in ITEMS.values():
        ledger.catalogue.register_item(terms, by=ADMIN)
    return tokens


@pytest.fixture
def api(database_url: str) -> Iterator[Api]:
    settings = Settings(database_url=database_url)
    ledger = build_ledger(settings)
    tokens = set_up(ledger)
    now = [at(3, 2, 9)]
    app = create_app(settings, ledger=ledger, clock=lambda: now[0])
    yield Api(client=TestClient(app), ledger=ledger, tokens=tokens, now=now)
    close_app(app)
    ledger.close()


def close_app(app: FastAPI) -> None:
    """What the app's shutdown does (a test client used without ``with`` runs no lifespan): its command
    threads stopped, its views closed; the suite would otherwise gather thousands of idle threads."""
    app.state.command_threads.shutdown()
    app.state.views.close()
