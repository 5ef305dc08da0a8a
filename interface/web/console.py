"""``install``: the console's pages, its static assets and the offline API documentation, on the API's app."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from starlette.responses import HTMLResponse, RedirectResponse, Response

from domain.case.access import READ_EVERYTHING
from interface.web import i18n, rules
from interface.web.bundles import Exports
from interface.web.rendering import render
from interface.web.routes import (
    appointments,
    audit,
    cases,
    consultations,
    evaluations,
    notifications,
    pre_reviews,
    projects,
    public,
    quality,
    records,
    reports,
    signin,
    supervision,
    window,
)
from interface.web.sessions import ConsoleSessions, SignInThrottle
from interface.web.visitors import PREFIX, FormRefused, SignInRequired, VisitorDep, language_of, sign_in_url
from interface.web.words import N_

STATIC = Path(__file__).parent / "static"
VENDOR = "/static/vendor"


def install(app: FastAPI) -> None:
    """Serve the console under ``/console`` and every asset it and ``/docs`` need from ``/static``.

    A server of several centres (``X-Centre``) serves the documentation but no console: a browser
    cannot say its centre on every request, and a centre's console is its own server's."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _documentation(app)
    if app.state.views is None:
        return
    settings = app.state.settings
    app.state.console_sessions = ConsoleSessions(
        app.state.views.sessions,
        idle=timedelta(minutes=settings.console_idle_minutes),
        lifetime=timedelta(hours=settings.console_session_hours),
    )
    app.state.bundle_exports = Exports()
    app.state.sign_in_throttle = SignInThrottle()
    pages = (signin, supervision, cases, window, reports, quality, audit, records, evaluations, projects)
    pages_of_working_modes = (pre_reviews, consultations, appointments, notifications, public)
    for router in (page.router for page in pages_of_working_modes):
        app.include_router(router)
    for router in (page.router for page in pages):
        app.include_router(router)

    @app.get(f"{PREFIX}/", include_in_schema=False)
    def home(who: VisitorDep) -> Response:
        """Where a person starts: the supervision screen for those who read the whole centre, their own
        work for those who work cases, their department's screen otherwise."""
        if who.actor.role in READ_EVERYTHING or who.actor.department is None:
            return RedirectResponse(f"{PREFIX}/supervision", status_code=303)
        if who.acts:
            return RedirectResponse(f"{PREFIX}/window", status_code=303)
        return RedirectResponse(f"{PREFIX}/departments/{who.actor.department}", status_code=303)

    @app.get("/", include_in_schema=False)
    def root() -> Response:
        return RedirectResponse(f"{PREFIX}/", status_code=303)

    @app.exception_handler(SignInRequired)
    async def sign_in_first(request: Request, error: SignInRequired) -> Response:
        if request.headers.get("hx-request"):  # a partial update: the whole page goes to the sign-in
            return Response(status_code=401, headers={"HX-Redirect": sign_in_url(error.back_to)})
        return RedirectResponse(sign_in_url(error.back_to), status_code=303)

    @app.exception_handler(FormRefused)
    async def form_refused(request: Request, error: FormRefused) -> Response:
        detail = N_("The form was not sent from this console's page, or its page is too old: open the page again.")
        return problem_page(request, 403, "form-refused", N_("Form refused"), detail) or Response(status_code=403)


def _documentation(app: FastAPI) -> None:
    """``/docs`` (Swagger UI) from the vendored assets: no request leaves the server."""

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="caseledger API",
            swagger_js_url=f"{VENDOR}/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url=f"{VENDOR}/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> Response:
        """ReDoc's bundle fetches its makers' logo from the internet: the one documentation is /docs."""
        return RedirectResponse("/docs", status_code=301)


def problem_page(request: Request, status: int, rule: str, title: str, detail: str | rules.Said) -> Response | None:
    """A problem as a page, for a request of the console's (None for the API's: it answers JSON)."""
    if not request.url.path.startswith(f"{PREFIX}/") and request.url.path != PREFIX:
        return None
    language = language_of(request)
    if not isinstance(detail, str):
        detail = rules.detail(detail, i18n.language(language))
    html = render(
        language,
        "problem.html",
        {"visitor": None, "csrf": "", "status": status, "rule": rule, "title": title, "detail": detail},
    )
    return Response(
        html, status_code=status, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"}
    )
