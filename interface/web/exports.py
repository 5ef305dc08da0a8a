"""Reports as files people open: CSV (UTF-8 with a byte-order mark, which Excel needs to read Chinese) and
Excel workbooks, their columns headed in the reader's language (``columns``)."""

from __future__ import annotations

import csv
import io
import typing
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from application.reports.registry import Report
from interface.web.columns import COLUMNS
from interface.web.i18n import Language

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXCEL_CELL = 32_767  # characters a cell holds at most
# A cell a spreadsheet would take for a formula (CSV injection): an applicant's comment may begin so.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def columns_of(report: Report, rows: Sequence[dict[str, Any]]) -> list[str]:
    """A report's columns in the order its row declares them (those its rows hold)."""
    declared = list(typing.get_type_hints(report.row))
    present = {key for row in rows for key in row}
    return [name for name in declared if name in present] if rows else declared


def headed(report: Report, rows: Sequence[dict[str, Any]], language: Language) -> tuple[list[str], list[list[Any]]]:
    """The header (each column in the reader's language) and the body of a report's table."""
    names = columns_of(report, rows)
    header = [language.gettext(COLUMNS[name]) if name in COLUMNS else name for name in names]
    return header, [[row.get(name) for name in names] for row in rows]


def title_of(report: Report, language: Language) -> str:
    return report.title if language.code.startswith("zh") else report.title_en


def as_csv(header: list[str], body: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_text(v) for v in line] for line in body])
    return ("\ufeff" + out.getvalue()).encode()


def as_xlsx(title: str, header: list[str], body: list[list[Any]]) -> bytes:
    """One sheet named for the report: the header bold and frozen, each column as wide as it needs."""
    book = Workbook()
    sheet = book.create_sheet(index=0)
    book.remove(book.worksheets[1])  # the workbook's own empty sheet
    sheet.title = title[:31]  # Excel's limit on a sheet's name
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in body:
        sheet.append([_cell(value) for value in line])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        width = max([len(str(name)) * 2] + [len(str(line[index - 1] or "")) for line in body[:200]])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, width + 2))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)
    return text if len(text) <= EXCEL_CELL else text[: EXCEL_CELL - 1] + "…"


def _text(value: Any) -> Any:
    """A CSV field: text a spreadsheet would run as a formula is quoted with an apostrophe (OWASP)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
