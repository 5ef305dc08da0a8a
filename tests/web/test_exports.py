"""Reports as files with Chinese headers, and problems in Chinese, as the API answers them."""

from __future__ import annotations

import csv
import io
import typing

import openpyxl
import pytest

from application.reports.registry import BY_NAME
from interface.web import i18n
from interface.web.columns import COLUMNS
from tests.api.conftest import Api

CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}


def titles(report: str, language: str) -> dict[str, str]:
    said = i18n.language(language)
    return {said.gettext(COLUMNS[k]): k for k in typing.get_type_hints(BY_NAME[report].row)}


def some_cases(api: Api) -> None:
    """Three cases accepted, and the views brought up to them."""
    for _ in range(3):
        case_no = api.receive()
        api.ok(f"/cases/{case_no}/acceptance", "clerk", {"notice_no": "受理〔2026〕1号"})
    api.client.app.state.views.runner.catch_up()  # type: ignore[attr-defined]


def test_a_report_as_a_workbook_is_headed_in_chinese_and_holds_the_rows(api: Api) -> None:
    some_cases(api)
    rows = api.get("/reports/queue", "inspector").json()
    response = api.client.get(
        "/reports/queue", params={"format": "xlsx"}, headers={**api.headers("inspector"), **CHINESE}
    )
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/vnd.openxml")
    assert response.headers["content-language"] == "zh-CN"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.title == "办件列表"
    header, *body = [list(line) for line in sheet.iter_rows(values_only=True)]
    names = titles("queue", i18n.CHINESE)
    assert "办件编号" in header and all(title in names for title in header)
    assert len(body) == len(rows) == 3
    keys = [names[title] for title in header]
    for line, row in zip(body, rows, strict=True):
        assert {k: v for k, v in zip(keys, line, strict=True) if v is not None} == {
            k: v for k, v in row.items() if v is not None and v != ""
        }


def test_a_csv_is_headed_in_the_language_asked_and_by_column_names_for_programs(api: Api) -> None:
    some_cases(api)
    plain = api.client.get("/reports/queue", params={"format": "csv"}, headers=api.headers("inspector"))
    assert plain.text.splitlines()[0].startswith("case_no,")  # as before: for programs
    chinese = api.client.get(
        "/reports/queue", params={"format": "csv"}, headers={**api.headers("inspector"), **CHINESE}
    )
    assert chinese.content.startswith("\ufeff".encode())  # Excel reads the Chinese right
    header = next(csv.reader(io.StringIO(chinese.content.decode("utf-8-sig"))))
    assert header[0] == "办件编号" and len(list(csv.reader(io.StringIO(chinese.text)))) == 4
    english = api.client.get(
        "/reports/queue", params={"format": "csv"}, headers={**api.headers("inspector"), "Accept-Language": "en"}
    )
    assert next(csv.reader(io.StringIO(english.content.decode("utf-8-sig"))))[0] == "Case number"


@pytest.mark.parametrize("lane", [True, False])
def test_a_problem_is_titled_in_chinese_when_the_request_asks(api: Api, lane: bool) -> None:
    case_no = api.receive()
    path = f"/cases/{case_no}/step/completion" if lane else "/reports/queue?level=purple"
    send = api.client.post if lane else api.client.get
    kwargs = {"json": {}} if lane else {}
    english = send(path, headers=api.headers("clerk"), **kwargs)
    chinese = send(path, headers={**api.headers("clerk"), **CHINESE}, **kwargs)
    assert english.status_code == chinese.status_code >= 400
    assert english.json()["rule"] == chinese.json()["rule"]
    assert chinese.json()["title"] == i18n.language(i18n.CHINESE).gettext(english.json()["title"])
    assert chinese.json()["title"] != english.json()["title"] and chinese.headers["content-language"] == "zh-CN"
    assert "content-language" not in english.headers


def test_text_a_spreadsheet_would_run_is_kept_as_text() -> None:
    from interface.web.exports import as_csv, as_xlsx

    header, body = ["评价内容"], [['=HYPERLINK("http://evil")'], ["+1"], ["正常"]]
    read = list(csv.reader(io.StringIO(as_csv(header, body).decode("utf-8-sig"))))
    assert read[1:] == [['\'=HYPERLINK("http://evil")'], ["'+1"], ["正常"]]
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx("t", header, body))).worksheets[0]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == '=HYPERLINK("http://evil")'


def test_a_broken_rule_is_said_in_chinese_with_the_glossarys_words_when_the_request_asks(api: Api) -> None:
    case_no = api.receive()
    api.ok(f"/cases/{case_no}/acceptance", "clerk", {"notice_no": "受理〔2026〕1号"})
    again = f"/cases/{case_no}/acceptance"
    body = {"notice_no": "受理〔2026〕2号"}
    plain = api.client.post(again, json=body, headers=api.headers("clerk"))
    chinese = api.client.post(again, json=body, headers={**api.headers("clerk"), **CHINESE})
    english = api.client.post(again, json=body, headers={**api.headers("clerk"), "Accept-Language": "en"})
    assert plain.status_code == chinese.status_code == english.status_code == 409
    # Without a language the detail is the ledger's own English, values as they are stored ...
    assert plain.json()["detail"] == f"{case_no}: cannot accept a case that is in_progress"
    # ... in Chinese the template, the act (a phrase) and the status (a glossary word) are all translated ...
    assert chinese.json()["detail"] == f"{case_no}：处于“办理中”的办件不能受理"
    # ... and asked for in English, the status is said by its word too.
    assert english.json()["detail"] == f"{case_no}: cannot accept a case that is In progress"


def test_an_invalid_request_is_said_in_chinese_field_by_field(api: Api) -> None:
    case_no = api.receive()
    response = api.client.post(
        f"/cases/{case_no}/acceptance", json={"notice_no": "x" * 2001}, headers={**api.headers("clerk"), **CHINESE}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "请更正：body.notice_no：最多 2000 个字符"
    assert response.json()["errors"][0]["type"] == "string_too_long"  # the machine-readable list is unchanged


def test_a_translation_that_does_not_fit_its_values_falls_back_to_english() -> None:
    from domain.errors import InvalidValue
    from interface.web.rules import detail

    class Garbled:
        def gettext(self, message: str) -> str:
            return "{nothing_like_it}"

    error = InvalidValue("no case {case_no}", case_no="A-1")
    assert detail(error, Garbled()) == "no case A-1"
    assert detail(error, i18n.language(i18n.CHINESE)) == "没有办件 A-1"
