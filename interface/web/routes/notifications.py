"""The register of notifications (通知发送记录) in the console: the deliveries by state, and the latest
(of one state), as the API answers them (``GET /notifications``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from application.notifications.ports import DeliveryState
from domain.case.access import AccessDenied
from interface.api.routes.notifications import READERS
from interface.web.visitors import PREFIX, VisitorDep

router = APIRouter(prefix=PREFIX, include_in_schema=False)
SHOWN = 200


@router.get("/notifications")
def notifications(who: VisitorDep, state: Annotated[DeliveryState | None, Query()] = None) -> Response:
    if not who.reads_notifications:
        raise AccessDenied(
            "this needs the role {allowed}; {name} is a {role}",
            allowed=READERS,
            name=who.actor.name,
            role=who.actor.role,
        )
    deliveries = who.views.deliveries
    rows = deliveries.listing(state, SHOWN)
    who.read("notifications", state.value if state else "all")
    return who.page(
        "notifications.html",
        counts=deliveries.counts(),
        states=[s.value for s in DeliveryState],
        state=state.value if state else "",
        rows=rows,
    )
