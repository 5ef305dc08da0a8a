"""Signing in and out of the console, sessions, CSRF and what each role may open, on every backend."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import httpx
import pytest
from fastapi.testclient import TestClient

from interface.web.sessions import SESSION_COOKIE, SIGN_IN_COOKIE
from tests.api.conftest import ITEMS
from tests.support import CO_DEPTS, DEPT
from tests.web.console_client import PASSWORD, Console, csrf_of


def test_a_password_signs_in_with_a_strict_http_only_session_cookie(console: Console) -> None:
    client = console.browser()
    response = console.sign_in(client, "inspector")
    assert response.status_code == 303 and response.headers["location"] == "/console/"
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    key = client.cookies[SESSION_COOKIE]
    stored = console.app.state.views.store.rows("SELECT session_hash, person_id FROM console_session", {})
    assert [row["person_id"] for row in stored] == ["inspector"]
    assert key not in str(stored)  # the server keeps the cookie's hash, never the cookie
    home = client.get("/console/")
    assert home.status_code == 303 and home.headers["location"] == "/console/supervision"
    assert client.get("/console/supervision").status_code == 200


def test_a_token_signs_in_too(console: Console) -> None:
    client = console.browser()
    page = client.get("/console/sign-in")
    response = client.post("/console/sign-in", data={"token": console.tokens["handler"], "csrf": csrf_of(page)})
    assert response.status_code == 303
    assert client.get("/console/departments/" + DEPT).status_code == 200


@pytest.mark.parametrize(
    ("person", "password"), [("clerk", "wrong password!"), ("nobody", PASSWORD), ("handler", PASSWORD)]
)
def test_a_wrong_person_or_password_gets_one_answer(console: Console, person: str, password: str) -> None:
    """An unknown person, a wrong password and a person without one read the same: nothing is told."""
    client = console.browser()
    response = console.sign_in(client, person, password)
    assert response.status_code == 200 and "用户名或密码不正确。" in response.text
    assert SESSION_COOKIE not in client.cookies


def test_a_sign_in_without_its_forms_token_is_refused(console: Console) -> None:
    client = console.browser()
    client.get("/console/sign-in")
    response = client.post("/console/sign-in", data={"person": "clerk", "password": PASSWORD, "csrf": "forged"})
    assert "登录页面已过期" in response.text and SESSION_COOKIE not in client.cookies
    fresh = console.browser()  # a form posted from elsewhere carries no sign-in cookie at all
    response = fresh.post("/console/sign-in", data={"person": "clerk", "password": PASSWORD, "csrf": "x" * 43})
    assert SESSION_COOKIE not in fresh.cookies


def test_a_form_without_the_sessions_csrf_token_or_from_another_site_is_refused(console: Console) -> None:
    client = console.signed_in("clerk")
    page = client.get(f"/console/departments/{DEPT}")
    token = csrf_of(page)
    assert client.post("/console/sign-out", data={}).status_code == 403
    assert client.post("/console/sign-out", data={"csrf": "forged"}).status_code == 403
    other_site = client.post("/console/sign-out", data={"csrf": token}, headers={"Origin": "http://evil.example"})
    assert other_site.status_code == 403 and "表单" in other_site.text
    assert client.get(f"/console/departments/{DEPT}").status_code == 200  # still signed in: nothing was done
    out = client.post("/console/sign-out", data={"csrf": token}, headers={"Origin": "http://testserver"})
    assert out.status_code == 303
    assert client.get(f"/console/departments/{DEPT}").status_code == 303  # signed out


def test_a_session_ends_after_its_idle_time_and_its_lifetime(console: Console) -> None:
    client = console.signed_in("inspector")
    console.now[0] += timedelta(minutes=29)
    assert client.get("/console/supervision").status_code == 200
    console.now[0] += timedelta(minutes=29)  # used 29 minutes ago: still in force
    assert client.get("/console/supervision").status_code == 200
    console.now[0] += timedelta(minutes=31)
    response = client.get("/console/supervision")
    assert response.status_code == 303
    assert response.headers["location"] == "/console/sign-in?next=%2Fconsole%2Fsupervision"
    busy = console.signed_in("inspector")
    for _ in range(13):  # used every 25 minutes for more than 12 hours
        console.now[0] += timedelta(minutes=25) if _ < 12 else timedelta(minutes=61)
        last = busy.get("/console/supervision")
    assert last.status_code == 303


def test_a_deactivated_person_is_signed_out(console: Console) -> None:
    client = console.signed_in("clerk")
    console.ledger.people.deactivate_person("clerk", "调离")
    assert client.get(f"/console/departments/{DEPT}").status_code == 303
    assert console.sign_in(console.browser(), "clerk").status_code == 200  # and cannot sign in again


@pytest.mark.parametrize(
    ("person", "path"),
    [
        ("clerk", f"/console/departments/{CO_DEPTS[0]}"),  # another department's screen
        ("other_clerk", "/console/cases/{case_no}"),  # a case of another department
    ],
)
def test_what_a_role_may_not_read_is_a_forbidden_page(console: Console, person: str, path: str) -> None:
    case_no = console.case()
    client = console.signed_in(person)
    response = client.get(path.format(case_no=case_no))
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html") and "403" in response.text


def test_the_read_access_log_records_what_a_page_showed(console: Console) -> None:
    case_no = console.case()
    console.app.state.views.runner.catch_up()
    client = console.signed_in("auditor")
    assert client.get(f"/console/cases/{case_no}").status_code == 200
    assert client.get("/console/supervision").status_code == 200
    reads = console.app.state.views.access.reads(person="auditor")
    assert [(r["action"], r["subject"]) for r in reads] == [
        ("console:case", case_no),
        ("console:report:screen", "department=* section=* person=*"),
    ]


@pytest.mark.parametrize("back_to", ["https://evil.example/", "//evil.example/", "/\\evil.example", "/cases"])
def test_signing_in_never_leads_off_the_console(console: Console, back_to: str) -> None:
    client = console.browser()
    response = console.sign_in(client, "clerk", next=back_to)
    assert response.status_code == 303 and response.headers["location"] == "/console/"


def test_a_page_asked_for_without_a_session_asks_to_sign_in_and_comes_back(console: Console) -> None:
    client = console.browser()
    response = client.get(f"/console/departments/{DEPT}")
    assert response.status_code == 303
    back_to = response.headers["location"].split("next=")[1]
    assert console.sign_in(client, "clerk", next=httpx.QueryParams(f"n={back_to}")["n"]).headers["location"] == (
        f"/console/departments/{DEPT}"
    )
    partial = console.browser().get("/console/supervision/table", headers={"HX-Request": "true"})
    assert partial.status_code == 401 and partial.headers["HX-Redirect"].startswith("/console/sign-in?next=")


def test_the_sign_in_cookie_is_the_forms_own(console: Console) -> None:
    client = console.browser()
    page = client.get("/console/sign-in")
    assert client.cookies[SIGN_IN_COOKIE] == csrf_of(page)


def acted(console: Console, client: TestClient, case_no: str, path: str, **fields: str) -> httpx.Response:
    page = client.get(f"/console/cases/{case_no}")
    assert page.status_code == 200, page.text
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert version is not None
    data = {"csrf": csrf_of(page), "version": version.group(1), **fields}
    return client.post(f"/console/cases/{case_no}/acts/{path}", data=data)


def events_of(console: Console, case_no: str) -> list[str]:
    return [event.type for event in console.ledger.audit.history(case_no)]


def test_a_form_sent_twice_records_its_act_once(console: Console) -> None:
    case_no = console.case()
    client = console.signed_in("clerk")
    page = client.get(f"/console/cases/{case_no}")
    form = {"csrf": csrf_of(page), "version": "1", "notice_no": "受理〔2026〕1号"}
    first = client.post(f"/console/cases/{case_no}/acts/acceptance", data=form)
    assert first.status_code == 303 and first.headers["location"].endswith("done=Accept#timeline")
    again = client.post(f"/console/cases/{case_no}/acts/acceptance", data=form)
    assert again.status_code == 412 and "办件在您读取后已变更" in again.text
    assert events_of(console, case_no) == ["Received", "Accepted"]


@pytest.mark.parametrize(
    ("path", "fields", "status", "why"),
    [
        ("step/return", {}, 422, "请更正：原因：至少 1 个字符"),  # a reason is required
        ("supplement-request", {"missing": "", "notice_no": "补正〔2026〕1号"}, 422, "至少 1 项"),
        ("hand-off", {"to_person_id": "nobody"}, 404, "没有人员 nobody"),
        ("no-such-act", {}, 422, "控制台中没有操作“no-such-act”"),
        ("acceptance", {"notice_no": "x" * 2001}, 422, "最多 2000 个字符"),
    ],
)
def test_a_form_the_rules_refuse_is_a_page_saying_why_in_chinese_and_records_nothing(
    console: Console, path: str, fields: dict[str, str], status: int, why: str
) -> None:
    case_no = console.case()
    client = console.signed_in("clerk")
    response = acted(console, client, case_no, path, **fields)
    assert response.status_code == status and response.headers["content-type"].startswith("text/html")
    assert why in html.unescape(response.text)
    assert events_of(console, case_no) == ["Received"]


def test_the_read_only_roles_cannot_act_through_a_form(console: Console) -> None:
    case_no = console.case()
    client = console.signed_in("inspector")
    page = client.get(f"/console/cases/{case_no}")
    assert 'name="version"' not in page.text  # no form is offered
    form = {"csrf": csrf_of(page), "version": "1", "notice_no": "受理〔2026〕1号"}
    response = client.post(f"/console/cases/{case_no}/acts/acceptance", data=form)
    assert response.status_code == 403
    assert events_of(console, case_no) == ["Received"]


def test_an_application_received_through_the_form_is_the_apis_receipt(console: Console) -> None:
    client = console.signed_in("clerk")
    page = client.get("/console/window/receipt")
    assert ITEMS["commitment"].code in page.text
    form = {
        "csrf": csrf_of(page),
        "item_code": ITEMS["commitment"].code,
        "name": "王五",
        "id_number": "510122199001011233",
        "materials": "申请书\n\n营业执照 \n",
    }
    response = client.post("/console/window/receipt", data=form)
    assert response.status_code == 303
    case_no = response.headers["location"].split("/console/cases/")[1].split("?")[0]
    received = console.ledger.audit.history(case_no)[0]
    assert received.details["materials"] == ["申请书", "营业执照"] and received.actor is not None
    assert received.actor.person_id == "clerk"
    bad = client.post("/console/window/receipt", data={**form, "id_number": "123"})
    assert bad.status_code == 422  # the API's check of a resident id's check digit


def test_guessing_a_password_is_slowed_to_a_few_tries_a_quarter_hour(console: Console) -> None:
    client = console.browser()
    for _ in range(5):
        assert "用户名或密码不正确。" in console.sign_in(client, "clerk", "a wrong guess!").text
    refused = console.sign_in(client, "clerk")  # the right password, after five wrong ones
    assert refused.status_code == 200 and "登录失败次数过多" in refused.text and SESSION_COOKIE not in client.cookies
    assert console.sign_in(console.browser(), "inspector").status_code == 303  # another person is not held up
    console.now[0] += timedelta(minutes=16)
    assert console.sign_in(client, "clerk").status_code == 303
