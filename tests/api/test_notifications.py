"""Notifications over HTTP: the administrator records where staff are reached, the holder announces a
result ready at a window, and the register of what was sent is read by the administrator and inspectors."""

from __future__ import annotations

from datetime import timedelta

from application.notifications.worker import Notifier
from infrastructure.notifications.sms_gateway import SmsGateway
from interface.composition import Views
from tests.api.conftest import Api
from tests.notification_servers import sms_gateway


def test_a_contact_is_set_by_the_administrator_and_checked(api: Api) -> None:
    path = "/organisation/people/clerk/contact"
    body = {"mobile": "13900000001", "email": "clerk@sl.gov.cn"}
    assert api.client.put(path, json=body, headers=api.headers("clerk")).status_code == 403
    assert api.client.put(path, json=body, headers=api.headers("admin")).status_code == 200
    bad = api.client.put(path, json={"mobile": "1234"}, headers=api.headers("admin"))
    assert bad.status_code == 422 and bad.json()["rule"] == "invalid-value"
    assert api.ledger.people.contact("clerk").email == "clerk@sl.gov.cn"


def test_the_result_ready_is_announced_once_and_the_applicant_is_texted(api: Api) -> None:
    case_no = api.receive("immediate")
    api.ok(f"/cases/{case_no}/on-the-spot-decision", "clerk", {"outcome": "granted", "document_no": "许可-1"})
    api.at(3, 2, 11)
    assert api.ok(f"/cases/{case_no}/ready-notice", "clerk", {"window": "3号窗口"})["case_no"] == case_no
    again = api.post(f"/cases/{case_no}/ready-notice", "clerk", {"window": "3号窗口"})
    assert again.status_code == 409 and again.json()["rule"] == "transition-not-allowed"

    views: Views = api.client.app.state.views  # type: ignore[attr-defined]
    with sms_gateway() as gateway:
        notifier = Notifier(
            views.runner,
            views.deliveries,
            views.deliveries,
            api.ledger.case_store,
            api.ledger.people,
            [SmsGateway(gateway.url)],
        )
        assert notifier.run_once(api.now[0] + timedelta(minutes=1)).sent == 3  # received, decided, ready
        assert gateway.texts_to("13900000000")[-1].endswith("请携带身份证件到3号窗口领取。")

    assert api.get("/notifications", "clerk").status_code == 403
    register = api.get("/notifications", "inspector", state="sent").json()
    assert register["counts"] == {"sent": 3}
    assert [d["kind"] for d in register["deliveries"]] == ["ready_for_pickup", "decided", "received"]
    assert {d["recipient"] for d in register["deliveries"]} == {f"applicant:{case_no}"}
    assert api.get("/notifications", "admin", state="nonsense").status_code == 422
