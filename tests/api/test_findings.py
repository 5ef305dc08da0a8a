"""Responsibility findings over HTTP: recorded by an inspector against someone in the case's chain, aggravating
on a second within twelve months, answered by the person, withdrawn on review; read by the person, their
department's head and those who supervise or audit; each finds their own in the findings report."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api

FINDING = {
    "chain_role": "handler",
    "responsibility": "direct",
    "fault": "承办环节超出时限三个工作日，未说明理由",
    "rule": "《限时办结制度》第五条",
    "basis": "承办: 7 WD held of a 4-WD budget",
    "overrun_days": 3,
    "severity": "general",
    "sanctions": ["correction", "circulated_criticism"],
}


def handled_case(api: Api) -> str:
    """A case whose 承办 step the user ``handler`` signed."""
    case_no = api.receive()
    api.ok(f"/cases/{case_no}/acceptance", "clerk")
    api.take(case_no, "clerk", "handler")
    api.ok(f"/cases/{case_no}/step/completion", "handler", {"opinion": "同意"})
    return case_no


def found(api: Api, case_no: str, user: str = "inspector", **changes: Any) -> Any:
    return api.post("/findings", user, FINDING | {"case_no": case_no, "person_id": "handler"} | changes)


def test_a_finding_runs_its_course_over_http(api: Api) -> None:
    case_no = handled_case(api)
    first = found(api, case_no)
    assert first.status_code == 201, first.text
    number = first.json()["finding_no"]
    finding = api.get(f"/findings/{number}", "handler").json()
    assert (finding["person_id"], finding["department"], finding["aggravating"]) == ("handler", "SJJ", False)
    second = found(api, case_no, severity="serious", sanctions=["warning"])
    assert api.get(f"/findings/{second.json()['finding_no']}", "auditor").json()["prior"] == [number]
    defence = api.post(f"/findings/{number}/defence", "handler", {"statement": "当日系统故障，已书面报告"})
    assert defence.status_code == 200 and defence.headers["ETag"] == '"2"'
    stale = api.post(f"/findings/{number}/withdrawal", "inspector", {"reason": "复核撤销"}, if_match='"1"')
    assert stale.status_code == 412
    withdrawn = api.post(f"/findings/{number}/withdrawal", "inspector", {"reason": "复核撤销"}, if_match='"2"')
    assert withdrawn.status_code == 200
    third = found(api, case_no)
    assert api.get(f"/findings/{third.json()['finding_no']}", "inspector").json()["prior"] == [
        second.json()["finding_no"]
    ]  # the withdrawn one no longer counts


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("handler", 200),  # their own
        ("agency_head", 200),  # the head of their department
        ("chief", 200),
        ("inspector", 200),
        ("auditor", 200),
        ("reviewer", 403),  # a colleague
        ("section_head", 403),
        ("quality", 403),  # conduct is not the quality manager's
        ("clerk", 403),
    ],
)
def test_a_finding_is_read_by_its_person_their_heads_and_the_inspectors(api: Api, user: str, status: int) -> None:
    number = found(api, handled_case(api)).json()["finding_no"]
    assert api.get(f"/findings/{number}", user).status_code == status


@pytest.mark.parametrize("user", ["agency_head", "quality", "handler", "clerk", "auditor"])
def test_only_an_inspector_records_or_withdraws_a_finding(api: Api, user: str) -> None:
    case_no = handled_case(api)
    assert found(api, case_no, user=user).status_code == 403
    number = found(api, case_no).json()["finding_no"]
    assert api.post(f"/findings/{number}/withdrawal", user, {"reason": "x"}).status_code == 403


def test_only_the_person_states_their_defence(api: Api) -> None:
    number = found(api, handled_case(api)).json()["finding_no"]
    assert api.post(f"/findings/{number}/defence", "agency_head", {"statement": "x"}).status_code == 403


def test_a_finding_falls_on_someone_in_the_chain_and_is_said_in_bounds(api: Api) -> None:
    case_no = handled_case(api)
    assert found(api, case_no, person_id="reviewer").status_code == 422  # 审核 not reached
    assert found(api, case_no, chain_role="approver").status_code == 422
    assert found(api, case_no, person_id="nobody").status_code in (404, 422)
    assert found(api, case_no, sanctions=[]).status_code == 422
    assert found(api, case_no, sanctions=["banishment"]).status_code == 422
    assert found(api, case_no, fault="过" * 1001).status_code == 422
    assert found(api, case_no, overrun_days=-1).status_code == 422
    assert found(api, "SJJ-20260302-NOCASE").status_code in (404, 422)


def test_everyone_finds_their_own_findings_in_the_report(api: Api) -> None:
    case_no = handled_case(api)
    recorded = found(api, case_no).json()
    number = recorded["finding_no"]
    api.client.app.state.views.runner.catch_up()  # type: ignore[attr-defined]
    mine = api.get("/reports/findings", "handler", min_position=recorded["position"]).json()
    assert [r["finding_no"] for r in mine] == [number]
    assert api.get("/reports/findings", "reviewer").json() == []  # none of their own
    assert api.get("/reports/findings", "reviewer", person="handler").status_code == 403
    everyone = api.get("/reports/findings", "inspector", person="handler").json()
    assert [(r["finding_no"], r["chain_role"], r["aggravating"], r["status"]) for r in everyone] == [
        (number, "handler", False, "standing")
    ]
    assert api.get("/reports/findings", "agency_head").json() == everyone
