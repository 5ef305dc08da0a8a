"""The printed documents: the case dossier and the monthly supervision report as PDF, checked by reading
their text back (Chinese included) and by rendering their first page to an image."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pypdfium2
from pypdf import PdfReader

from tests.web.conftest import ARTIFACTS, ROLES, DemoServer, Tab


def fetched(tab: Tab, path: str) -> bytes:
    """What the signed-in browser gets at ``path`` (its session cookie, as a link would send it)."""
    cookies = {c["name"]: c["value"] for c in tab.page.context.cookies()}
    response = httpx.get(tab.base + path, cookies=cookies, timeout=60)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == "application/pdf"
    return response.content


def first_page_image(data: bytes, name: str) -> Any:
    page = pypdfium2.PdfDocument(data)[0]
    image = page.render(scale=1.5).to_pil()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    image.save(ARTIFACTS / f"{name}.png")
    return image


def fonts(data: bytes) -> set[str]:
    """The fonts a PDF embeds, by name without their subset's tag."""
    pages = PdfReader(io.BytesIO(data)).pages
    found = {str(f.get_object()["/BaseFont"]) for page in pages for f in page["/Resources"].get("/Font", {}).values()}
    return {name.split("+", 1)[-1] for name in found}


def inked(image: Any) -> float:
    """The share of the page that is not white (text, lines, bars)."""
    grey = image.convert("L")
    histogram = grey.histogram()
    return 1 - sum(histogram[250:]) / (grey.width * grey.height)


def test_a_case_dossier_prints_its_timeline_in_chinese(tab_as: Any, demo_server: DemoServer) -> None:
    auditor = ROLES["auditor"]
    case_no = demo_server.api(auditor, "/reports/attribution")[0]["case_no"]
    tab = tab_as(auditor)
    tab.open(f"/console/cases/{case_no}")
    assert tab.page.get_attribute("a[data-print=dossier]", "href") == f"/console/cases/{case_no}/dossier.pdf"
    data = fetched(tab, f"/console/cases/{case_no}/dossier.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    history = demo_server.api(auditor, f"/cases/{case_no}/history")
    assert f"案卷 {case_no}" in text and "办理过程" in text and "承诺时限" in text
    assert text.count("受理") >= 1 and ("移交" in text) == any(e["type"] == "HandedOff" for e in history)
    # One family, its regular and bold, for every text (the chart's and the page numbers too).
    assert fonts(data) <= {"Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold"}
    image = first_page_image(data, "dossier")
    assert image.width > 800 and 0.02 < inked(image) < 0.6  # the page holds text, not nothing, not a blot


def test_the_monthly_supervision_report_prints_each_section(tab_as: Any, demo_server: DemoServer) -> None:
    inspector = ROLES["inspector"]
    tab = tab_as(inspector)
    tab.open("/console/supervision")
    data = fetched(tab, "/console/supervision/monthly.pdf?month=2025-05")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "电子监察月报 2025-05" in text
    for title in ("质量目标", "督办情况统计", "红牌", "超期办件"):
        assert title in text
    kpi = demo_server.api(inspector, "/reports/kpi", **{"from": "2025-05-01", "to": "2025-05-31"})
    assert str(kpi[-1]["received"]) in text  # the centre's cases received in May
    assert inked(first_page_image(data, "monthly-report")) > 0.02
