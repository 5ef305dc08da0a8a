"""A case's events as a person reads them on its page: each act's meaningful fields, labelled in the
reader's language; the whole event stays one click away (as the API gives it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from application.dto import EventView
from interface.web.words import N_, Speaks, say

# The fields a reader looks for, in the order they are shown, with how each value is said.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("step_name", N_("Step"), "text"),
    ("opinion", N_("Opinion"), "text"),
    ("outcome", N_("Outcome"), "outcome"),
    ("reasons", N_("Reasons"), "text"),
    ("remedies", N_("Remedies"), "text"),
    ("legal_basis", N_("Legal basis"), "text"),
    ("document_no", N_("Document number"), "text"),
    ("notice_no", N_("Notice number"), "text"),
    ("missing", N_("Missing materials"), "list"),
    ("materials", N_("Materials"), "list"),
    ("procedure", N_("Procedure"), "procedure"),
    ("days", N_("Working days"), "text"),
    ("expected_days", N_("Expected working days"), "text"),
    ("to", N_("To"), "person"),
    ("co_department", N_("Co-department"), "text"),
    ("level", N_("Level"), "level"),
    ("clock", N_("Clock"), "clock"),
    ("rule_id", N_("Rule"), "text"),
    ("due_on", N_("Due"), "text"),
    ("holder", N_("Holder"), "person"),
    ("method", N_("Delivery method"), "delivery"),
    ("window", N_("Window"), "text"),
    ("stars", N_("Stars"), "text"),
    ("comment", N_("Comment"), "text"),
    ("reason", N_("Reason"), "text"),
    ("finding", N_("Finding"), "text"),
    ("result", N_("Result"), "text"),
    ("note", N_("Note"), "text"),
)


@dataclass(frozen=True)
class Line:
    """One event on the page: its fields as (label, text), and the whole event as JSON."""

    event: EventView
    fields: tuple[tuple[str, str], ...]
    raw: str


def _said(language: Speaks, how: str, value: Any) -> str:
    if how == "list":
        return "、".join(str(v) for v in value)
    if how == "person":
        return str(value.get("name") or value.get("person_id")) if isinstance(value, dict) else str(value)
    if how == "text":
        return str(value)
    return say(language, how, value)


def lines(history: list[EventView], language: Speaks) -> list[Line]:
    result = []
    for event in history:
        details = event.details
        shown = tuple(
            (language.gettext(label), _said(language, how, details[name]))
            for name, label, how in FIELDS
            if details.get(name) not in (None, "", [], (), {})
        )
        raw = json.dumps(details, ensure_ascii=False, indent=1, default=str, sort_keys=True)
        result.append(Line(event, shown, raw))
    return result
