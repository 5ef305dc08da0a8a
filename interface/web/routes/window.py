"""The window (窗口): a person's own work (their cases by due date, hand-offs waiting for them), the
receipt of an application, and the everyday acts on a case, as forms."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from application.reports.filters import ReportFilters
from domain.errors import InvalidValue
from interface.api.routes.paths import CaseNo
from interface.api.schemas.commands import ReceiveIn
from interface.web import forms, reading
from interface.web.visitors import PREFIX, FormDep, VisitorDep

router = APIRouter(prefix=PREFIX, include_in_schema=False)
ActPath = Annotated[str, Path(max_length=40, pattern=r"^[a-z/-]+$")]


@router.get("/window")
def window(who: VisitorDep) -> Response:
    """My cases by committed due date, and the hand-offs waiting for me to take them over."""
    mine = reading.report(who, "queue", ReportFilters(person=who.actor.person_id))
    waiting = [row for row in reading.report(who, "queue") if row["in_transit_to"] == who.actor.person_id]
    return who.page("window.html", cases=mine, waiting=waiting)


@router.get("/window/receipt")
def receipt_form(who: VisitorDep) -> Response:
    items = who.ledger.catalogue.items(who.actor.department)
    return who.page("receive.html", items=items)


@router.post("/window/receipt")
def receive(who: VisitorDep, form: FormDep) -> Response:
    """收件: the application as the API's request model reads it, received now by this person."""
    lines = [line.strip() for line in str(form.get("materials") or "").splitlines() if line.strip()]
    asked = {
        "item_code": form.get("item_code") or "",
        "channel": form.get("channel") or "window",
        "materials": lines,
        "applicant": {
            "name": form.get("name") or "",
            "id_number": form.get("id_number") or "",
            "phone": form.get("phone") or "",
            "is_enterprise": form.get("is_enterprise") is not None,
        },
    }
    try:
        body = ReceiveIn.model_validate(asked)
    except ValidationError as error:
        raise forms.refused(error) from None
    result = who.ledger.cases.receive(
        item_code=body.item_code,
        applicant=body.applicant.to_domain(),
        at=who.now,
        by=who.actor,
        channel=body.channel,
        materials=tuple(body.materials),
    )
    return RedirectResponse(f"{PREFIX}/cases/{quote(result.case_no)}?done=Received", status_code=303)


@router.post("/cases/{case_no}/acts/{path:path}")
def act(who: VisitorDep, form: FormDep, case_no: CaseNo, path: ActPath) -> Response:
    """One of the everyday acts on a case, for this person, on the version of the case their page showed
    (a form sent twice, or after someone else acted, changes nothing: 412)."""
    command = forms.BY_PATH.get(path)
    if command is None:
        raise InvalidValue("no act '{path}' in the console (acts: {acts})", path=path, acts=", ".join(forms.BY_PATH))
    version = forms.version_of(form)
    done = forms.read(command, form)
    who.ledger.cases.handle(case_no, done, at=who.now, by=who.actor, expected_version=version)
    return RedirectResponse(f"{PREFIX}/cases/{quote(case_no)}?done={command.__name__}#timeline", status_code=303)
