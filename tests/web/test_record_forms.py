"""Supervision orders, complaints and evaluations worked through the console's forms: each form records
what the API's own command records, the record's page shows what the API reads, and a refusal is a page
in Chinese that records nothing."""

from __future__ import annotations

import html
import re

import httpx
from fastapi.testclient import TestClient

from tests.support import DEPT
from tests.web.console_client import Console, csrf_of


def shown(page: httpx.Response) -> dict[str, str]:
    """A record page's fields, by name, as their data attributes hold them."""
    return dict(re.findall(r'<dd data-field="([a-z_]+)" data-value="([^"]*)"', html.unescape(page.text)))


def act(client: TestClient, path: str, act_path: str, **fields: str) -> httpx.Response:
    page = client.get(path)
    assert page.status_code == 200, page.text
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert version is not None
    return client.post(f"{path}/{act_path}", data={"csrf": csrf_of(page), "version": version.group(1), **fields})


def open_order(console: Console, client: TestClient) -> str:
    register = client.get("/console/supervision-orders")
    assert register.status_code == 200 and 'data-opening="supervision-orders"' in register.text
    form = {
        "csrf": csrf_of(register),
        "subject": "department",
        "department": DEPT,
        "rule_id": "A009",
        "warning_type": "2",
        "content": "一次性告知执行不到位",
    }
    opened = client.post("/console/supervision-orders", data=form)
    assert opened.status_code == 303, opened.text
    found = re.match(r"/console/supervision-orders/([A-Z0-9]+)\?done=Opened$", opened.headers["location"])
    assert found is not None
    return found.group(1)


def test_an_order_is_opened_answered_and_closed_through_the_forms(console: Console) -> None:
    inspector, head = console.signed_in("inspector"), console.signed_in("agency_head")
    order_no = open_order(console, inspector)
    path = f"/console/supervision-orders/{order_no}"
    steps = [
        (head, "acknowledgement", {}),
        (head, "correction", {"report": "已整改", "evidence": "整改报告.pdf\n培训记录.pdf"}),
        (inspector, "acceptance", {"opinion": "整改到位"}),
        (inspector, "closure", {"finding": "no_fault", "conclusion": "无责"}),
    ]
    for client, act_path, fields in steps:
        done = act(client, path, act_path, **fields)
        assert done.status_code == 303, done.text
    order = console.ledger.supervision.order(order_no)
    assert order.status.value == "closed" and order.reports == 1 and order.finding is not None
    assert order.finding.value == "no_fault"
    page = inspector.get(path)
    api = TestClient(console.app).get(
        f"/supervision-orders/{order_no}", headers={"Authorization": f"Bearer {console.tokens['inspector']}"}
    )
    fields = shown(page)
    assert {k: fields[k] for k in ("department", "rule_id", "warning_type", "content", "finding")} == {
        k: str(api.json()[k]) for k in ("department", "rule_id", "warning_type", "content", "finding")
    }
    assert "已办结" in page.text and "无责" in page.text  # the status and the finding by their words


def test_an_act_the_order_does_not_allow_now_is_a_page_in_chinese_and_records_nothing(console: Console) -> None:
    inspector, head = console.signed_in("inspector"), console.signed_in("agency_head")
    order_no = open_order(console, inspector)
    path = f"/console/supervision-orders/{order_no}"
    version = console.ledger.supervision.order(order_no).version
    early = act(inspector, path, "closure", finding="fault", conclusion="有责")
    assert early.status_code == 409 and f"{order_no} 当前为“已发出”：现在不能办结" in html.unescape(early.text)
    not_theirs = act(inspector, path, "acknowledgement")
    assert not_theirs.status_code == 403 and "负责人才能签收该督办单" in html.unescape(not_theirs.text)
    assert console.ledger.supervision.order(order_no).version == version
    # A form sent again after another act is refused by the version it carries.
    page = head.get(path)
    stale = {"csrf": csrf_of(page), "version": str(version)}
    assert head.post(f"{path}/acknowledgement", data=stale).status_code == 303
    assert head.post(f"{path}/acknowledgement", data=stale).status_code == 412


def test_a_complaint_is_entered_and_rectified_through_the_forms(console: Console) -> None:
    inspector, head = console.signed_in("inspector"), console.signed_in("agency_head")
    register = inspector.get("/console/complaints")
    assert 'value="public"' not in register.text  # the public channel is the applicant's own
    form = {"csrf": csrf_of(register), "source": "hotline", "kind": "3", "department": DEPT, "content": "办理拖延"}
    entered = inspector.post("/console/complaints", data=form)
    assert entered.status_code == 303, entered.text
    complaint_no = entered.headers["location"].split("/")[-1].split("?")[0]
    path = f"/console/complaints/{complaint_no}"
    done = act(head, path, "rectification", verification="substantiated", measures="已约谈承办人")
    assert done.status_code == 303, done.text
    complaint = console.ledger.complaints.complaint(complaint_no)
    assert complaint.status.value == "rectified" and complaint.verification is not None
    console.app.state.views.runner.catch_up()
    assert complaint_no in inspector.get("/console/complaints").text  # the register lists it


def test_a_quarters_evaluation_is_read_as_a_draft_and_published_once(console: Console) -> None:
    inspector, clerk = console.signed_in("inspector"), console.signed_in("clerk")
    console.case()
    draft = inspector.get("/console/evaluations/2026Q1")  # the quarter has not ended: a draft, not published
    assert draft.status_code == 200 and "data-publish" not in draft.text and "草稿" in draft.text
    assert clerk.get("/console/evaluations/2026Q1").status_code == 403
    console.now[0] = console.now[0].replace(month=4, day=8)
    inspector = console.signed_in("inspector")  # a new day, a new session
    page = inspector.get("/console/evaluations/2026Q1")
    assert 'data-publish="2026Q1"' in page.text
    published = inspector.post("/console/evaluations/2026Q1", data={"csrf": csrf_of(page)})
    assert published.status_code == 303, published.text
    console.app.state.views.runner.catch_up()
    again = inspector.get(published.headers["location"])
    assert "已发布" in again.text and "data-publish" not in again.text
    assert console.app.state.views.evaluations.published("2026Q1").quarter == "2026Q1"


def test_why_a_department_is_below_the_centre_is_said_in_chinese() -> None:
    from domain.supervision.evaluation import DepartmentFigures, EvaluationPolicy, evaluate
    from interface.web import i18n
    from interface.web.routes.evaluations import said

    class Reader:
        gettext = staticmethod(i18n.language(i18n.CHINESE).gettext)

    nothing_else = dict.fromkeys(("step_overruns", "red_flags", "orders", "orders_overdue", "complaints"), 0)
    nothing_else |= dict.fromkeys(("complaints_upheld", "rated", "satisfied"), 0)
    slow = DepartmentFigures("SJJ", 10, 10, 5, wd_used=120, clocked=10, **nothing_else)
    quick = DepartmentFigures("GAJ", 10, 10, 10, wd_used=20, clocked=10, **nothing_else)
    [grade, _] = evaluate((slow, quick), EvaluationPolicy())
    assert grade.reasons and all(
        said(reason, Reader()).startswith(("平均用时", "按时办结率")) for reason in grade.reasons
    )  # type: ignore[arg-type]
    assert said("a reason of another form", Reader()) == "a reason of another form"  # type: ignore[arg-type]


def test_a_projects_page_shows_its_clock_and_the_case_holding_it_up(console: Console) -> None:
    from application.cases.commands import Accept
    from domain.projects.plan import Milestone, PlannedPermit
    from tests.api.conftest import ITEMS

    chief, clerk = console.ledger.people.actor("chief"), console.ledger.people.actor("clerk")
    projects = console.ledger.projects
    number = "2026-510116-04-01-000123"
    projects.register(
        project_no=number,
        name="航空港物流园二期",
        investor_id="91510100MA6C8XYU1E",
        investor_name="成都某物流有限公司",
        site="西航港经济开发区",
        scale_wan_yuan=32000,
        committed_wd=12,
        green_channel=True,
        at=console.now[0],
        by=chief,
    )
    code = ITEMS["commitment"].code
    projects.plan_permit(
        number, PlannedPermit("approval", code, DEPT, (), (), 5, 20, Milestone.START), at=console.now[0], by=chief
    )
    projects.plan_permit(
        number,
        PlannedPermit("construction", code, DEPT, ("approval",), (), 5, 15, Milestone.END),
        at=console.now[0],
        by=chief,
    )
    case_no = console.case()
    console.ledger.cases.handle(case_no, Accept(notice_no="受理-1"), at=console.now[0], by=clerk)
    projects.link_case(number, "approval", case_no, at=console.now[0], by=chief)
    inspector = console.signed_in("inspector")
    found = inspector.get("/console/projects", params={"no": number})
    assert found.status_code == 303 and found.headers["location"] == f"/console/projects/{number}"
    page = inspector.get(f"/console/projects/{number}")
    text = html.unescape(page.text)
    assert page.status_code == 200 and "航空港物流园二期" in text and "绿色通道" in text
    assert f'data-holding-case="{case_no}"' in page.text and 'data-holding="approval"' in page.text
    assert 'data-committed="12"' in page.text and "按法定时限的最长路径" in text and "35 个工作日" in text
    assert inspector.get("/console/projects/nobody").status_code == 404
