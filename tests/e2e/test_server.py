"""End to end: the real server process (uvicorn, PostgreSQL store) driven over HTTP by three people."""

from __future__ import annotations

import http.client
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from domain.catalogue.terms import ItemKind, StepDefinition
from domain.clocks import TimeLimit
from domain.organisation.actors import Role
from infrastructure.settings import Settings
from interface.composition import build_ledger
from interface.processes import api_server
from tests.application.helpers import ADMIN
from tests.support import DEPT, item

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
TWO_STEPS = (StepDefinition("承办", Role.HANDLER, TimeLimit(3)), StepDefinition("批准", Role.APPROVER, TimeLimit(2)))


@pytest.fixture
def server(pg_url: str) -> Iterator[tuple[str, dict[str, str]]]:
    ledger = build_ledger(Settings(database_url=pg_url))
    ledger.organisation.register_department(DEPT, "市场监督管理局")
    tokens = {
        name: ledger.people.add_user(name, role, DEPT).token
        for name, role in (("clerk", Role.WINDOW_CLERK), ("handler", Role.HANDLER), ("approver", Role.APPROVER))
    }
    ledger.catalogue.register_item(item(ItemKind.COMMITMENT, steps=TWO_STEPS), by=ADMIN)
    ledger.close()
    with api_server(pg_url, workers=2) as running:
        yield running.url, tokens


def test_a_case_from_receipt_to_rating_over_http(server: tuple[str, dict[str, str]]) -> None:
    url, tokens = server
    with httpx.Client(base_url=url, timeout=10) as http:

        def act(user: str, path: str, body: dict[str, object] | None = None) -> dict[str, object]:
            response = http.post(path, json=body or {}, headers={"Authorization": f"Bearer {tokens[user]}"})
            assert response.status_code in (200, 201), response.text
            result: dict[str, object] = response.json()
            return result

        applicant = {"name": "张三", "id_number": "510122199001011233"}
        receipt = act("clerk", "/cases", {"item_code": item(ItemKind.COMMITMENT).code, "applicant": applicant})
        case_no, code = receipt["case_no"], receipt["query_code"]
        act("clerk", f"/cases/{case_no}/acceptance", {"notice_no": "受理-1"})
        act("clerk", f"/cases/{case_no}/hand-off", {"to_person_id": "handler"})
        act("handler", f"/cases/{case_no}/hand-off/receipt")
        act("handler", f"/cases/{case_no}/step/completion", {"opinion": "同意"})
        act("handler", f"/cases/{case_no}/hand-off", {"to_person_id": "approver"})
        act("approver", f"/cases/{case_no}/hand-off/receipt")
        act("approver", f"/cases/{case_no}/step/completion", {"opinion": "准予"})
        act("approver", f"/cases/{case_no}/decision", {"outcome": "granted", "document_no": "许可-1"})
        act("approver", f"/cases/{case_no}/hand-off", {"to_person_id": "clerk"})
        act("clerk", f"/cases/{case_no}/hand-off/receipt")
        act("clerk", f"/cases/{case_no}/delivery", {"method": "window"})

        history = http.get(f"/cases/{case_no}/history", headers={"Authorization": f"Bearer {tokens['clerk']}"}).json()
        assert "query_code" not in next(e for e in history if e["type"] == "Received")["details"]
        rated = http.post(
            f"/public/cases/{case_no}/rating", params={"query_code": code}, json={"stars": 5, "comment": "好"}
        )
        assert rated.status_code == 200, rated.text

        history = http.get(
            f"/cases/{case_no}/history", headers={"Authorization": f"Bearer {tokens['approver']}"}
        ).json()
        assert [e["type"] for e in history] == [
            "Received",
            "Accepted",
            "HandedOff",
            "HandOffReceived",
            "StepCompleted",
            "HandedOff",
            "HandOffReceived",
            "StepCompleted",
            "DecisionMade",
            "HandedOff",
            "HandOffReceived",
            "Delivered",
            "Rated",
        ]
        actors = [e["actor"]["person_id"] for e in history]
        assert actors[:4] == ["clerk", "clerk", "clerk", "handler"]
        assert actors[7:9] == ["approver", "approver"] and actors[-2] == "clerk"
        assert actors[-1].startswith("applicant:")
        status = http.get("/public/status", params={"case_no": case_no, "query_code": code}).json()
        assert status["status"] == "closed" and "张三" not in str(status)


def test_an_idle_keep_alive_connection_outlives_a_clients_usual_expiry(server: tuple[str, dict[str, str]]) -> None:
    # Clients drop idle connections after ~5 s (httpx) to 60 s (load balancers): the server must not close
    # first, or a request sent on the connection as it closes is reset.
    url, _ = server
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=10)
    for pause in (0.0, 6.0):
        time.sleep(pause)
        connection.request("GET", "/openapi.json")
        assert connection.getresponse().read()
    connection.close()
