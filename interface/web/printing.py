"""Printable documents as PDF: a page's HTML laid out on A4 by WeasyPrint, with the Chinese fonts the
machine has (Noto Sans CJK, installed by ``make run``) embedded as subsets, so a reader without them still
sees the text."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parent / "static"
PDF_TYPE = "application/pdf"


def pdf(html: str) -> bytes:
    """The PDF of ``html``. Its stylesheet is the console's own, read from disk; a document reads local
    files only, never anything from a network."""
    from weasyprint import HTML  # imported when a PDF is asked for: it loads pango, which pages never need
    from weasyprint.urls import URLFetcher

    local_only = URLFetcher(allowed_protocols=["file"])
    written: bytes = HTML(string=html, base_url=str(STATIC), url_fetcher=local_only).write_pdf()
    return written
