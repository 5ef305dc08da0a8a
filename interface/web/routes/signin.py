"""Signing in (with a password or a bearer token) and out, and the language switch."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from application.people import Unauthenticated
from domain.organisation.actors import Actor
from interface.web import i18n
from interface.web.rendering import render
from interface.web.sessions import (
    LANGUAGE_COOKIE,
    SESSION_COOKIE,
    SIGN_IN_COOKIE,
    SignInThrottle,
    new_token,
    same_token,
)
from interface.web.visitors import PREFIX, FormDep, VisitorDep, language_of, same_origin, sessions_of

router = APIRouter(prefix=PREFIX, include_in_schema=False)
Next = Annotated[str, Query(alias="next", max_length=500)]


def safe_next(back_to: str | None) -> str:
    """Where to go after signing in: a page of the console only (never another site)."""
    parts = urlsplit(back_to or "")
    if parts.scheme or parts.netloc or not parts.path.startswith(f"{PREFIX}/") or "\\" in (back_to or ""):
        return f"{PREFIX}/"
    return back_to or f"{PREFIX}/"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _address(request: Request) -> str:
    return request.client.host if request.client else "-"


def _sign_in_page(request: Request, back_to: str, error: str | None, until: datetime | None = None) -> Response:
    """The sign-in form (again, with what went wrong: answered 200, as a form to fill in once more)."""
    token = new_token()
    html = render(
        language_of(request),
        "sign_in.html",
        {"visitor": None, "csrf": token, "next": safe_next(back_to), "error": error, "until": until},
    )
    response = Response(html, media_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    response.set_cookie(
        SIGN_IN_COOKIE, token, max_age=1800, httponly=True, samesite="strict", secure=_secure(request), path=PREFIX
    )
    return response


@router.get("/sign-in")
def sign_in_form(request: Request, back_to: Next = f"{PREFIX}/") -> Response:
    return _sign_in_page(request, back_to, None)


@router.post("/sign-in")
async def sign_in(
    request: Request,
    person: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=300)] = "",
    token: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
    back_to: Annotated[str, Form(alias="next", max_length=500)] = f"{PREFIX}/",
) -> Response:
    if not same_origin(request) or not same_token(request.cookies.get(SIGN_IN_COOKIE), csrf):
        return _sign_in_page(request, back_to, "expired")
    people = request.app.state.ledger.people
    now = request.app.state.clock()
    throttle: SignInThrottle = request.app.state.sign_in_throttle
    # A person's attempts are counted by the person; a token's by the address it came from.
    key = f"person:{person.strip().lower()}" if not token.strip() else f"token:{_address(request)}"
    if (until := throttle.refused_until(key, now)) is not None:
        return _sign_in_page(request, back_to, "throttled", until=until)

    def check() -> Actor:
        if token.strip():
            return people.authenticate(token.strip())  # type: ignore[no-any-return]
        return people.check_password(person.strip(), password)  # type: ignore[no-any-return]

    try:
        actor = await run_in_threadpool(check)
    except Unauthenticated:
        throttle.failed(key, now)
        return _sign_in_page(request, back_to, "wrong")
    throttle.succeeded(key)
    session = await run_in_threadpool(sessions_of(request).start, actor.person_id, now)
    response = RedirectResponse(safe_next(back_to), status_code=303)
    response.set_cookie(
        SESSION_COOKIE, session.key, httponly=True, samesite="strict", secure=_secure(request), path="/"
    )
    response.delete_cookie(SIGN_IN_COOKIE, path=PREFIX)
    return response


@router.post("/sign-out")
def sign_out(request: Request, who: VisitorDep, form: FormDep) -> Response:
    sessions_of(request).end(who.session.key)
    response = RedirectResponse(f"{PREFIX}/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/language")
def switch_language(
    request: Request, to: Annotated[str, Query(max_length=8)], back_to: Next = f"{PREFIX}/"
) -> Response:
    """Show the console in ``to`` (zh-CN or en) from now on, on this browser."""
    response = RedirectResponse(safe_next(back_to), status_code=303)
    response.set_cookie(
        LANGUAGE_COOKIE, i18n.choose(to), max_age=365 * 86400, samesite="strict", secure=_secure(request), path="/"
    )
    return response
