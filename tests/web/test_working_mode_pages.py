"""The working modes worked through the console's forms, on SQLite and PostgreSQL: a pre-review answered
and filed as a case, a window's appointments kept or missed, a meeting's action ticked off, a green-channel
case's steps signed jointly; the register of notifications for those who read it; and the public pages
read without signing in. Each form records what the API's own command records; a refusal records nothing."""

from __future__ import annotations

import html
import re
from datetime import date

import httpx
from fastapi.testclient import TestClient

from application.cases.commands import Accept
from domain.case.values import Applicant
from domain.organisation.actors import Channel
from domain.projects.meeting import MeetingAction
from domain.projects.plan import Milestone, PlannedPermit
from tests.api.conftest import ITEMS
from tests.support import DEPT, at
from tests.web.console_client import Console, csrf_of

APPLICANT = Applicant("subject-1", "张三", "510122199001011233", "13900000000")


def post(client: TestClient, page_path: str, action: str, **fields: str) -> httpx.Response:
    """A form of the page at ``page_path`` sent to ``action`` (with the page's CSRF token and, when it
    carries one, the version it shows)."""
    page = client.get(page_path)
    assert page.status_code == 200, page.text
    version = re.search(r'name="version" value="(\d+)"', page.text)
    data = {"csrf": csrf_of(page), **fields} | ({"version": version.group(1)} if version else {})
    return client.post(action, data=data)


def test_a_pre_review_is_answered_and_filed_through_the_console(console: Console) -> None:
    ledger = console.ledger
    station = ledger.people.actor("station")
    number = ledger.pre_reviews.submit(
        item_code=ITEMS["commitment"].code,
        applicant=APPLICANT,
        materials=("申请书",),
        channel=Channel.VILLAGE_STATION,
        at=at(3, 2, 9),
        by=station,
    )
    clerk = console.signed_in("clerk")
    console.app.state.views.runner.catch_up()
    register = clerk.get("/console/pre-reviews")
    assert register.status_code == 200 and f'data-number="{number}"' in register.text
    path = f"/console/pre-reviews/{number}"
    page = clerk.get(path)
    assert 'data-act="answer"' in page.text and 'data-act="filing"' not in page.text
    assert "待答复" in page.text  # its status in Chinese
    refused = post(clerk, path, f"{path}/answer", missing="营业执照")  # a notice number is needed with it
    assert refused.status_code == 422 and not ledger.pre_reviews.pre_review(number).answers
    answered = post(clerk, path, f"{path}/answer", missing="营业执照\n法定代表人身份证明", notice_no="预审补正-1")
    assert answered.status_code == 303, answered.text
    review = ledger.pre_reviews.pre_review(number)
    assert review.status.value == "incomplete" and review.answers[0].missing == ("营业执照", "法定代表人身份证明")
    ledger.pre_reviews.resubmit(number, materials=("营业执照", "法定代表人身份证明"), at=at(3, 2, 11), by=station)
    console.now[0] = at(3, 2, 14)
    clerk = console.signed_in("clerk")  # a new session: the morning's has idled out
    assert post(clerk, path, f"{path}/answer").status_code == 303
    assert 'data-act="filing"' in clerk.get(path).text
    filed = post(clerk, path, f"{path}/filing")
    assert filed.status_code == 303
    case_no = ledger.pre_reviews.pre_review(number).case_no
    assert case_no is not None and filed.headers["location"] == f"/console/cases/{case_no}?done=Received"
    assert ledger.case_store.case(case_no).applicant.name == "张三"
    page = clerk.get(path)
    assert f'href="/console/cases/{case_no}"' in page.text and "data-act=" not in page.text


def test_a_windows_appointments_are_kept_or_missed_through_the_console(console: Console) -> None:
    ledger = console.ledger
    agent = ledger.people.actor("station")
    day = date(2026, 3, 3)
    ledger.organisation.open_window(DEPT, f"{DEPT}-W1", "一楼大厅")
    refs = [
        ledger.appointments.book(
            department=DEPT,
            window=f"{DEPT}-W1",
            day=day,
            hour=hour,
            subject_id=f"S{hour}",
            item_code=ITEMS["commitment"].code,
            at=at(3, 2, 9),
            by=agent,
        )
        for hour in (9, 10)
    ]
    clerk = console.signed_in("clerk")
    page_path = f"/console/appointments?window={DEPT}-W1&day={day.isoformat()}"
    page = clerk.get(page_path)
    assert page.status_code == 200 and all(f'data-ref="{ref}" data-status="booked"' in page.text for ref in refs)
    console.now[0] = at(3, 3, 9, 10)
    clerk = console.signed_in("clerk")
    base = f"/console/appointments/{DEPT}/{DEPT}-W1/{day.isoformat()}"
    assert post(clerk, page_path, f"{base}/{refs[0]}/arrival").status_code == 303
    console.now[0] = at(3, 3, 11, 30)
    clerk = console.signed_in("clerk")
    assert post(clerk, page_path, f"{base}/{refs[1]}/no-show").status_code == 303
    shown = clerk.get(page_path).text
    assert (
        f'data-ref="{refs[0]}" data-status="arrived"' in shown
        and f'data-ref="{refs[1]}" data-status="no_show"' in shown
    )
    statuses = {b.ref: b.status.value for b in ledger.appointments.window_day(f"{DEPT}-W1", day).bookings.values()}
    assert statuses == {refs[0]: "arrived", refs[1]: "no_show"}
    other = console.signed_in("other_clerk")
    assert other.get(page_path).status_code == 403  # another department's window
    empty = clerk.get(f"/console/appointments?window={DEPT}-W1&day=2026-03-20")
    assert empty.status_code == 200 and "data-ref=" not in empty.text


def test_a_meetings_action_is_ticked_off_through_the_console(console: Console) -> None:
    ledger = console.ledger
    action = MeetingAction("1", "三日内出具意见", DEPT, date(2026, 3, 5))
    ledger.meetings.hold(
        meeting_no="XTH-2026-03",
        chair="常务副县长",
        attendees=(DEPT,),
        projects=(),
        decisions=("列入绿色通道",),
        actions=(action,),
        at=at(3, 2, 9),
        by=ledger.people.actor("agent"),
    )
    head = console.signed_in("agency_head")
    path = "/console/meetings/XTH-2026-03"
    assert 'data-action="1" data-done=""' in head.get(path).text
    done = post(head, path, f"{path}/actions/1/completion", evidence="意见书〔2026〕1号")
    assert done.status_code == 303, done.text
    assert ledger.meetings.meeting("XTH-2026-03").done == {"1": date(2026, 3, 2)}
    assert 'data-action="1" data-done="2026-03-02"' in head.get(path).text


def test_a_green_channel_cases_steps_are_joined_and_signed_through_the_console(console: Console) -> None:
    ledger = console.ledger
    agent = ledger.people.actor("agent")
    ledger.projects.register(
        project_no="XM-1", name="物流园", investor_id="E1", investor_name="某公司", site="开发区",
        scale_wan_yuan=1000, committed_wd=20, green_channel=True, at=at(3, 2, 8), by=agent,
    )  # fmt: skip
    permit = PlannedPermit("approval", ITEMS["commitment"].code, DEPT, (), (), 5, 20, Milestone.START)
    ledger.projects.plan_permit("XM-1", permit, at=at(3, 2, 8), by=agent)
    case_no = console.case()
    ledger.cases.handle(case_no, Accept(notice_no="受理-1"), at=at(3, 2, 9, 10), by=ledger.people.actor("clerk"))
    ledger.projects.link_case("XM-1", "approval", case_no, at=at(3, 2, 9, 20), by=agent)
    console.now[0] = at(3, 2, 9, 30)
    clerk = console.signed_in("clerk")
    path = f"/console/cases/{case_no}"
    page = clerk.get(path).text
    assert 'class="green-channel"' in page and 'data-act="steps/joining"' in page
    console.now[0] = at(3, 2, 9, 40)
    joined = post(clerk, path, f"/console/cases/{case_no}/acts/steps/joining")
    assert joined.status_code == 303, joined.text
    assert ledger.case_store.case(case_no).joined == (0, 1, 2)
    page = html.unescape(clerk.get(path).text)
    assert "并联审查，待签署" in page


def test_the_register_of_notifications_is_the_inspectors_and_the_administrators(console: Console) -> None:
    inspector = console.signed_in("inspector")
    page = inspector.get("/console/notifications")
    assert page.status_code == 200 and 'data-state="sent"' in page.text
    assert inspector.get("/console/notifications?state=nonsense").status_code == 422
    assert console.signed_in("clerk").get("/console/notifications").status_code == 403


def test_the_public_pages_are_read_without_signing_in(console: Console) -> None:
    anyone = console.browser()
    catalogue = anyone.get("/console/public/catalogue")
    assert catalogue.status_code == 200
    codes = re.findall(r'<tr data-code="([^"]+)">', catalogue.text)
    assert set(codes) == {t.code for t in console.ledger.catalogue.items(None)}
    guide = anyone.get(f"/console/public/catalogue/{ITEMS['commitment'].code}")
    assert guide.status_code == 200 and ITEMS["commitment"].name in html.unescape(guide.text)
    assert anyone.get("/console/public/catalogue/NOPE-1").status_code == 404
    assert anyone.get(f"/console/public/catalogue?department={DEPT}").status_code == 200
    assert anyone.get("/console/public/catalogue?department=NOPE").status_code == 422
    annual = anyone.get("/console/public/annual?year=2026")
    assert annual.status_code == 200 and "办结办件" in html.unescape(annual.text)
    assert anyone.get("/console/public/annual?year=2099").status_code == 422
    assert anyone.get("/console/notifications").status_code == 303  # the register is not public


def test_a_consultation_is_answered_through_the_console(console: Console) -> None:
    ledger = console.ledger
    number = ledger.consultations.ask(
        department=None,
        item_code=ITEMS["commitment"].code,
        question="变更经营场所需要哪些材料？",
        channel=Channel.VILLAGE_STATION,
        at=at(3, 2, 9),
        by=ledger.people.actor("station"),
    )
    clerk = console.signed_in("clerk")
    console.app.state.views.runner.catch_up()
    assert f'data-number="{number}"' in clerk.get("/console/consultations").text
    path = f"/console/consultations/{number}"
    page = html.unescape(clerk.get(path).text)
    assert 'data-act="answer"' in page and 'data-act="reclassification"' in page and "答复时限" in page
    vague = post(clerk, path, f"{path}/answer", answer="我们会尽快答复您的问题")
    assert vague.status_code == 409 and ledger.consultations.consultation(number).answer is None
    later = post(clerk, path, f"{path}/reclassification", kind="complex", reason="需现场核实")
    assert later.status_code == 303 and ledger.consultations.consultation(number).answer_due == date(2026, 3, 16)
    assert 'data-act="reclassification"' not in clerk.get(path).text  # a later day is given once
    answer = "请携带营业执照原件和新场所使用证明到窗口办理变更登记。"
    assert post(clerk, path, f"{path}/answer", answer=answer).status_code == 303
    page = html.unescape(clerk.get(path).text)
    assert 'data-answered="yes"' in page and answer in page and "data-act=" not in page
