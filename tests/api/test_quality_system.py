"""The ISO 9001 internal audit and management review over HTTP: the quality manager plans, checks, adds a
finding and closes; holds a review on the pack; those who read the whole centre read them; auditors read
only."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api

PLAN = {"first_day": "2026-03-01", "last_day": "2026-03-31", "criteria": "ISO 9001 8.5", "per_department": 3}


def concluded_case(api: Api) -> str:
    case_no = api.receive("immediate")
    api.ok(f"/cases/{case_no}/on-the-spot-decision", "clerk", {"outcome": "granted", "document_no": "即办-1"})
    return case_no


def test_an_audit_runs_its_course_over_http(api: Api) -> None:
    case_no = concluded_case(api)
    api.at(4, 7)
    planned = api.post("/internal-audits", "quality", PLAN | {"seed": 7})
    assert planned.status_code == 201, planned.text
    number = planned.json()["number"]
    audit = api.get(f"/internal-audits/{number}", "auditor").json()
    assert audit["sample"] == {"SJJ": [case_no]} and audit["population"] == {"SJJ": 1}
    checked = api.post(f"/internal-audits/{number}/checks", "quality", {})
    assert checked.status_code == 200, checked.text
    [check] = api.get(f"/internal-audits/{number}", "inspector").json()["checked"]
    assert (check["case_no"], check["chain_verified"]) == (case_no, True)
    finding = {"department": "SJJ", "clause": "7.1.6", "nature": "observation", "description": "流程培训不足"}
    assert api.post(f"/internal-audits/{number}/findings", "quality", finding).status_code == 200
    assert api.post(f"/internal-audits/{number}/closure", "quality", {"report": "抽查1件"}).status_code == 200
    assert api.get(f"/internal-audits/{number}", "quality").json()["status"] == "closed"
    assert api.post(f"/internal-audits/{number}/closure", "quality", {"report": "again"}).status_code == 409


@pytest.mark.parametrize("user", ["auditor", "inspector", "agency_head", "clerk"])
def test_only_the_quality_manager_audits(api: Api, user: str) -> None:
    concluded_case(api)
    api.at(4, 7)
    assert api.post("/internal-audits", user, PLAN).status_code == 403


@pytest.mark.parametrize(("user", "status"), [("auditor", 200), ("government_head", 200), ("agency_head", 403)])
def test_audits_and_reviews_are_read_by_those_who_read_the_whole_centre(api: Api, user: str, status: int) -> None:
    concluded_case(api)
    api.at(4, 7)
    number = api.post("/internal-audits", "quality", PLAN).json()["number"]
    assert api.get(f"/internal-audits/{number}", user).status_code == status


def test_a_management_review_is_held_on_its_pack(api: Api) -> None:
    concluded_case(api)
    api.at(4, 7)
    api.client.app.state.views.runner.catch_up()  # type: ignore[attr-defined]
    pack = api.get("/reports/review_pack", "quality", **{"from": "2026-03-01", "to": "2026-03-31"})
    assert pack.status_code == 200, pack.text
    assert api.get("/reports/review_pack", "quality").status_code == 422  # a pack is of a period
    body = {
        "first_day": "2026-03-01",
        "last_day": "2026-03-31",
        "decisions": ["维持质量目标"],
        "actions": [{"action": "审核环节增设AB岗", "owner_department": "SJJ", "due_on": "2026-05-29"}],
    }
    assert api.post("/management-reviews", "auditor", body).status_code == 403
    held = api.post("/management-reviews", "quality", body)
    assert held.status_code == 201, held.text
    review = api.get(f"/management-reviews/{held.json()['number']}", "government_head").json()
    assert review["pack"] == pack.json() and review["actions"][0]["owner_department"] == "SJJ"
    late = body | {"actions": [{"action": "x", "owner_department": "SJJ", "due_on": "2026-04-01"}]}
    assert api.post("/management-reviews", "quality", late).status_code == 422
