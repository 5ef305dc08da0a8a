"""``create_app``: the composition root of the web layer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from fastapi import FastAPI

from application.ledger import CaseLedger
from domain.business_time import SHANGHAI
from infrastructure.settings import Settings
from interface.api import problems
from interface.api.background import BackgroundViews
from interface.api.centres import Centres
from interface.api.command_lane import CommandLane
from interface.api.command_threads import CommandThreads
from interface.api.request_guard import RequestGuard
from interface.api.routes import (
    admin,
    agency,
    appointments,
    complaints,
    consultations,
    evaluations,
    findings,
    intake,
    notifications,
    people,
    pre_reviews,
    projects,
    public,
    publication,
    quality,
    quality_system,
    queries,
    reports,
    supervision,
)
from interface.api.routes import case_commands as case_commands_routes
from interface.api.routes.public import RateLimiter
from interface.composition import Views, build_ledger, build_views
from interface.runtime import settle_process
from interface.web import console

COMMAND_THREADS = 40

DESCRIPTION = """
The case ledger of a county government service centre (政务服务中心). Every act on a case is an
immutable event; deadlines run in legal working days.

* Authenticate with `Authorization: Bearer <token>` (tokens come from `caseledger users add`).
* Commands accept `Idempotency-Key` (a repeat returns the first result) and `If-Match: "<version>"`
  (412 when the case has moved on). Their responses carry the case version as an `ETag` and the ledger
  `position` reached.
* Errors are RFC 9457 problem details (`application/problem+json`) with a stable `type` per rule.
"""


def create_app(
    settings: Settings,
    *,
    ledger: CaseLedger | None = None,
    clock: Callable[[], datetime] | None = None,
    background: bool | None = None,
) -> FastAPI:
    """The API over the ledger ``settings`` name (or the one given), telling time with ``clock``.

    ``background`` runs the projections and the deadline watcher in a thread of this process; it is
    the default on SQLite (on PostgreSQL they run as ``caseledger project run`` and ``caseledger watch``).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        worker = BackgroundViews(app.state.views, app.state.clock) if run_background else None
        if worker:
            worker.start()
        yield
        app.state.command_threads.shutdown()
        if worker:
            worker.stop()
        if app.state.centres is not None:
            app.state.centres.close()
            return
        app.state.views.close()
        if owned:
            app.state.ledger.close()

    owned = ledger is None
    # Any request may meet the request guard (a body over the limit, deep JSON, unstorable text): 413 and 422
    # are documented for every operation.
    app = FastAPI(
        title="caseledger",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        responses=problems.documented(413, 422),
        docs_url=None,  # served by the console's installer, from the application's own assets
        redoc_url=None,
    )
    app.state.settings = settings
    if settings.centres:  # several centres: each request names its own (X-Centre); workers run per centre
        app.state.centres, app.state.ledger, app.state.views = Centres(settings, _open_centre), None, None
        run_background = False
    else:
        app.state.centres = None
        app.state.ledger = ledger or build_ledger(settings)
        app.state.views = build_views(settings, app.state.ledger)
        run_background = settings.backend == "sqlite" if background is None else background
    app.state.clock = clock or (lambda: datetime.now(tz=SHANGHAI))
    # Commands run on threads of their own, handed over by the event loop (``command_threads``: the
    # framework's thread pool costs several times more per call). As many as its default pool.
    app.state.command_threads = CommandThreads(COMMAND_THREADS)
    app.state.rate_limiter = RateLimiter()
    problems.install(app, pages=console.problem_page)
    case_commands = (intake.router, case_commands_routes.router)
    # One request path: every request passes the same middleware stack. Innermost (first added), the command
    # lane serves well-formed case commands without the router; outside it the request guard refuses
    # oversized bodies (413), deep JSON and text the ledger cannot keep (422). Middleware added after
    # these (sessions, metrics, request logs) wraps both and sees every request, commands included.
    if settings.command_lane:
        app.add_middleware(CommandLane, api=app, routers=case_commands, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(RequestGuard, max_body_bytes=settings.max_body_bytes)
    for router in (
        *case_commands,
        queries.router,
        public.router,
        publication.router,
        reports.router,
        quality.router,
        supervision.router,
        complaints.router,
        findings.router,
        evaluations.router,
        projects.router,
        projects.meetings,
        agency.router,
        pre_reviews.router,
        appointments.router,
        consultations.router,
        notifications.router,
        quality_system.audits,
        quality_system.reviews,
    ):
        app.include_router(router)
    for router in (
        admin.catalogue,
        pre_reviews.settings,
        publication.guides,
        people.router,
        admin.organisation,
        admin.calendar,
        queries.audit,
    ):
        app.include_router(router)
    app.include_router(problems.router)
    console.install(app)
    return app


def _open_centre(settings: Settings) -> tuple[CaseLedger, Views]:
    ledger = build_ledger(settings)
    return ledger, build_views(settings, ledger)


def app_from_env() -> FastAPI:
    """The factory ``caseledger serve`` gives uvicorn: settings from the environment."""
    app = create_app(Settings.from_env())
    settle_process()
    return app
