"""Investment projects (投资项目) in the console: a project's clock against its commitment, its plan's
totals by committed and statutory limits, its critical path now and the case holding it up, as the API
reads them (``GET /projects/{no}``); and a coordination meeting's minutes (协调会), each action ticked off
by its department with what shows it done (销号)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query
from starlette.responses import RedirectResponse, Response

from domain.projects.project import check_may_read_project
from interface.api.routes.projects import ActionDoneIn, MeetingView, ProjectView
from interface.web import forms, reading
from interface.web.visitors import PREFIX, FormDep, VisitorDep

router = APIRouter(prefix=PREFIX, include_in_schema=False)
ProjectNo = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
AskedNo = Annotated[str, Query(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
MeetingNo = ProjectNo
ActionId = Annotated[str, Path(min_length=1, max_length=8, pattern=r"^[0-9A-Za-z-]+$")]
Position = Annotated[int | None, Query(ge=0)]
Done = Annotated[str | None, Query(max_length=8, pattern=r"^[0-9A-Za-z-]+$")]
DONE_FIELDS = forms.model_fields(ActionDoneIn)


@router.get("/projects")
def find(who: VisitorDep, no: AskedNo) -> Response:
    """The project asked for by its code (the supervision screen's box)."""
    return RedirectResponse(f"{PREFIX}/projects/{quote(no)}", status_code=303)


@router.get("/projects/{project_no}")
def project(who: VisitorDep, project_no: ProjectNo) -> Response:
    check_may_read_project(who.actor)
    view = ProjectView.of(who.ledger.projects.progress(project_no, who.today))
    who.read("project", project_no)
    return who.page("project.html", project=view.model_dump(mode="json"))


@router.get("/meetings/{meeting_no}")
def meeting(who: VisitorDep, meeting_no: MeetingNo, position: Position = None, done: Done = None) -> Response:
    """The minutes: attendees, decisions, and each action done or overdue, with the form that ticks off
    an open one (its department's heads, or the investor service, may; the meeting's rule decides)."""
    if position is not None:
        reading.wait_for_views(who, position)
    check_may_read_project(who.actor)
    view = MeetingView.of(who.ledger.meetings.meeting(meeting_no), who.today)
    who.read("meeting", meeting_no)
    return who.page("meeting.html", meeting=view.model_dump(mode="json"), fields=DONE_FIELDS, done=done)


@router.post("/meetings/{meeting_no}/actions/{action_id}/completion")
def complete(who: VisitorDep, form: FormDep, meeting_no: MeetingNo, action_id: ActionId) -> Response:
    """销号: the action done, recorded now on the version of the minutes the page showed."""
    body = forms.read_model(ActionDoneIn, form)
    acted = who.ledger.meetings.complete(
        meeting_no, action_id, evidence=body.evidence, at=who.now, by=who.actor, expected_version=forms.version_of(form)
    )
    back = f"{PREFIX}/meetings/{quote(meeting_no)}?done={quote(action_id)}&position={acted.position}"
    return RedirectResponse(back, status_code=303)
