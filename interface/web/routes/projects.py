"""Investment projects (投资项目) in the console: a project's clock against its commitment, its plan's
totals by committed and statutory limits, its critical path now and the case holding it up, as the API
reads them (``GET /projects/{no}``)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query
from starlette.responses import RedirectResponse, Response

from domain.projects.project import check_may_read_project
from interface.api.routes.projects import ProjectView
from interface.web.visitors import PREFIX, VisitorDep

router = APIRouter(prefix=PREFIX, include_in_schema=False)
ProjectNo = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]
AskedNo = Annotated[str, Query(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$")]


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
