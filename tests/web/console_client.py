"""The console in a test client, on the stored backends: people signed in with a password, a clock the
test moves, and a case to work on (the ``console`` fixture, in ``conftest.py``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from fastapi.testclient import TestClient

from application.ledger import CaseLedger
from infrastructure.settings import Settings
from interface.api.app import create_app
from interface.composition import build_ledger
from tests.api.conftest import ITEMS, close_app, set_up
from tests.support import at

PASSWORD = "窗口服务 2025 安全"  # a passphrase of Chinese characters and more


@dataclass
class Console:
    app: Any
    ledger: CaseLedger
    tokens: dict[str, str]
    now: list[datetime]

    def browser(self) -> TestClient:
        return TestClient(self.app, follow_redirects=False)

    def sign_in(self, client: TestClient, person: str, password: str = PASSWORD, **extra: str) -> httpx.Response:
        form = client.get("/console/sign-in")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf is not None
        return client.post(
            "/console/sign-in", data={"person": person, "password": password, "csrf": csrf.group(1), **extra}
        )

    def signed_in(self, person: str) -> TestClient:
        client = self.browser()
        response = self.sign_in(client, person)
        assert response.status_code == 303, response.text
        return client

    def case(self) -> str:
        """A case received at DEPT's window (through the ledger, as the clerk)."""
        result = self.ledger.cases.receive(
            item_code=ITEMS["commitment"].code,
            applicant=_applicant(),
            at=self.now[0],
            by=self.ledger.people.actor("clerk"),
            channel=_window(),
        )
        return str(result.case_no)


def _applicant() -> Any:
    from domain.case.values import Applicant

    return Applicant("subject-1", "张三", "510122199001011233")


def _window() -> Any:
    from domain.organisation.actors import Channel

    return Channel.WINDOW


def console_on(stored_database_url: str) -> Iterator[Console]:
    """The console on SQLite and PostgreSQL (its sessions are kept beside the views, in either)."""
    settings = Settings(database_url=stored_database_url)
    ledger = build_ledger(settings)
    tokens = set_up(ledger)
    for person in ("clerk", "inspector", "other_clerk", "auditor", "agency_head"):
        ledger.people.set_password(person, PASSWORD)
    now = [at(3, 2, 9)]
    app = create_app(settings, ledger=ledger, clock=lambda: now[0], background=False)
    yield Console(app, ledger, tokens, now)
    close_app(app)
    ledger.close()


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found is not None, page.text
    return found.group(1)
