"""Quarterly evaluations (考评) in the console: a quarter's evaluation as published, or as the ledger
computes it now, with the form that publishes it (inspectors, once the quarter has ended)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from starlette.responses import RedirectResponse, Response

from domain.errors import NotFound, phrase
from domain.supervision.access import check_may_read_the_centre
from domain.supervision.evaluation import quarter_days
from domain.supervision.order import INSPECTORS
from interface.api.routes.evaluations import EvaluationView
from interface.web import reading
from interface.web.visitors import PREFIX, FormDep, Visitor, VisitorDep
from interface.web.words import N_

router = APIRouter(prefix=PREFIX, include_in_schema=False)
Quarter = Annotated[str, Path(max_length=6, pattern=r"^\d{4}Q[1-4]$")]
Position = Annotated[int | None, Query(ge=0)]
AskedQuarter = Annotated[str | None, Query(max_length=6, pattern=r"^\d{4}Q[1-4]$")]


# Why a department is below the centre, as ``domain.supervision.evaluation`` writes it (and a published
# evaluation keeps it): each form said in the reader's language.
REASONS = (
    (
        re.compile(r"average time (?P<days>[\d.]+) WD against the centre's (?P<centre>[\d.]+)"),
        N_("average time {days} WD against the centre's {centre}"),
    ),
    (
        re.compile(r"on time (?P<rate>\d+%) against the centre's (?P<centre>\d+%)"),
        N_("on time {rate} against the centre's {centre}"),
    ),
)


def said(reason: str, who: Visitor) -> str:
    """A reason in the reader's language (a form not known here, as it is)."""
    for form, message in REASONS:
        if found := form.fullmatch(reason):
            return who.gettext(message).format_map(found.groupdict())
    return reason


def last_ended(today: date) -> str:
    """The quarter before the one ``today`` is in."""
    quarter = (today.month - 1) // 3  # the current one's index, 0 to 3: the one before is that, 1-based
    return f"{today.year}Q{quarter}" if quarter else f"{today.year - 1}Q4"


@router.get("/evaluations")
def evaluations(who: VisitorDep, quarter: AskedQuarter = None) -> Response:
    """The quarter asked for (the last ended one by default)."""
    return RedirectResponse(f"{PREFIX}/evaluations/{quarter or last_ended(who.today)}", status_code=303)


@router.get("/evaluations/{quarter}")
def evaluation(who: VisitorDep, quarter: Quarter, position: Position = None) -> Response:
    """The quarter's evaluation as published; before it is, as computed now (a draft). After publishing,
    once the views have caught up with ``position``."""
    if position is not None:
        reading.wait_for_views(who, position)
    check_may_read_the_centre(who.actor, phrase("the evaluation of {quarter}", quarter=quarter))
    try:
        shown = EvaluationView.of(who.views.evaluations.published(quarter))
    except NotFound:
        shown = EvaluationView.of_draft(who.views.evaluations.draft(quarter))
    who.read("evaluation", quarter)
    view = shown.model_dump(mode="json")
    for row in view["departments"]:
        row["reasons"] = [said(reason, who) for reason in row["reasons"]]
    names = reading.department_names(who, view["departments"])
    ended = quarter_days(quarter)[1] < who.today
    may_publish = view["published_at"] is None and who.actor.role in INSPECTORS and ended
    return who.page("evaluation.html", quarter=quarter, evaluation=view, names=names, may_publish=may_publish)


@router.post("/evaluations/{quarter}")
def publish(who: VisitorDep, form: FormDep, quarter: Quarter) -> Response:
    """发布: the quarter's evaluation as computed now, recorded once."""
    acted = who.views.evaluations.publish(quarter, at=who.now, by=who.actor)
    return RedirectResponse(f"{PREFIX}/evaluations/{quarter}?position={acted.position}", status_code=303)
