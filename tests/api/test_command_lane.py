"""The command lane serves well-formed case commands itself, answers exactly as the framework would,
and hands everything it cannot fully check to the framework, body included."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from starlette.types import ASGIApp, Receive, Scope, Send

from infrastructure.settings import Settings
from interface.api.app import create_app
from interface.api.command_lane import CommandLane, LaneRoute
from interface.api.request_guard import RequestGuard
from interface.api.routes import case_commands, intake
from interface.composition import build_ledger
from tests.api.conftest import ITEMS, Api, close_app, set_up
from tests.support import at

APPLICANT = {"name": "张三", "id_number": "510122199001011233", "phone": "13900000000"}


def test_every_case_command_route_takes_the_lane() -> None:
    routes = [r for router in (intake.router, case_commands.router) for r in router.routes]
    assert len(routes) > 20
    assert [getattr(r, "path", r) for r in routes if LaneRoute.of(r) is None] == []  # type: ignore[arg-type]


class Framework:
    """What the lane hands on to the framework, recorded on its way."""

    def __init__(self, app: ASGIApp) -> None:
        self.app, self.paths = app, list[str]()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.paths.append(scope["path"])
        await self.app(scope, receive, send)


def _lane_of(app: FastAPI) -> CommandLane:
    """The lane in the app's middleware stack: inside the request guard, before the router."""
    if app.middleware_stack is None:
        app.middleware_stack = app.build_middleware_stack()
    layer: Any = app.middleware_stack
    while not isinstance(layer, CommandLane):
        assert not isinstance(layer, APIRouter), "no command lane in the stack"
        if isinstance(layer, RequestGuard):
            assert isinstance(layer.app, CommandLane), "the lane stands right inside the request guard"
        layer = layer.app
    return layer


@pytest.fixture
def apps(database_url: str) -> Iterator[tuple[Api, Api, Framework]]:
    """Two servers over one ledger: one with the lane (recording what it hands on), one without."""
    settings = Settings(database_url=database_url)
    ledger = build_ledger(settings)
    tokens = set_up(ledger)
    now = [at(3, 2, 9)]
    laned = create_app(settings, ledger=ledger, clock=lambda: now[0])
    lane = _lane_of(laned)
    framework = lane.app = Framework(lane.app)
    plain = create_app(replace(settings, command_lane=False), ledger=ledger, clock=lambda: now[0])
    yield (
        Api(TestClient(laned), ledger, tokens, now),
        Api(TestClient(plain), ledger, tokens, now),
        framework,
    )
    close_app(laned)
    close_app(plain)
    ledger.close()


def _comparable(response: httpx.Response, case_no: str) -> tuple[Any, ...]:
    """A response with what differs between two cases (their numbers, positions, query codes) taken out."""
    body = json.loads(response.content.replace(case_no.encode(), b"CASE"))
    if isinstance(body, dict):
        body.pop("position", None)
        if "query_code" in body:
            body["query_code"] = "CODE" if len(body["query_code"]) == 6 else body["query_code"]
    headers = {k: v.replace(case_no, "CASE") for k, v in response.headers.items() if k != "content-length"}
    return response.status_code, headers, body


def _scenario(api: Api) -> tuple[str, list[httpx.Response]]:
    """One case worked through: every kind of answer a command can get."""
    made = api.post("/cases", "clerk", {"item_code": ITEMS["commitment"].code, "applicant": APPLICANT})
    case_no = made.json()["case_no"]
    case = f"/cases/{case_no}"
    auth = api.headers("clerk")
    key = f"key-{case_no}"  # idempotency keys are the user's, across both servers
    answers = [
        made,
        api.post(f"{case}/acceptance", "clerk", {"notice_no": "受理-1"}, if_match='"1"', idempotency_key=key),
        api.post(f"{case}/acceptance", "clerk", {"notice_no": "受理-1"}, if_match='"1"', idempotency_key=key),
        api.post(f"{case}/acceptance", "clerk", {"notice_no": "受理-2"}, idempotency_key=key),  # key reused
        api.post(f"{case}/hand-off", "clerk", {"to_person_id": "handler"}, if_match='"1"'),  # stale
        api.post(f"{case}/hand-off", "clerk", {"to_person_id": "handler"}, if_match="v2"),  # not an ETag
        api.post(f"{case}/acceptance", "clerk", {}),  # accepted already
        api.post(f"{case}/acceptance", "inspector", {}),  # the wrong role
        api.post("/cases/NO-SUCH-CASE/acceptance", "clerk", {}),
        api.post("/cases/bad case!/acceptance", "clerk", {}),  # a case number of the wrong form
        api.post(f"{case}/hand-off", "clerk", {"to_person_id": 5}),  # an invalid body
        api.post(f"{case}/hand-off", "clerk", {"occurred_at": "2027-01-01T00:00:00+08:00", "to_person_id": "x"}),
        api.post(f"{case}/hand-off", None, {"to_person_id": "handler"}),  # no token
        api.client.post(f"{case}/hand-off", content=b"{not json", headers={**auth, "content-type": "application/json"}),
        api.client.post(f"{case}/hand-off", content=b"to=handler", headers={**auth, "content-type": "text/plain"}),
        api.post(f"{case}/hand-off", "clerk", {"to_person_id": "handler"}, idempotency_key="k" * 201),
        api.post(f"{case}/hand-off", "clerk", {"to_person_id": "handler"}, if_match='"2"'),
    ]
    return case_no, answers


def test_the_lane_answers_every_command_as_the_framework_does(apps: tuple[Api, Api, Framework]) -> None:
    laned, plain, _ = apps
    laned_case, laned_answers = _scenario(laned)
    plain_case, plain_answers = _scenario(plain)
    assert [r.status_code for r in laned_answers] == [201, 200, 200, 422, 412, 422, 409, 403, 404, 422, 422, 422, 401,
                                                      422, 422, 422, 200]  # fmt: skip
    for mine, theirs in zip(laned_answers, plain_answers, strict=True):
        assert _comparable(mine, laned_case) == _comparable(theirs, plain_case)
    assert laned_answers[0].headers["location"] == f"/cases/{laned_case}"
    assert laned_answers[-1].headers["etag"] == '"3"'


def test_the_lane_serves_well_formed_commands_and_hands_on_the_rest(apps: tuple[Api, Api, Framework]) -> None:
    laned, _, framework = apps
    case_no, _ = _scenario(laned)
    case = f"/cases/{case_no}"
    # The framework saw only the requests the lane could not check: a malformed case number, an invalid
    # or unreadable body, a missing token, an oversized header. Domain refusals stayed in the lane.
    assert framework.paths == ["/cases/bad case!/acceptance", *[f"{case}/hand-off"] * 5]
    assert laned.get(f"{case}/history", "auditor").status_code == 200
    assert framework.paths[-1] == f"{case}/history"  # queries are the framework's
