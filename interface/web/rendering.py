"""Templates: one Jinja environment per language, each with its catalogue installed, and the filters the
pages share (times in Beijing time, working days, the glossary's words)."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from domain.business_time import SHANGHAI
from interface.web import i18n, words
from interface.web.columns import COLUMNS

TEMPLATES = Path(__file__).parent / "templates"


def _time(value: datetime | str | None) -> str:
    """An instant as a person in the centre reads it: Beijing time, to the minute."""
    if value is None or value == "":
        return "–"
    instant = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return instant.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def _day(value: date | datetime | str | None) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).date().isoformat()
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


# Columns whose values are the domain's words (``words.WORDS``), by the kind of word.
WORDED = {
    "status": "status",
    "level": "level",
    "warning_level": "level",
    "light": "light",
    "role": "role",
    "clock": "clock",
    "outcome": "outcome",
    "delivery_method": "delivery",
    "grade": "grade",
}


# Columns whose words depend on the report (a complaint's ``kind`` is not a service item's).
WORDED_IN = {
    "orders": {"subject": "order_subject", "warning_type": "warning_type", "finding": "order_finding"},
    "complaints": {
        "source": "complaint_source",
        "kind": "complaint_kind",
        "verification": "verification",
        "satisfaction": "satisfaction",
    },
    "pre_reviews": {"channel": "channel"},
    "meeting_actions": {"progress": "action_progress"},
    "consultations": {"progress": "action_progress", "kind": "consultation_kind", "channel": "channel"},
}


# A status is of the record the report is about: a case's by default.
STATUS_OF = {
    "warnings": "warning_status",
    "capa": "capa_status",
    "orders": "order_status",
    "complaints": "complaint_status",
    "findings": "finding_status",
    "pre_reviews": "pre_review_status",
}


def cell(language: i18n.Language, value: object, column: str, report: str = "") -> str:
    """A report's value as its table shows it: words in the reader's language, times to the minute."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    kind = STATUS_OF.get(report) if column == "status" else WORDED_IN.get(report, {}).get(column)
    if kind or column in WORDED:
        return words.say(language, kind or WORDED[column], value)
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    if len(text) >= 16 and text[10] == "T" and text[:4].isdigit():
        return _time(text)
    return text


@cache
def environment(code: str) -> Environment:
    """The templates in the language ``code``."""
    language = i18n.language(code)
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html", "svg")),
        undefined=StrictUndefined,  # a name a page forgot to give fails the page (and its test), not blank
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(language.gettext, language.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["time"] = _time
    env.filters["day"] = _day
    env.filters["word"] = lambda value, kind: words.say(language, kind, value)
    env.filters["cell"] = lambda value, column, report="": cell(language, value, column, report)
    env.filters["column"] = lambda name: language.gettext(COLUMNS[name]) if name in COLUMNS else name
    env.globals["lang"] = language.code
    return env


def render(code: str, template: str, context: dict[str, Any]) -> str:
    return environment(code).get_template(template).render(context)
