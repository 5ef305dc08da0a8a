"""The role matrix of the inspectors' and quality managers' workflows: for every user, each act of each
workflow is allowed to exactly the roles whose work it is; auditors only read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import USERS, Api
from tests.conftest import _url


@pytest.fixture(params=["memory"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Who may act is the domain's and the access rules' question, the same on every backend (the workflows'
    API tests run on all three): the matrix runs on one."""
    return _url(request, tmp_path)


SJJ_HEADS = {"agency_head", "chief", "section_head"}  # heads of the department an order or complaint is on
QUALITY = {"quality", "admin"}
ORDER = {"subject": "department", "department": "SJJ", "rule_id": "A004", "warning_type": "1", "content": "请整改"}
COMPLAINT = {"source": "hotline", "kind": "3", "department": "SJJ", "content": "办理拖延"}


def order(api: Api) -> str:
    return str(api.post("/supervision-orders", "inspector", ORDER).json()["order_no"])


def complaint(api: Api) -> str:
    return str(api.post("/complaints", "clerk", COMPLAINT).json()["complaint_no"])


def rectified(api: Api) -> str:
    number = complaint(api)
    api.ok(f"/complaints/{number}/rectification", "agency_head", {"verification": "partly", "measures": "已整改"})
    return number


def signed_case(api: Api) -> str:
    case_no = api.receive()
    api.ok(f"/cases/{case_no}/acceptance", "clerk")
    api.take(case_no, "clerk", "handler")
    api.ok(f"/cases/{case_no}/step/completion", "handler", {"opinion": "同意"})
    return case_no


FINDING = {
    "person_id": "handler",
    "chain_role": "handler",
    "responsibility": "direct",
    "fault": "超时",
    "rule": "限时办结制度",
    "basis": "承办超时",
    "severity": "general",
    "sanctions": ["correction"],
}
AUDIT = {"first_day": "2026-03-01", "last_day": "2026-03-31", "criteria": "ISO 9001 8.5", "per_department": 1}
REVIEW = {"first_day": "2026-03-01", "last_day": "2026-03-31", "decisions": ["维持目标"]}


def immediate_case(api: Api) -> None:
    case_no = api.receive("immediate")
    api.ok(f"/cases/{case_no}/on-the-spot-decision", "clerk", {"outcome": "granted", "document_no": "即办-1"})


# act -> (set-up returning the path and body, the users allowed, the status when allowed)
Act = tuple[Callable[[Api], tuple[str, dict[str, Any]]], set[str], int]
ACTS: dict[str, Act] = {
    "open an order": (lambda api: ("/supervision-orders", ORDER), {"inspector"}, 201),
    "acknowledge an order": (lambda api: (f"/supervision-orders/{order(api)}/acknowledgement", {}), SJJ_HEADS, 200),
    "enter a complaint": (
        lambda api: ("/complaints", COMPLAINT),
        {"clerk", "other_clerk", "chief", "inspector", "quality", "admin"},  # 首问负责: any window takes it
        201,
    ),
    "rectify a complaint": (
        lambda api: (f"/complaints/{complaint(api)}/rectification", {"verification": "partly", "measures": "x"}),
        SJJ_HEADS,
        200,
    ),
    "call a complainant back": (
        lambda api: (f"/complaints/{rectified(api)}/call-back", {"satisfaction": "satisfied"}),
        {"inspector", "quality"},
        200,
    ),
    "record a finding": (lambda api: ("/findings", FINDING | {"case_no": signed_case(api)}), {"inspector"}, 201),
    "publish an evaluation": (lambda api: ("/evaluations/2026Q1", {}), {"inspector"}, 201),
    "plan an internal audit": (lambda api: (immediate_case(api), ("/internal-audits", AUDIT))[1], QUALITY, 201),
    "hold a management review": (lambda api: ("/management-reviews", REVIEW), QUALITY, 201),
}


@pytest.mark.parametrize("user", sorted(USERS))
@pytest.mark.parametrize("act", sorted(ACTS))
def test_each_act_is_for_its_roles(api: Api, act: str, user: str) -> None:
    set_up, allowed, status = ACTS[act]
    path, body = set_up(api)
    api.at(4, 7)  # after the first quarter: evaluations, audits and reviews of March may be made
    response = api.post(path, user, body)
    assert response.status_code == (status if user in allowed else 403), f"{act} by {user}: {response.text}"
