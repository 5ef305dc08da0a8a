"""Online consultation over HTTP, with roles: a village station asks, the department answers in time,
others are refused; a vague answer, a second answer and a late reclassification are named problems."""

from __future__ import annotations

from tests.api.conftest import ITEMS, Api

QUESTION = {"item_code": ITEMS["commitment"].code, "channel": "village_station", "question": "变更场所要哪些材料？"}
ANSWER = {"answer": "需提供营业执照原件和新经营场所使用证明，网上预审通过后到窗口一次办结。"}


def test_a_station_asks_and_the_department_answers(api: Api) -> None:
    refused = api.post("/consultations", "clerk", QUESTION)
    assert refused.status_code == 403 and refused.json()["rule"] == "channel-not-allowed"
    made = api.post("/consultations", "station", QUESTION)
    assert made.status_code == 201, made.text
    number = made.json()["consultation_no"]
    assert made.headers["Location"] == f"/consultations/{number}" and made.json()["answer_due"] == "2026-03-05"
    vague = api.post(f"/consultations/{number}/answer", "clerk", {"answer": "我们会尽快研究后答复"})
    assert vague.status_code == 409 and vague.json()["rule"] == "consultation"
    assert api.post(f"/consultations/{number}/answer", "other_clerk", ANSWER).status_code == 403
    longer = {"kind": "complex", "reason": "需要核实场所性质"}
    assert api.post(f"/consultations/{number}/reclassification", "clerk", longer).status_code == 200
    assert api.get(f"/consultations/{number}", "station").json()["answer_due"] == "2026-03-16"
    assert api.post(f"/consultations/{number}/answer", "clerk", ANSWER).status_code == 200
    again = api.post(f"/consultations/{number}/answer", "clerk", ANSWER)
    assert again.status_code == 409 and again.json()["rule"] == "consultation"
    view = api.get(f"/consultations/{number}", "inspector").json()
    assert view["answer"] == ANSWER["answer"] and view["kind"] == "complex" and view["answered_by"] == "clerk"
    assert api.get(f"/consultations/{number}", "co_reviewer").status_code == 403


def test_a_question_names_an_item_or_a_department(api: Api) -> None:
    general = {"department": "SJJ", "channel": "village_station", "question": "窗口周六是否办公？"}
    assert api.post("/consultations", "station", general).status_code == 201
    nowhere = api.post("/consultations", "station", general | {"department": "NOPE"})
    assert nowhere.status_code == 422 and nowhere.json()["rule"] == "invalid-value"
    unknown = api.post("/consultations", "station", QUESTION | {"item_code": "NOPE-1"})
    assert unknown.status_code == 404
    assert api.get("/consultations/ZX0000", "inspector").status_code == 404
