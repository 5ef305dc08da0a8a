"""Every case command over HTTP, as the people who would really do it."""

from __future__ import annotations

from tests.api.conftest import ITEMS, Api
from tests.support import CO_DEPTS, ID_NUMBER


def history(api: Api, case_no: str) -> list[str]:
    response = api.get(f"/cases/{case_no}/history", "auditor")
    assert response.status_code == 200
    return [event["type"] for event in response.json()]


def test_a_commitment_case_from_receipt_to_rating(api: Api) -> None:
    case_no = api.receive()
    assert api.ok(f"/cases/{case_no}/acceptance", "clerk", {"notice_no": "受理-1"})["version"] == 2
    api.at(3, 3)
    api.take(case_no, "clerk", "handler")
    api.ok(f"/cases/{case_no}/step/completion", "handler", {"opinion": "同意"})
    api.take(case_no, "handler", "reviewer")
    api.ok(f"/cases/{case_no}/step/return", "reviewer", {"reason": "请补充意见"})
    api.take(case_no, "reviewer", "handler")
    api.ok(f"/cases/{case_no}/step/completion", "handler", {"opinion": "已补充"})
    api.take(case_no, "handler", "reviewer")
    api.ok(f"/cases/{case_no}/step/completion", "reviewer", {"opinion": "同意"})
    api.take(case_no, "reviewer", "approver")
    api.ok(f"/cases/{case_no}/step/completion", "approver", {"opinion": "准予"})
    api.ok(f"/cases/{case_no}/decision", "approver", {"outcome": "granted", "document_no": "许可-1"})
    api.take(case_no, "approver", "clerk")
    api.ok(f"/cases/{case_no}/delivery", "clerk", {"method": "window"})
    code = api.ledger.records.query_code(case_no)
    rated = api.client.post(f"/public/cases/{case_no}/rating", params={"query_code": code}, json={"stars": 5})
    assert rated.status_code == 200, rated.text
    view = api.get(f"/cases/{case_no}", "clerk").json()
    assert (view["status"], view["rating"], view["returns"]) == ("closed", 5, 1)
    assert history(api, case_no)[-3:] == ["HandOffReceived", "Delivered", "Rated"]


def test_supplement_notice_then_supplement_then_rejection(api: Api) -> None:
    case_no = api.receive()
    api.ok(f"/cases/{case_no}/supplement-request", "clerk", {"missing": ["营业执照"], "notice_no": "补正-1"})
    api.ok(f"/cases/{case_no}/supplement", "clerk", {"materials": ["营业执照"]})
    api.ok(f"/cases/{case_no}/rejection", "clerk", {"reasons": "不属于本机关职权", "remedies": "向市局申请"})
    assert history(api, case_no)[1:] == ["SupplementRequested", "SupplementProvided", "IntakeRejected"]


def test_an_immediate_item_decided_on_the_spot(api: Api) -> None:
    case_no = api.receive("immediate")
    api.ok(f"/cases/{case_no}/on-the-spot-decision", "clerk", {"outcome": "granted"})
    api.ok(f"/cases/{case_no}/delivery", "clerk", {"method": "e_certificate"})
    assert api.get(f"/cases/{case_no}", "clerk").json()["status"] == "closed"


def test_special_procedure_post_acceptance_supplement_and_extension(api: Api) -> None:
    case_no = api.receive("pledge")
    api.ok(f"/cases/{case_no}/acceptance", "clerk")
    api.take(case_no, "clerk", "handler")
    api.at(3, 3)
    body = {"procedure": "expert_review", "legal_basis": "第四十五条", "notice_no": "告知-1", "expected_days": 5}
    api.ok(f"/cases/{case_no}/special-procedure", "handler", body)
    api.at(3, 6)
    api.ok(f"/cases/{case_no}/special-procedure/end", "handler", {"result": "通过"})
    api.ok(
        f"/cases/{case_no}/post-acceptance-supplement-request", "handler", {"missing": ["说明"], "notice_no": "补办-1"}
    )
    api.at(3, 9)
    api.ok(f"/cases/{case_no}/post-acceptance-supplement", "handler", {"materials": ["说明"]})
    api.ok(f"/cases/{case_no}/extension", "agency_head", {"days": 10, "reason": "核查", "notice_no": "延期-1"})
    clocks = {c["name"]: c for c in api.get(f"/cases/{case_no}/clocks", "handler").json()}
    assert clocks["KS"]["extension"] == 10 and clocks["KC"]["due_on"] > "2026-03-16"


def test_joint_approval_opinions_and_a_government_extension(api: Api) -> None:
    case_no = api.receive("joint")
    api.ok(f"/cases/{case_no}/acceptance", "clerk")
    api.ok(f"/cases/{case_no}/opinions", "co_reviewer", {"co_department": CO_DEPTS[0], "opinion": "agree"})
    api.ok(
        f"/cases/{case_no}/opinions",
        "co_reviewer_2",
        {"co_department": CO_DEPTS[1], "opinion": "disagree", "reasons": "环评未过"},
    )
    api.ok(f"/cases/{case_no}/extension", "government_head", {"days": 15, "reason": "联合踏勘", "notice_no": "延期-1"})
    assert history(api, case_no)[-3:] == ["OpinionGiven", "OpinionGiven", "ExtensionApproved"]


def test_report_up_forwarding_and_the_upper_levels_decision(api: Api) -> None:
    case_no = api.receive("report_up")
    api.ok(f"/cases/{case_no}/acceptance", "clerk")
    api.take(case_no, "clerk", "handler")
    api.ok(f"/cases/{case_no}/step/completion", "handler", {"opinion": "初审同意"})
    api.take(case_no, "handler", "reviewer")
    api.ok(f"/cases/{case_no}/step/completion", "reviewer", {"opinion": "同意上报"})
    api.ok(f"/cases/{case_no}/forwarding", "reviewer", {"upper_level": "市政务服务中心"})
    api.ok(f"/cases/{case_no}/upper-level-decision", "reviewer", {"outcome": "granted", "document_no": "市批-1"})
    assert api.get(f"/cases/{case_no}", "reviewer").json()["status"] == "decided"


def test_withdrawal_termination_and_pledge_verification(api: Api) -> None:
    withdrawn = api.receive()
    api.ok(f"/cases/{withdrawn}/withdrawal", "clerk", {"reason": "申请人撤回"})
    terminated = api.receive()
    api.ok(f"/cases/{terminated}/acceptance", "clerk")
    api.ok(f"/cases/{terminated}/termination", "section_head", {"reason": "企业已注销"})
    pledged = api.receive("pledge")
    api.ok(f"/cases/{pledged}/acceptance", "clerk")
    for signer in ("handler", "reviewer", "approver"):
        api.take(pledged, api.ledger.case_store.case(pledged).holder.person_id, signer)
        api.ok(f"/cases/{pledged}/step/completion", signer, {"opinion": "同意"})
    api.ok(f"/cases/{pledged}/decision", "approver", {"outcome": "granted"})
    api.ok(f"/cases/{pledged}/pledge-verification", "handler", {"truthful": False, "finding": "承诺不实"})
    statuses = [api.get(f"/cases/{n}", "auditor").json()["status"] for n in (withdrawn, terminated, pledged)]
    assert statuses == ["withdrawn", "terminated", "revoked"]


def test_the_actor_is_the_authenticated_user_never_the_body(api: Api) -> None:
    response = api.post(
        "/cases",
        "clerk",
        {
            "item_code": ITEMS["commitment"].code,
            "applicant": {"name": "x", "id_number": ID_NUMBER},
            "by": "agency_head",
        },
    )
    assert response.status_code == 422  # unknown fields are refused, not silently used
    case_no = api.receive()
    first = api.get(f"/cases/{case_no}/history", "clerk").json()[0]
    assert first["actor"]["person_id"] == "clerk"


def test_queries_by_number_by_id_and_with_an_as_of_instant(api: Api) -> None:
    case_no = api.receive()
    api.ok(f"/cases/{case_no}/acceptance", "clerk")
    by_number = api.get(f"/cases/{case_no}", "clerk")
    assert by_number.headers["ETag"] == '"2"'
    case_id = str(api.ledger.case_store.case(case_no).id)
    assert api.get(f"/cases/by-id/{case_id}", "clerk").json()["case_no"] == case_no
    later = api.get(f"/cases/{case_no}/clocks", "clerk", as_of="2026-03-20T10:00:00+08:00").json()
    kc = next(c for c in later if c["name"] == "KC")
    assert kc["overdue"] == 4 and kc["remaining"] == -4


def test_history_with_clocks_and_the_case_as_of_a_time(api: Api) -> None:
    case_no = api.receive()
    api.at(3, 2, 10)
    api.ok(f"/cases/{case_no}/acceptance", "clerk")
    history = api.get(f"/cases/{case_no}/history", "auditor").json()
    kc = next(c for c in history[1]["clocks_after"] if c["name"] == "KC")
    assert (kc["due_on"], kc["remaining"]) == ("2026-03-16", 10)
    then = api.get(f"/cases/{case_no}/as-of", "auditor", business_time="2026-03-02T09:30:00+08:00").json()
    assert (then["status"], then["version"]) == ("received", 1)
    assert api.get(f"/cases/{case_no}/as-of", "auditor").status_code == 404  # say which time
    assert (
        api.get(f"/cases/{case_no}/as-of", "other_clerk", business_time="2026-03-03T00:00:00+08:00").status_code == 403
    )


def test_an_identity_number_that_cannot_be_is_a_named_problem_and_writes_nothing(api: Api) -> None:
    code = ITEMS["commitment"].code
    for applicant in ({"name": "王五", "id_number": "123"}, {"name": "王五"}, {"name": "王五", "id_type": "licence"}):
        refused = api.post("/cases", "clerk", {"item_code": code, "applicant": applicant})
        assert refused.status_code == 422, refused.text
        assert refused.json()["rule"] in ("invalid-identity-document", "invalid-request")  # a kind not offered
    refused = api.post("/cases", "clerk", {"item_code": code, "applicant": {"name": "王五", "id_number": "123"}})
    assert refused.json()["rule"] == "invalid-identity-document" and "GB 11643" in refused.json()["detail"]
    passport = {"name": "John Smith", "id_type": "passport", "id_number": "E12345678"}
    assert api.post("/cases", "clerk", {"item_code": code, "applicant": passport}).status_code == 201
