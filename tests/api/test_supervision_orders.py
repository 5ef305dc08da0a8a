"""Supervision orders over HTTP: the role matrix, If-Match on the order's version, keyed retries, and who
may read an order."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api
from tests.support import DEPT

CORRECTION = {"report": "已督促承办人办结", "evidence": ["整改报告.pdf"]}


def open_order(api: Api, user: str = "inspector", key: str | None = None, **changes: Any) -> Any:
    case_no = api.receive()
    body = {
        "subject": "case",
        "case_no": case_no,
        "department": DEPT,
        "rule_id": "A004",
        "warning_type": "1",
        "content": "该件超过承诺时限，请说明原因并整改",
    } | changes
    return api.post("/supervision-orders", user, body, **({"idempotency_key": key} if key else {}))


def test_an_order_runs_its_course_over_http(api: Api) -> None:
    opened = open_order(api)
    assert opened.status_code == 201, opened.text
    order_no = opened.json()["order_no"]
    path = f"/supervision-orders/{order_no}"
    assert api.post(f"{path}/acknowledgement", "agency_head").status_code == 200
    assert api.post(f"{path}/correction", "section_head", CORRECTION).status_code == 200
    assert api.post(f"{path}/send-back", "inspector", {"reason": "未附承办人说明"}).status_code == 200
    assert api.post(f"{path}/correction", "agency_head", CORRECTION).status_code == 200
    assert api.post(f"{path}/acceptance", "inspector", {"opinion": "整改到位"}).status_code == 200
    closed = api.post(f"{path}/closure", "inspector", {"finding": "no_fault", "conclusion": "客观原因，无责"})
    assert closed.status_code == 200 and closed.headers["ETag"] == '"7"'
    order = api.get(path, "auditor").json()
    assert (order["status"], order["finding"], order["reports"]) == ("closed", "no_fault", 2)


@pytest.mark.parametrize(
    ("user", "step", "status"),
    [
        ("clerk", "open", 403),
        ("agency_head", "open", 403),
        ("quality", "open", 403),
        ("inspector", "acknowledgement", 403),  # the department acknowledges its own order
        ("other_clerk", "acknowledgement", 403),
        ("clerk", "acknowledgement", 403),  # a head of the department, not any of its staff
        ("agency_head", "acknowledgement", 200),
        ("agency_head", "closure", 409),  # out of order before its role is even looked at
    ],
)
def test_each_step_is_for_its_role(api: Api, user: str, step: str, status: int) -> None:
    if step == "open":
        response = open_order(api, user)
    else:
        order_no = open_order(api).json()["order_no"]
        body = {"finding": "fault", "conclusion": "有责"} if step == "closure" else {}
        response = api.post(f"/supervision-orders/{order_no}/{step}", user, body)
    assert response.status_code == status, response.text
    if status >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")


def test_if_match_names_the_order_version_read(api: Api) -> None:
    order_no = open_order(api).json()["order_no"]
    path = f"/supervision-orders/{order_no}"
    assert api.post(f"{path}/acknowledgement", "agency_head", if_match='"1"').status_code == 200
    stale = api.post(f"{path}/correction", "agency_head", CORRECTION, if_match='"1"')
    assert stale.status_code == 412 and stale.json()["rule"] == "stale-version"
    assert api.post(f"{path}/correction", "agency_head", CORRECTION, if_match='"2"').status_code == 200


def test_a_keyed_retry_answers_as_the_first_and_writes_nothing(api: Api) -> None:
    body = {
        "subject": "department",
        "department": DEPT,
        "rule_id": "M01",
        "warning_type": "2",
        "content": "本月退件偏多",
    }
    first = api.post("/supervision-orders", "inspector", body, idempotency_key="open-1")
    again = api.post("/supervision-orders", "inspector", body, idempotency_key="open-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    reused = api.post("/supervision-orders", "inspector", body | {"content": "另一事项"}, idempotency_key="open-1")
    assert reused.status_code == 422 and reused.json()["rule"] == "idempotency-key-reused"
    order_no = first.json()["order_no"]
    path = f"/supervision-orders/{order_no}/acknowledgement"
    acknowledged = api.post(path, "agency_head", idempotency_key="ack-1")
    replayed = api.post(path, "agency_head", idempotency_key="ack-1")
    assert replayed.status_code == 200 and replayed.json() == acknowledged.json()
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert api.ledger.supervision.order(order_no).version == 2


def test_an_order_is_read_by_its_department_and_by_those_who_read_everything(api: Api) -> None:
    order_no = open_order(api).json()["order_no"]
    path = f"/supervision-orders/{order_no}"
    for user in ("agency_head", "clerk", "inspector", "auditor", "quality"):
        assert api.get(path, user).status_code == 200, user
    assert api.get(path, "other_clerk").status_code == 403
    assert api.get("/supervision-orders/DB00000000XXXXXX", "inspector").status_code == 404


def test_an_order_on_an_unknown_case_or_department_is_a_422(api: Api) -> None:
    assert open_order(api, case_no="SJJ-20260302-ZZZZZZ").status_code == 422
    assert open_order(api, department="XXX").status_code == 422
    assert open_order(api, subject="department").status_code == 422  # a department's pattern names no case


def test_an_extension_is_asked_and_granted_over_the_derived_routes(api: Api) -> None:
    order_no = open_order(api).json()["order_no"]
    path = f"/supervision-orders/{order_no}"
    assert api.post(f"{path}/acknowledgement", "agency_head").status_code == 200
    asked = api.post(f"{path}/extension-request", "agency_head", {"new_due_on": "2026-05-20", "reason": "待批复"})
    assert asked.status_code == 200, asked.text
    assert api.post(f"{path}/extension-decision", "agency_head", {"granted": True}).status_code == 403
    assert api.post(f"{path}/extension-decision", "inspector", {"granted": True}).status_code == 200
    assert api.get(path, "inspector").json()["due_on"] == "2026-05-20"
