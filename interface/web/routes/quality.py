"""Quality (质量管理): the KPI dashboard with its monthly trend, the nonconformity and corrective-action
registers, and the forms that raise a corrective action and move it through its steps."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query
from starlette.responses import RedirectResponse, Response

from application.reports.filters import ReportFilters
from domain.errors import InvalidValue
from domain.quality.corrective_action import QUALITY_ROLES
from interface.api.routes.quality import CAPA_STEPS
from interface.api.schemas.admin import CapaIn
from interface.web import charts, forms, reading
from interface.web.visitors import PREFIX, FormDep, VisitorDep

router = APIRouter(prefix=PREFIX, include_in_schema=False)
CapaId = Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\\-]*$")]
Position = Annotated[int | None, Query(ge=0)]
Done = Annotated[str | None, Query(max_length=20, pattern=r"^[a-z_]+$")]
STEPS = {step.path: step for step in CAPA_STEPS}
RECENT_DAYS = 30
STEP_FORMS = tuple((step, forms.model_fields(step.body)) for step in CAPA_STEPS)
RAISE_FORM = forms.model_fields(CapaIn)


@router.get("/quality")
def dashboard(who: VisitorDep) -> Response:
    """The centre's KPIs month by month (a line each for the on-time and satisfaction rates), each
    department's on-time rate by month, and the open nonconformities and corrective actions."""
    trend = reading.report(who, "kpi_trend")
    # The open nonconformities raised in the last month (a province's register holds tens of thousands:
    # the register's own page shows them all, a page at a time).
    since = who.today - timedelta(days=RECENT_DAYS)
    recent = reading.report(who, "nonconformities", ReportFilters(date_from=since))
    centre = [row for row in trend if row["group"] == "ALL"]
    names = {"on_time_rate_pct": who.gettext("On-time rate %"), "satisfaction_pct": who.gettext("Satisfaction %")}
    months = sorted({row["month"] for row in trend})
    departments: dict[str, dict[str, object]] = {}
    for row in trend:
        if row["group"] != "ALL":
            departments.setdefault(row["group"], {})[row["month"]] = row["on_time_rate_pct"]
    return who.page(
        "quality.html",
        chart=charts.line_chart(centre, "month", names),
        months=months,
        departments=departments,
        nonconformities=recent[::-1],  # the newest first
        recent_from=since,
        capa=reading.report(who, "capa"),
        raise_form=RAISE_FORM if who.actor.role in QUALITY_ROLES else (),
    )


@router.post("/quality/corrective-actions")
def raise_capa(who: VisitorDep, form: FormDep) -> Response:
    body = forms.read_model(CapaIn, form)
    capa_id = who.ledger.quality.raise_corrective_action(
        title=body.title,
        nonconformities=tuple(body.nonconformities),
        at=who.now,
        by=who.actor,
        register=who.views.reports,
    )
    return RedirectResponse(f"{PREFIX}/quality/corrective-actions/{quote(capa_id)}", status_code=303)


@router.get("/quality/corrective-actions/{capa_id}")
def corrective_action(who: VisitorDep, capa_id: CapaId, position: Position = None, done: Done = None) -> Response:
    """A corrective action as the register holds it (once the register has caught up with ``position``,
    the step just recorded), with the forms of its steps."""
    if position is not None:
        reading.wait_for_views(who, position)
    rows = [row for row in reading.report(who, "capa") if row["capa_id"] == capa_id]
    return who.page("capa.html", capa_id=capa_id, capa=rows[0] if rows else None, steps=STEP_FORMS, done=done)


@router.post("/quality/corrective-actions/{capa_id}/{path}")
def capa_step(who: VisitorDep, form: FormDep, capa_id: CapaId, path: Annotated[str, Path(max_length=20)]) -> Response:
    """A step of a corrective action, as its route runs it (``CAPA_STEPS``)."""
    step = STEPS.get(path)
    if step is None:
        raise InvalidValue(
            "no step '{path}' of a corrective action (steps: {steps})", path=path, steps=", ".join(STEPS)
        )
    position = step.run(who.ledger, capa_id, forms.read_model(step.body, form), who.now, who.actor)
    back = f"{PREFIX}/quality/corrective-actions/{quote(capa_id)}?done={step.name}&position={position}"
    return RedirectResponse(back, status_code=303)
