"""Who may do what: an allow/deny matrix of roles against reads and commands."""

from __future__ import annotations

import pytest

from tests.api.conftest import ITEMS, USERS, Api
from tests.support import ID_NUMBER

READERS_OF_EVERYTHING = {"inspector", "auditor", "quality", "admin", "government_head"}
SAME_DEPARTMENT = {"clerk", "chief", "handler", "reviewer", "approver", "section_head", "agency_head"}
CO_DEPARTMENT = {"other_clerk", "co_reviewer", "co_reviewer_2"}  # of ZJJ and SHJJ: co-departments of the joint item


@pytest.mark.parametrize("user", sorted(USERS))
def test_reading_a_case(api: Api, user: str) -> None:
    own = api.receive()
    joint = api.receive("joint")
    expected_own = 200 if user in READERS_OF_EVERYTHING | SAME_DEPARTMENT else 403
    assert api.get(f"/cases/{own}", user).status_code == expected_own
    expected_joint = 200 if user in READERS_OF_EVERYTHING | SAME_DEPARTMENT | CO_DEPARTMENT else 403
    assert api.get(f"/cases/{joint}", user).status_code == expected_joint


@pytest.mark.parametrize("user", sorted(USERS))
def test_receiving_an_application(api: Api, user: str) -> None:
    body = {"item_code": ITEMS["commitment"].code, "applicant": {"name": "李四", "id_number": ID_NUMBER}}
    channel = {"agent": "agent", "station": "village_station"}.get(user, "window")
    response = api.post("/cases", user, {**body, "channel": channel})
    allowed = {"clerk", "chief", "station"}  # the department's window, village stations (an agent: with a mandate)
    assert response.status_code == (201 if user in allowed else 403), response.text
    if user == "agent":
        assert response.json()["rule"] == "not-mandated"


@pytest.mark.parametrize("user", sorted(USERS))
def test_accepting(api: Api, user: str) -> None:
    case_no = api.receive()
    if user in SAME_DEPARTMENT - {"clerk"}:
        api.take(case_no, "clerk", user)
    elif user != "clerk":  # nobody outside the department can even be handed the case
        assert api.post(f"/cases/{case_no}/hand-off", "clerk", {"to_person_id": user}).status_code == 403
    response = api.post(f"/cases/{case_no}/acceptance", user)
    # Only the department's window accepts; everyone else is refused by the access rules or the domain.
    assert response.status_code == (200 if user in ("clerk", "chief") else 403), response.text


@pytest.mark.parametrize("user", sorted(USERS))
def test_approving_an_extension(api: Api, user: str) -> None:
    case_no = api.receive()
    api.ok(f"/cases/{case_no}/acceptance", "clerk")
    response = api.post(f"/cases/{case_no}/extension", user, {"days": 10, "reason": "核查", "notice_no": "n"})
    assert response.status_code == (200 if user == "agency_head" else 403), response.text


@pytest.mark.parametrize("user", sorted(USERS))
def test_deciding(api: Api, user: str) -> None:
    case_no = api.receive()
    api.ok(f"/cases/{case_no}/acceptance", "clerk")
    for signer in ("handler", "reviewer", "approver"):
        api.take(case_no, api.ledger.case_store.case(case_no).holder.person_id, signer)
        api.ok(f"/cases/{case_no}/step/completion", signer, {"opinion": "同意"})
    if user != "approver" and user in SAME_DEPARTMENT:
        api.take(case_no, "approver", user)
    response = api.post(f"/cases/{case_no}/decision", user, {"outcome": "granted"})
    deciders = {"approver", "agency_head"}
    assert response.status_code == (200 if user in deciders else 403), response.text


@pytest.mark.parametrize("user", ["inspector", "auditor", "quality", "admin"])
def test_readers_write_nothing(api: Api, user: str) -> None:
    case_no = api.receive()
    for path, body in (
        (f"/cases/{case_no}/acceptance", {}),
        (f"/cases/{case_no}/hand-off", {"to_person_id": "handler"}),
        (f"/cases/{case_no}/withdrawal", {"reason": "x"}),
    ):
        assert api.post(path, user, body).status_code == 403
    assert api.get(f"/cases/{case_no}/history", user).status_code == 200
    assert len(api.get(f"/cases/{case_no}/history", "auditor").json()) == 1


@pytest.mark.parametrize("user", sorted(set(USERS) - {"admin"}))
def test_only_the_administrator_manages_the_catalogue(api: Api, user: str) -> None:
    body = {"code": "SJJ-NEW", "name": "新事项", "department": "SJJ", "kind": "immediate", "committed_days": 0}
    assert api.post("/catalogue/items", user, body).status_code == 403
    assert api.post("/catalogue/items", "admin", body).status_code in (201, 409)
