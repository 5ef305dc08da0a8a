"""A case's page: its header, clocks, full timeline, custody chart, and the case as of any time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import Response

from application.dto import PersonView
from domain.business_time import SHANGHAI
from domain.errors import InvalidValue
from interface.api.routes.paths import CaseNo
from interface.web import charts, forms, printing, timeline
from interface.web.rendering import render
from interface.web.visitors import PREFIX, Visitor, VisitorDep
from interface.web.words import N_

router = APIRouter(prefix=PREFIX, include_in_schema=False)
# A form's moment: empty when not given, Beijing time unless it says (``datetime-local`` inputs never say).
Instant = Annotated[str | None, Query(max_length=40)]
# The buckets of the custody chart other than a holder's, in the reader's language.
BUCKETS = {
    "APPLICANT": N_("Applicant (supplement)"),
    "EXCLUDED": N_("Special procedure"),
    "UPPER_LEVEL": N_("Upper level"),
    "CO_DEPT": N_("Co-department"),
}


def _moment(text: str | None, name: str) -> datetime | None:
    if not text or not text.strip():
        return None
    try:
        instant = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue("{name} '{text}' is not a moment such as 2025-06-30T16:00", name=name, text=text) from None
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=SHANGHAI)


@dataclass(frozen=True)
class Act:
    """An act offered on the page: its command's name, path and form fields."""

    name: str
    path: str
    fields: tuple[forms.Field, ...]


ACTS = tuple(Act(command.__name__, command.path, forms.fields_of(command)) for command in forms.EVERYDAY)
GREEN_CHANNEL_ACTS = frozenset(command.__name__ for command in forms.GREEN_CHANNEL)
Done = Annotated[str | None, Query(max_length=40, pattern=r"^[A-Za-z]+$")]


@router.get("/cases/{case_no}")
def case_page(
    who: VisitorDep,
    case_no: CaseNo,
    business_time: Instant = None,
    record_time: Instant = None,
    done: Done = None,
) -> Response:
    """The case now (or as it stood at ``business_time`` / as recorded by ``record_time``), its history and
    who held it."""
    business, recorded = _moment(business_time, "business_time"), _moment(record_time, "record_time")
    ledger = who.ledger
    case = ledger.records.case(case_no, as_of=who.now, viewer=who.actor)
    then = None
    if business or recorded:
        then = ledger.audit.case_as_of(case_no, business_time=business, record_time=recorded, viewer=who.actor)
    history, custody, chart = _record(who, case_no)
    who.read("case", case_no)
    return who.page(
        "case.html",
        acts=[a for a in ACTS if case.green_channel or a.name not in GREEN_CHANNEL_ACTS] if who.acts else (),
        colleagues=colleagues(who) if who.acts else [],
        done=done,
        case=case,
        then=then,
        business_time=business,
        record_time=recorded,
        history=history,
        custody=custody,
        chart=chart,
    )


def _record(who: Visitor, case_no: str) -> tuple[list[timeline.Line], list[dict[str, Any]], charts.CustodyChart | None]:
    """What a case's page and its dossier show besides the case: its timeline, its custody and the chart."""
    history = who.ledger.audit.history(case_no, viewer=who.actor)
    custody = who.views.reports.reader.custody(case_no)
    calendar = who.ledger.calendars.working_days(who.today.year)
    names = {kind: who.gettext(word) for kind, word in BUCKETS.items()}
    return timeline.lines(history, who), custody, charts.custody_chart(custody, who.now, calendar, names)


@router.get("/cases/{case_no}/dossier.pdf")
def dossier(who: VisitorDep, case_no: CaseNo) -> Response:
    """The case dossier (案卷) as PDF: header, clocks, custody and the whole timeline, for printing."""
    case = who.ledger.records.case(case_no, as_of=who.now, viewer=who.actor)
    history, custody, chart = _record(who, case_no)
    who.read("dossier", case_no)
    html = render(
        who.language,
        "dossier.html",
        {"visitor": who, "case": case, "history": history, "custody": custody, "chart": chart},
    )
    headers = {"Content-Disposition": f'inline; filename="{case_no}.pdf"', "Cache-Control": "no-store"}
    return Response(printing.pdf(html), media_type=printing.PDF_TYPE, headers=headers)


def colleagues(who: Visitor) -> list[PersonView]:
    """Whom a case may be handed to from this person's page: the active people of their department,
    section by section, themselves last."""
    people = [p for p in who.ledger.people.people() if p.active and p.department == who.actor.department]
    return sorted(people, key=lambda p: (p.person_id == who.actor.person_id, p.section or "", p.person_id))
