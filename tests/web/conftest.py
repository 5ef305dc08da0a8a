"""The console in a real browser: a demo centre served by uvicorn on 127.0.0.1, Debian's Chromium driven
by Playwright, every request that would leave 127.0.0.1 refused and counted, every page photographed.

Chromium is installed by ``.ci/run`` (``apt-get install chromium fonts-noto-cjk``); with CI=true a
missing browser fails the suite rather than skipping it.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from rich.console import Console

from application.ledger import CaseLedger
from domain.business_time import SHANGHAI
from infrastructure.settings import Settings
from interface.api.app import create_app
from interface.cli.demo_command import load_demo
from interface.cli.serve_command import DEMO_PASSWORD, DEMO_USERS
from interface.composition import build_ledger
from tests.api.conftest import api  # noqa: F401 - the API over every backend, for the exports' tests
from tests.conftest import IN_CI
from tests.web.console_client import Console as ConsoleClient
from tests.web.console_client import console_on

CHROMIUM = os.environ.get("CASELEDGER_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("CASELEDGER_ARTIFACTS", "var/test-artifacts")) / "screenshots"
DEMO_UNTIL = date(2025, 6, 30)
NOW = datetime(2025, 6, 30, 23, 0, tzinfo=SHANGHAI)  # the server's clock: the evening of the demo's last day
# The demo person of each role the browser tests sign in as.
ROLES = {
    "inspector": "CENTRE-IN1",
    "auditor": "CENTRE-AU1",
    "quality": "CENTRE-QM1",
    "clerk": "SJJ-WC1",
    "handler": "SJJ-S1-HD1",
    "agency_head": "SJJ-AH1",
}


@dataclass
class DemoServer:
    url: str
    ledger: CaseLedger
    tokens: dict[str, str]  # person id -> bearer token
    app: Any

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def api(self, who: str, path: str, **params: Any) -> Any:
        """What the API answers ``who`` (a person id) for ``path`` with the query ``params``."""
        response = httpx.get(self.url + path, params=params, headers=self.headers(who), timeout=30)
        assert response.status_code == 200, response.text
        return response.json()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """A demo centre of a few hundred cases, served on 127.0.0.1 with its clock on the demo's last day."""
    folder = tmp_path_factory.mktemp("console")
    settings = Settings(database_url=f"sqlite:///{folder / 'demo.sqlite'}")
    ledger = build_ledger(settings)
    load_demo(ledger, settings, cases=1200, seed=3, until=DEMO_UNTIL, console=Console(quiet=True))
    tokens = {person: ledger.people.issue_token(person, label="browser tests").token for person in DEMO_USERS}
    for person in DEMO_USERS:
        ledger.people.set_password(person, DEMO_PASSWORD)
    app = create_app(settings, ledger=ledger, clock=lambda: NOW, background=True)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):  # bounded: 20 s at most
        if server.started:
            break
        time.sleep(0.1)
    assert server.started, "the console's server did not start"
    yield DemoServer(f"http://127.0.0.1:{port}", ledger, tokens, app)
    server.should_exit = True
    thread.join(timeout=10)
    ledger.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM}: apt-get install chromium fonts-noto-cjk (as .ci/run does)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield launched
        launched.close()


@dataclass
class Tab:
    """A browser tab of one signed-in person, which notes every request that tried to leave 127.0.0.1
    and every error the page's console printed."""

    page: Any
    base: str
    person: str
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return response

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def clean(self) -> None:
        """No request left 127.0.0.1 and the browser's console printed no error."""
        assert self.outside == [], self.outside
        assert self.errors == [], self.errors

    def sign_in(self, password: str = DEMO_PASSWORD) -> Any:
        self.open("/console/sign-in")
        self.page.fill("input[name=person]", self.person)
        self.page.fill("input[name=password]", password)
        with self.page.expect_navigation():
            self.page.click("form[action='/console/sign-in'] button[type=submit]")
        return self.page


def new_tab(browser: Any, server: DemoServer, person: str, language: str | None = None) -> Tab:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = context.new_page()
    tab = Tab(page, server.url, person)

    def route(intercepted: Any) -> None:
        if intercepted.request.url.startswith(server.url):
            intercepted.continue_()
        else:
            tab.outside.append(intercepted.request.url)
            intercepted.abort()

    page.route("**/*", route)
    page.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: tab.errors.append(str(error)))
    if language:
        context.add_cookies([{"name": "caseledger_lang", "value": language, "url": server.url}])
    return tab


@pytest.fixture
def tab_as(browser: Any, demo_server: DemoServer) -> Iterator[Any]:
    """``tab_as(person)``: a fresh browser context signed in as ``person``."""
    opened: list[Tab] = []

    def make(person: str, *, language: str | None = None, sign_in: bool = True) -> Tab:
        tab = new_tab(browser, demo_server, person, language)
        opened.append(tab)
        if sign_in:
            tab.sign_in()
        return tab

    yield make
    for tab in opened:
        tab.page.context.close()


@pytest.fixture
def console(stored_database_url: str) -> Iterator[ConsoleClient]:
    """The console on SQLite and PostgreSQL (its sessions are kept beside the views, in either)."""
    yield from console_on(stored_database_url)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests on the demo server run on one worker when the suite runs on several (``make test``):
    the demo is seeded once, and its browser is one."""
    for item in items:
        if "demo_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("demo"))
