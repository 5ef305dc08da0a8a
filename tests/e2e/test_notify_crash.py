"""The notification worker killed with SIGKILL mid-batch, twice, and restarted: every notification reaches
the local SMS gateway and SMTP server exactly once.

The first worker is killed while the gateway holds one of its requests (the gateway has the message and
texts it; the worker never hears so): the restarted worker sends it again with the same message id, and
the gateway, which texts a message id once, does not text it again. The second is killed while the mail
server holds one message's DATA: the server, never having answered, keeps nothing (RFC 5321), and the
restarted worker sends it again. Each run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from application.ledger import CaseLedger
from domain.case.values import Applicant
from domain.catalogue.terms import ItemKind
from domain.organisation.actors import Channel
from domain.organisation.directory import Contact
from domain.supervision.order import Subject, WarningType
from infrastructure.settings import Settings
from interface.composition import build_ledger, build_views
from interface.processes import spawn
from tests.application.helpers import INSPECTOR, set_up_centre
from tests.notification_servers import Hold, MailServer, SmsGatewayServer, mail_server, sms_gateway
from tests.support import at, item

pytestmark = pytest.mark.slow
RECEIPTS, ORDERS = 14, 4
CONTACTS = {"w1": Contact("13900000001", "w1@sl.gov.cn"), "head": Contact("13900000005", "head@sl.gov.cn")}


def _mobile(n: int) -> str:
    return f"1380000{n:04d}"


def _fill(ledger: CaseLedger) -> Counter[str]:
    """Receipts and supervision orders; returns every address a message must reach, with how many."""
    staff = set_up_centre(ledger)
    for person_id, contact in CONTACTS.items():
        ledger.people.set_contact(person_id, contact)
    expected: Counter[str] = Counter()
    numbers = []
    for n in range(RECEIPTS):
        applicant = Applicant(f"subject-{n}", "张三", "510122199001011233", phone=_mobile(n))
        received = ledger.cases.receive(
            item_code=item(ItemKind.COMMITMENT).code,
            applicant=applicant,
            at=at(3, 2, 9, n),
            by=staff["w1"],
            channel=Channel.WINDOW,
        )
        numbers.append(received.case_no)
        expected[_mobile(n)] += 1
    for n in range(ORDERS):  # to the department's head and to the case's holder, on both channels each
        ledger.supervision.open(
            subject=Subject.CASE,
            case_no=numbers[n],
            department="SJJ",
            rule_id="A004",
            warning_type=WarningType.TIME,
            content="督办",
            at=at(3, 3, 9, n),
            by=INSPECTOR,
            order_no=f"DB-{n}",
        )
        for contact in CONTACTS.values():
            expected[contact.mobile] += 1
            expected[contact.email] += 1
    return expected


@pytest.fixture
def settings(stored_database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=stored_database_url, kek=str(tmp_path / "kek.bin"))


def _worker(settings: Settings, gateway: SmsGatewayServer, mail: MailServer, *args: str) -> subprocess.Popen[bytes]:
    return spawn(
        settings.database_url,
        "notify",
        "--interval",
        "0.2",
        *args,
        CASELEDGER_KEK=settings.kek,
        CASELEDGER_SMS_URL=gateway.url,
        CASELEDGER_SMTP=f"127.0.0.1:{mail.port}",
        CASELEDGER_NOTIFY_MAX_AGE_HOURS="100000",  # the history is of March
        CASELEDGER_NOTIFY_LEASE_SECONDS="1",
    )


def _killed_while_held(worker: subprocess.Popen[bytes], hold: Hold) -> None:
    assert hold.arrived.wait(60), "the worker reached the held message"
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(10)
    hold.release.set()


def test_a_worker_killed_mid_batch_sends_every_notification_exactly_once(settings: Settings) -> None:
    ledger = build_ledger(settings)
    expected = _fill(ledger)
    build_views(settings, ledger).close()
    ledger.close()
    workers: list[subprocess.Popen[bytes]] = []

    def worker(*args: str) -> subprocess.Popen[bytes]:
        workers.append(_worker(settings, gateway, mail, *args))
        return workers[-1]

    with sms_gateway() as gateway, mail_server() as mail:
        try:
            gateway.hold = Hold(at=5)
            _killed_while_held(worker(), gateway.hold)
            mail.hold = Hold(at=2)
            _killed_while_held(worker(), mail.hold)
            time.sleep(1.2)  # the leases of the deliveries the killed workers held run out
            assert worker("--once").wait(60) == 0
        finally:
            for process in workers:  # none outlives the test, whatever it found
                if process.poll() is None:
                    process.kill()
                    process.wait()

        texted = Counter(m["mobile"] for m in gateway.texted.values())
        mailed = Counter(str(m["To"]) for m in mail.messages)
        assert texted + mailed == expected, "each notification reached its recipient once"
        assert len(mail.message_ids()) == len(set(mail.message_ids())), "no e-mail twice"
        repeats = [k for k, n in Counter(r["msg_id"] for r in gateway.requests).items() if n > 1]
        assert len(repeats) == 1, "the message in flight when the first worker died was sent again, once"
        assert mail.arrived == len(mail.messages) + 1, "the message held when the second died was sent again"

    ledger = build_ledger(settings)
    views = build_views(settings, ledger)
    try:
        # The chief representative, a head too, gave no address: shown so, once per order.
        assert views.deliveries.counts() == {"sent": sum(expected.values()), "no_address": ORDERS}
    finally:
        views.close()
        ledger.close()
