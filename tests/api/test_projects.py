"""Investment projects over HTTP: the investor service registers and plans, staff read the project's clock
and critical path, an applicant and a clerk are refused with named problems."""

from __future__ import annotations

from tests.api.conftest import ITEMS, Api

PROJECT = {
    "project_no": "2026-510116-04-01-000123",
    "name": "航空港物流园二期",
    "investor_id": "91510100MA6C8XYZ1L",
    "investor_name": "成都某物流有限公司",
    "site": "西航港经济开发区",
    "scale_wan_yuan": 32000,
    "committed_wd": 12,
    "green_channel": True,
}


def permit(key: str, *after: str, milestone: str | None = None) -> dict[str, object]:
    code = ITEMS["commitment"].code
    limits = {"committed_wd": 5, "statutory_wd": 20, "milestone": milestone}
    return {"key": key, "item_code": code, "department": "SJJ", "after": list(after)} | limits


def test_the_investor_service_registers_and_plans_and_staff_read_the_clock(api: Api) -> None:
    created = api.post("/projects", "agent", PROJECT)
    assert created.status_code == 201, created.text
    number = created.json()["project_no"]
    for body in (permit("approval", milestone="start"), permit("construction", "approval", milestone="end")):
        assert api.post(f"/projects/{number}/permits", "agent", body).status_code == 200
    case_no = api.receive()
    api.ok(f"/cases/{case_no}/acceptance", "clerk", {"notice_no": "受理-1"})
    linked = api.post(f"/projects/{number}/cases", "agent", {"key": "approval", "case_no": case_no})
    assert linked.status_code == 200 and linked.json()["version"] == 4
    view = api.get(f"/projects/{number}", "inspector").json()
    assert (view["committed_wd"], view["green_channel"], view["holding"], view["holding_case"]) == (
        12,
        True,
        "approval",
        case_no,
    )
    assert view["by_commitment"] == {"permits": ["approval", "construction"], "days": 10}
    assert view["by_law"]["days"] == 40 and view["started_on"] is not None
    assert [p["case_no"] for p in view["permits"]] == [case_no, None]


def test_who_may_not_is_refused_with_a_named_problem(api: Api) -> None:
    refused = api.post("/projects", "clerk", PROJECT)
    assert refused.status_code == 403 and refused.json()["rule"] == "not-project-staff"
    assert api.post("/projects", "agent", PROJECT).status_code == 201
    again = api.post("/projects", "agent", PROJECT)
    assert again.status_code == 409 and again.json()["rule"] == "already-exists"
    number = PROJECT["project_no"]
    orphan = api.post(f"/projects/{number}/permits", "agent", permit("roads", "nowhere"))
    assert orphan.status_code == 409 and orphan.json()["rule"] == "project-plan"
    chinese = api.client.post(
        f"/projects/{number}/permits",
        json=permit("roads", "nowhere"),
        headers={**api.headers("agent"), "Accept-Language": "zh-CN"},
    )
    assert chinese.json()["detail"] == "roads 只能排在已规划的事项之后，不能在 nowhere 之后"
    assert api.get(f"/projects/{number}", "inspector").status_code == 200
    assert api.get("/projects/nobody", "inspector").status_code == 404


def test_a_green_channel_case_joins_its_steps_and_each_signer_signs_their_own(api: Api) -> None:
    number = PROJECT["project_no"]
    assert api.post("/projects", "agent", PROJECT).status_code == 201
    assert api.post(f"/projects/{number}/permits", "agent", permit("approval", milestone="start")).status_code == 200
    plain = api.receive()
    api.ok(f"/cases/{plain}/acceptance", "clerk", {"notice_no": "受理-1"})
    refused = api.post(f"/cases/{plain}/steps/joining", "clerk", {})
    assert refused.status_code == 409 and refused.json()["rule"] == "not-in-green-channel"
    case_no = api.receive()
    api.ok(f"/cases/{case_no}/acceptance", "clerk", {"notice_no": "受理-2"})
    assert api.post(f"/projects/{number}/cases", "agent", {"key": "approval", "case_no": case_no}).status_code == 200
    case = api.get(f"/cases/{case_no}", "clerk").json()
    assert case["green_channel"] == number and case["joined_steps"] == []
    not_holder = api.post(f"/cases/{case_no}/steps/joining", "reviewer", {})
    assert not_holder.status_code == 409 and not_holder.json()["rule"] == "not-the-holder"
    api.ok(f"/cases/{case_no}/steps/joining", "clerk", {})
    joined = api.get(f"/cases/{case_no}", "inspector").json()["joined_steps"]
    assert [s["index"] for s in joined] == [0, 1, 2]
    wrong_role = api.post(f"/cases/{case_no}/steps/joint-signature", "reviewer", {"step_index": 2, "opinion": "同意"})
    assert wrong_role.status_code == 403 and wrong_role.json()["rule"] == "not-authorised"
    outsider = api.post(f"/cases/{case_no}/steps/joint-signature", "co_reviewer", {"step_index": 1})
    assert outsider.status_code == 403
    for user, index in (("approver", 2), ("reviewer", 1), ("handler", 0)):
        api.ok(f"/cases/{case_no}/steps/joint-signature", user, {"step_index": index, "opinion": "同意"})
    again = api.post(f"/cases/{case_no}/steps/joint-signature", "handler", {"step_index": 0})
    assert again.status_code == 409 and again.json()["rule"] == "not-a-joined-step"
    done = api.get(f"/cases/{case_no}", "clerk").json()
    assert done["joined_steps"] == [] and done["current_step"] is None and done["holder"]["role"] == "window_clerk"


MINUTES = {
    "meeting_no": "XTH-2026-03",
    "chair": "常务副县长",
    "attendees": ["SJJ", "ZJJ"],
    "projects": ["2026-510116-04-01-000123"],
    "decisions": ["物流园二期列入绿色通道"],
    "actions": [
        {"action_id": "1", "text": "三日内出具意见", "owner_department": "SJJ", "due_on": "2026-03-05"},
        {"action_id": "2", "text": "同步开展审查", "owner_department": "ZJJ", "due_on": "2026-03-12"},
    ],
}


def test_a_meetings_actions_are_ticked_off_by_their_departments_and_overdue_after_their_date(api: Api) -> None:
    assert api.post("/meetings", "clerk", MINUTES).json()["rule"] == "not-project-staff"
    assert api.post("/meetings", "agent", MINUTES).status_code == 201
    done = api.post("/meetings/XTH-2026-03/actions/1/completion", "agency_head", {"evidence": "意见已出具"})
    assert done.status_code == 200, done.text
    not_theirs = api.post("/meetings/XTH-2026-03/actions/2/completion", "agency_head", {"evidence": "x"})
    assert not_theirs.status_code == 403
    api.at(3, 13)
    view = api.get("/meetings/XTH-2026-03", "inspector").json()
    assert [(a["action_id"], a["done_on"] is not None, a["overdue"]) for a in view["actions"]] == [
        ("1", True, False),
        ("2", False, True),
    ]
    assert view["finished"] is False
    assert api.get("/meetings/XTH-2026-03", "inspector").status_code == 200
