"""Full-process agency over HTTP: an agent files and follows an enterprise's cases within its mandate only
(the items it names, its period, until it is terminated); everything else is a ``not-mandated`` 403."""

from __future__ import annotations

from tests.api.conftest import ITEMS, Api

ENTERPRISE = "91510100MA6C8XYU1E"
MANDATE = {
    "agent_id": "agent",
    "subject_id": ENTERPRISE,
    "applicant_name": "成都某物流有限公司",
    "items": [ITEMS["commitment"].code],
    "valid_from": "2026-03-01",
    "valid_until": "2026-12-31",
    "letter": "授权委托书〔2026〕12号",
}


def filing(kind: str = "commitment", subject: str = ENTERPRISE) -> dict[str, object]:
    applicant = {"name": "成都某物流有限公司", "id_number": "91510100MA6C8XYU1E", "subject_id": subject}
    return {"item_code": ITEMS[kind].code, "channel": "agent", "applicant": applicant | {"is_enterprise": True}}


def test_an_agent_files_within_its_mandate_only(api: Api) -> None:
    assert api.post("/cases", "agent", filing()).json()["rule"] == "not-mandated"  # none signed yet
    assert api.post("/mandates", "clerk", MANDATE).status_code == 403  # a window clerk does not record mandates
    assert api.post("/mandates", "agent", MANDATE).status_code == 200
    assert api.post("/cases", "agent", filing()).status_code == 201
    assert api.post("/cases", "agent", filing("immediate")).json()["rule"] == "not-mandated"  # not its item
    assert api.post("/cases", "agent", filing(subject="another")).json()["rule"] == "not-mandated"
    view = api.get(f"/mandates/agent/{ENTERPRISE}", "inspector").json()
    assert view["items"] == [ITEMS["commitment"].code] and view["terminated_on"] is None


def test_a_terminated_mandate_stops_the_agent_filing(api: Api) -> None:
    api.post("/mandates", "agent", MANDATE)
    ended = api.post(f"/mandates/agent/{ENTERPRISE}/termination", "agent", {"reason": "企业自行办理"})
    assert ended.status_code == 200, ended.text
    refused = api.post("/cases", "agent", filing())
    assert refused.status_code == 403 and refused.json()["rule"] == "not-mandated"
    assert api.post("/mandates", "agent", MANDATE).status_code == 200  # signed again
    assert api.post("/cases", "agent", filing()).status_code == 201
