"""Notifications on each stored backend, sent to a real SMS gateway and a real SMTP server on 127.0.0.1:
the applicant hears of each step of their case, staff of the warnings and orders they are held to, each
message once; a gateway that fails is tried again with back-off, one that refuses is a visible failure;
old notices are not sent, and a recipient without an address is shown as such."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from application.cases.commands import (
    Accept,
    AnnounceReady,
    CaseCommand,
    CompleteStep,
    Decide,
    HandOff,
    ProvideSupplement,
    ReceiveHandOff,
    RequestSupplement,
)
from application.ledger import CaseLedger
from application.notifications.ports import DeliveryState
from application.notifications.worker import Notifier, RetryPolicy
from application.reports.filters import ReportFilters
from domain.business_time import end_of_day
from domain.case.alerts import WarningPolicy
from domain.case.events.conclusion import DeadlineBreached, WarningRaised
from domain.case.values import Applicant, Outcome, WarningLevel
from domain.catalogue.terms import ItemKind
from domain.clocks import ClockName
from domain.errors import InvalidValue
from domain.organisation.actors import Actor, Channel
from domain.organisation.directory import Contact, Person
from domain.projects.meeting import MeetingAction
from domain.supervision.order import Subject, WarningType
from infrastructure.calendars.sources import SeedCalendarSource
from infrastructure.notifications.sms_gateway import SmsGateway
from infrastructure.notifications.smtp import SmtpChannel
from infrastructure.settings import Settings, persistence_env
from interface.composition import Views, build_views
from tests.application.helpers import ADMIN, INSPECTOR, set_up_centre
from tests.notification_servers import MailServer, SmsGatewayServer, mail_server, sms_gateway
from tests.support import at, calendar, item

CENTRE = "双流县政务服务中心"
APPLICANT_MOBILE = "13800138000"
CONTACTS = {
    "w1": Contact("13900000001", "w1@sl.gov.cn"),
    "sh": Contact("13900000007", "sh@sl.gov.cn"),  # the section head of SJJ-S1, where everyone works
    "head": Contact("13900000005", ""),
    "chief": Contact("", "chief@sl.gov.cn"),
}


@dataclass
class Hall:
    ledger: CaseLedger
    views: Views
    staff: dict[str, Actor]
    gateway: SmsGatewayServer
    mail: MailServer

    def notifier(self, **changes: object) -> Notifier:
        notifier = Notifier(
            runner=self.views.runner,
            deliveries=self.views.deliveries,
            outbox=self.views.deliveries,
            cases=self.ledger.case_store,
            people=self.ledger.people,
            channels=[SmsGateway(self.gateway.url), SmtpChannel("127.0.0.1", self.mail.port, "notify@sl.gov.cn")],
            centre=CENTRE,
            max_age=timedelta(hours=24),
        )
        for name, value in changes.items():
            setattr(notifier, name, value)
        return notifier

    def receive(self, phone: str = APPLICANT_MOBILE, day: int = 2) -> str:
        return self.ledger.cases.receive(
            item_code=item(ItemKind.COMMITMENT).code,
            applicant=Applicant("subject-1", "张三", "510122199001011233", phone=phone),
            at=at(3, day, 9),
            by=self.staff["w1"],
            channel=Channel.WINDOW,
        ).case_no


@pytest.fixture
def hall(stored_database_url: str) -> Iterator[Hall]:
    ledger = CaseLedger(env=persistence_env(stored_database_url), calendar_source=SeedCalendarSource())
    views = build_views(Settings(database_url=stored_database_url), ledger)
    staff = set_up_centre(ledger)
    for person_id, contact in CONTACTS.items():
        ledger.people.set_contact(person_id, contact)
    with sms_gateway() as gateway, mail_server() as mail:
        yield Hall(ledger, views, staff, gateway, mail)
    views.close()
    ledger.close()


def test_the_applicant_hears_of_each_step_once(hall: Hall) -> None:
    ledger, staff, notifier = hall.ledger, hall.staff, hall.notifier()
    sent = 0

    def act(case_no: str, command: CaseCommand, when: datetime, by: str) -> None:
        nonlocal sent
        ledger.cases.handle(case_no, command, at=when, by=staff[by])
        sent += notifier.run_once(when + timedelta(minutes=1)).sent  # the worker runs as the hall works

    case_no = hall.receive()
    sent += notifier.run_once(at(3, 2, 9, 1)).sent
    act(case_no, RequestSupplement(missing=("营业执照副本", "法人身份证"), notice_no="补正-1"), at(3, 2, 10), "w1")
    act(case_no, ProvideSupplement(materials=("营业执照副本", "法人身份证")), at(3, 3, 9), "w1")
    act(case_no, Accept(notice_no="受理-1"), at(3, 3, 10), "w1")
    holder = "w1"
    for hour, person_id in enumerate(("h1", "r1", "a1"), start=11):
        act(case_no, HandOff(to_person_id=person_id), at(3, 4, hour), holder)
        act(case_no, ReceiveHandOff(), at(3, 4, hour, 10), person_id)
        act(case_no, CompleteStep(opinion="同意"), at(3, 4, hour, 20), person_id)
        holder = person_id
    act(case_no, Decide(outcome=Outcome.GRANTED, document_no="许可-1"), at(3, 5, 9), holder)
    act(case_no, AnnounceReady(window="市场监管局3号窗口"), at(3, 5, 15), holder)
    clocks = ledger.case_store.case(case_no).clocks  # the committed due date the acceptance notice gave
    kc_due = clocks[ClockName.KC].due.on

    name = item(ItemKind.COMMITMENT).name
    assert hall.gateway.texts_to(APPLICANT_MOBILE) == [
        f"【{CENTRE}】您申请的“{name}”材料已收到，办件编号{case_no}，可凭编号查询办理进度。",
        f"【{CENTRE}】您申请的“{name}”（办件编号{case_no}）需补正以下材料：营业执照副本、法人身份证。"
        "请一次性补齐后到窗口提交。",
        f"【{CENTRE}】您申请的“{name}”（办件编号{case_no}）已受理，承诺于{kc_due.isoformat()}前办结。",
        f"【{CENTRE}】您申请的“{name}”（办件编号{case_no}）已办结，结果：准予许可。",
        f"【{CENTRE}】您申请的“{name}”（办件编号{case_no}）办理结果已制作完成，请携带身份证件到市场监管局3号窗口领取。",
    ]
    assert sent == 5
    assert hall.mail.messages == [], "applicants give a phone, not an e-mail"
    assert not notifier.run_once(at(3, 5, 17)), "nothing is sent twice"
    assert len(hall.gateway.requests) == 5


def test_warnings_reach_the_holder_and_their_leader_and_orders_the_department_heads(hall: Hall) -> None:
    ledger, staff = hall.ledger, hall.staff
    case_no = hall.receive()
    ledger.cases.handle(case_no, Accept(notice_no="受理-1"), at=at(3, 2, 10), by=staff["w1"])
    late = at(3, 25, 10)  # long past the committed 10 working days: yellow, then red
    ledger.automatic.record_due_alerts(case_no, at=late, policy=WarningPolicy())
    ledger.supervision.open(
        subject=Subject.CASE,
        case_no=case_no,
        department="SJJ",
        rule_id="A004",
        warning_type=WarningType.TIME,
        content="超期未办结",
        at=late,
        by=INSPECTOR,
        order_no="DB-1",
    )
    first_send = hall.notifier().run_once(late + timedelta(hours=1))

    events = list(ledger.store.events.get(ledger.case_store.case(case_no).id))
    yellow = [e for e in events if isinstance(e, WarningRaised) and e.level is WarningLevel.YELLOW]
    red = [e for e in events if isinstance(e, DeadlineBreached)]
    assert yellow and red and all(e.holder.person_id == "w1" for e in yellow + red)
    texts_w1 = hall.gateway.texts_to(CONTACTS["w1"].mobile)
    texts_sh = hall.gateway.texts_to(CONTACTS["sh"].mobile)
    assert sum(t.startswith(f"【{CENTRE}】黄牌预警：办件{case_no}") for t in texts_w1) == len(yellow)
    assert sum(t.startswith(f"【{CENTRE}】红牌报警：办件{case_no}") for t in texts_w1) == len(red)
    warnings = [t for t in texts_w1 if "预警" in t or "报警" in t]
    assert sorted(warnings) == sorted(t for t in texts_sh if "预警" in t or "报警" in t), "the leader hears each"
    order_text = f"【{CENTRE}】督办通知：督办单DB-1（办件{case_no}）已送达贵部门，请于"
    assert [t for t in hall.gateway.texts_to(CONTACTS["head"].mobile) if t.startswith(order_text)]
    assert any(t.startswith(order_text) for t in texts_w1), "the case's holder hears of the order too"
    assert hall.gateway.texts_to(CONTACTS["sh"].mobile).count(order_text) == 0, "a section head is not a head"
    assert [b for b in hall.mail.bodies_to("chief@sl.gov.cn") if b.startswith(order_text)]
    assert hall.mail.bodies_to("w1@sl.gov.cn") and all(b in texts_w1 for b in hall.mail.bodies_to("w1@sl.gov.cn")), (
        "staff with both addresses get both"
    )
    assert len(hall.mail.message_ids()) == len(set(hall.mail.message_ids()))
    assert first_send.sent == len(hall.gateway.requests) + len(hall.mail.messages)


def test_a_failing_gateway_is_tried_again_with_back_off_and_a_refusal_is_a_visible_failure(hall: Hall) -> None:
    case_no = hall.receive()
    hall.gateway.fail_next = 2
    notifier = hall.notifier(retry=RetryPolicy(first=timedelta(minutes=1), ceiling=timedelta(hours=1), attempts=5))
    now = at(3, 2, 9, 5)
    assert notifier.run_once(now).retrying == 1
    assert notifier.run_once(now + timedelta(seconds=30)).sent == 0, "not before its back-off"
    assert notifier.run_once(now + timedelta(minutes=1)).retrying == 1, "failed again: two minutes now"
    assert notifier.run_once(now + timedelta(minutes=2)).sent == 0
    assert notifier.run_once(now + timedelta(minutes=3)).sent == 1
    [sent] = hall.views.deliveries.listing(DeliveryState.SENT, 10)
    assert (sent["subject"], sent["attempts"], sent["recipient"]) == (case_no, 3, f"applicant:{case_no}")
    assert len(hall.gateway.requests) == 3 and len(hall.gateway.texted) == 1

    hall.gateway.refuse_next = 1
    other = hall.receive(day=3)
    assert notifier.run_once(at(3, 3, 9, 5)).failed == 1
    [failed] = hall.views.deliveries.listing(DeliveryState.FAILED, 10)
    assert (failed["subject"], failed["last_error"]) == (other, "gateway answered 400")
    assert hall.views.deliveries.counts() == {"sent": 1, "failed": 1}


def test_running_out_of_attempts_gives_up(hall: Hall) -> None:
    hall.receive()
    hall.gateway.fail_next = 10
    notifier = hall.notifier(retry=RetryPolicy(first=timedelta(minutes=1), attempts=3))
    now = at(3, 2, 9, 5)
    results = [notifier.run_once(now + timedelta(minutes=m)) for m in (0, 1, 3)]
    assert [(r.retrying, r.failed) for r in results] == [(1, 0), (1, 0), (0, 1)]
    assert hall.views.deliveries.counts() == {"failed": 1}


def test_old_notices_expire_and_a_recipient_without_an_address_is_shown(hall: Hall) -> None:
    hall.receive(day=2)
    no_phone = hall.receive(phone="028-85800000", day=4)  # a landline: no SMS reaches it
    done = hall.notifier().run_once(at(3, 4, 10))
    assert (done.expired, done.expanded, done.sent) == (1, 1, 0), "the receipt of March 2 is two days old"
    [unreachable] = hall.views.deliveries.listing(DeliveryState.NO_ADDRESS, 10)
    assert unreachable["subject"] == no_phone
    assert hall.gateway.requests == []


def test_two_notifiers_at_once_send_each_message_once(hall: Hall) -> None:
    numbers = [hall.receive(day=2) for _ in range(12)]
    first, second = hall.notifier(batch=5), hall.notifier(batch=5)
    now = at(3, 2, 10)
    while first.run_once(now) or second.run_once(now):
        pass
    assert sorted(m["content"].split("办件编号")[1][: len(numbers[0])] for m in hall.gateway.requests) == sorted(
        numbers
    )


def test_a_rebuilt_outbox_sends_nothing_again(hall: Hall) -> None:
    hall.receive()
    assert hall.notifier().run_once(at(3, 2, 10)).sent == 1
    hall.views.runner.rebuild(["outbox"])
    assert not hall.notifier().run_once(at(3, 2, 11))
    assert len(hall.gateway.requests) == 1


def test_a_person_contact_is_checked_and_kept(hall: Hall) -> None:
    with pytest.raises(InvalidValue, match="not a mobile number"):
        hall.ledger.people.set_contact("r1", Contact("12345", ""))
    hall.ledger.people.set_contact("r1", Contact("13700000000", "r1@sl.gov.cn"))
    assert hall.ledger.people.contact("r1") == Contact("13700000000", "r1@sl.gov.cn")
    recorded = len(list(hall.ledger.store.events.get(Person.create_id("r1"))))
    hall.ledger.people.set_contact("r1", Contact("13700000000", "r1@sl.gov.cn"))  # the same: nothing recorded
    assert len(list(hall.ledger.store.events.get(Person.create_id("r1")))) == recorded


def test_an_action_of_a_coordination_meeting_past_its_day_reaches_its_departments_heads(hall: Hall) -> None:
    hall.ledger.meetings.hold(
        meeting_no="XTH-2026-03",
        chair="常务副县长",
        attendees=("SJJ",),
        projects=(),
        decisions=("物流园二期列入绿色通道",),
        actions=(MeetingAction("1", "三日内出具营业执照变更意见", "SJJ", date(2026, 3, 5)),),
        at=at(3, 2, 9),
        by=ADMIN,
    )
    assert hall.views.watcher.run_once(at(3, 6, 9)) == 1
    assert hall.views.watcher.run_once(at(3, 6, 10)) == 0, "recorded once"
    assert hall.notifier().run_once(at(3, 6, 9, 30)).sent == 2
    expected = (
        f"【{CENTRE}】交办事项逾期：协调会XTH-2026-03交办贵部门的第1项事项（三日内出具营业执照变更意见）"
        "已于2026-03-05到期仍未办结，请抓紧办理。"
    )
    assert hall.gateway.texts_to(CONTACTS["head"].mobile) == [expected]
    assert hall.mail.bodies_to("chief@sl.gov.cn") == [expected]
    [row] = hall.views.reports.run("meeting_actions", ReportFilters(), date(2026, 3, 6), calendar())
    assert (row["progress"], row["flagged_at"]) == ("overdue", end_of_day(date(2026, 3, 5)).isoformat())
