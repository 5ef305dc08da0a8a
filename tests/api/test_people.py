"""People and tokens over HTTP: only the administrator lists, deactivates, issues and revokes."""

from __future__ import annotations

import pytest

from tests.api.conftest import USERS, Api


@pytest.mark.parametrize("user", sorted(USERS))
def test_only_the_administrator_manages_people(api: Api, user: str) -> None:
    expected = 200 if user == "admin" else 403
    assert api.get("/organisation/people", user).status_code == expected
    response = api.post("/organisation/people/handler/tokens", user, {"label": "备用"})
    assert response.status_code == (201 if user == "admin" else 403)
    response = api.post("/organisation/people/reviewer/deactivation", user, {"reason": "调离"})
    assert response.status_code == expected


def test_a_deactivated_persons_token_is_refused_and_their_cases_cannot_be_handed_to_them(api: Api) -> None:
    case_no = api.receive()
    assert api.get(f"/cases/{case_no}", "handler").status_code == 200
    api.ok("/organisation/people/handler/deactivation", "admin", {"reason": "停职"})
    assert api.get(f"/cases/{case_no}", "handler").status_code == 401
    response = api.post(f"/cases/{case_no}/hand-off", "clerk", {"to_person_id": "handler"})
    assert response.status_code == 409 and response.json()["rule"] == "person-deactivated"
    [handler] = [p for p in api.get("/organisation/people", "admin").json() if p["person_id"] == "handler"]
    assert handler["active"] is False


def test_tokens_are_issued_once_and_revoked(api: Api) -> None:
    issued = api.post("/organisation/people/clerk/tokens", "admin", {"label": "窗口 3 号机"}).json()
    token = issued["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert api.client.get("/catalogue/items", headers=headers).status_code == 200
    revoked = api.ok("/organisation/people/clerk/tokens/revocation", "admin", {"reason": "遗失"})
    assert revoked["revoked"] >= 1
    assert api.client.get("/catalogue/items", headers=headers).status_code == 401
    assert api.get("/catalogue/items", "clerk").status_code == 401  # all of the clerk's tokens


@pytest.mark.parametrize("role", ["system", "applicant"])
def test_the_ledgers_own_roles_cannot_be_given_to_staff(api: Api, role: str) -> None:
    body = {"person_id": "X1", "name": "某人", "role": role, "department": "SJJ"}
    response = api.post("/organisation/people", "admin", body)
    assert response.status_code == 422 and "never staff" in response.json()["detail"]
