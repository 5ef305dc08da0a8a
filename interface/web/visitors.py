"""Who is looking at a page: the signed-in person (by their session cookie), in their language, with the
ledger and views they read, and the page's answer to a form without its session's CSRF token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from starlette.responses import Response

from application.access_log import Read
from application.ledger import CaseLedger
from domain.business_time import legal_day
from domain.case.access import READ_EVERYTHING, READ_ONLY
from domain.organisation.actors import Actor
from domain.organisation.directory import PersonDeactivated
from infrastructure.settings import Settings
from interface.api.deps import AUDIT_ROLES
from interface.api.routes.notifications import READERS as NOTIFICATION_READERS
from interface.composition import Views
from interface.web import i18n
from interface.web.rendering import render
from interface.web.sessions import LANGUAGE_COOKIE, SESSION_COOKIE, ConsoleSessions, Session, same_token

PREFIX = "/console"


class SignInRequired(Exception):
    """No session, or one that has ended: the page asks the person to sign in (and come back)."""

    def __init__(self, back_to: str) -> None:
        super().__init__(back_to)
        self.back_to = back_to


class FormRefused(Exception):
    """A form without its session's CSRF token (or from another site): refused, nothing done."""


def language_of(request: Request) -> str:
    return i18n.choose(request.cookies.get(LANGUAGE_COOKIE))


@dataclass(frozen=True)
class Visitor:
    """A signed-in person on a page."""

    actor: Actor
    session: Session
    language: str
    ledger: CaseLedger
    views: Views
    now: datetime
    settings: Settings

    @property
    def today(self) -> Any:
        return legal_day(self.now)

    @property
    def acts(self) -> bool:
        """Whether this person works cases (the read-only roles only read them)."""
        return self.actor.role not in READ_ONLY

    @property
    def reads_the_centre(self) -> bool:
        """Whether this person reads every department (inspectors, auditors, the centre's leaders)."""
        return self.actor.role in READ_EVERYTHING

    @property
    def audits(self) -> bool:
        """Whether this person reads the read-access log, backlogs and bundles (the API's auditors)."""
        return self.actor.role in AUDIT_ROLES

    @property
    def reads_notifications(self) -> bool:
        """Whether this person reads the register of notifications (the administrator, inspectors)."""
        return self.actor.role in NOTIFICATION_READERS

    @property
    def csrf(self) -> str:
        return self.session.csrf

    def gettext(self, message: str) -> str:
        """A msgid in this person's language."""
        return i18n.language(self.language).gettext(message)

    def read(self, action: str, subject: str) -> None:
        """Record in the read-access log that this person was shown ``subject`` (``console:`` actions)."""
        self.views.access.record(Read.by(self.actor, self.now, f"console:{action}", subject))

    def page(self, template: str, status: int = 200, **context: Any) -> Response:
        html = render(self.language, template, {"visitor": self, "csrf": self.csrf, **context})
        headers = {"Cache-Control": "no-store", "Content-Language": self.language}
        return Response(html, status_code=status, media_type="text/html; charset=utf-8", headers=headers)


def sessions_of(request: Request) -> ConsoleSessions:
    sessions: ConsoleSessions = request.app.state.console_sessions
    return sessions


def visitor(request: Request) -> Visitor:
    """The person signed in on this browser (a plain function: FastAPI runs it on its threads, as it
    reads the sessions and the directory)."""
    state = request.app.state
    now: datetime = state.clock()
    back_to = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    session = sessions_of(request).find(request.cookies.get(SESSION_COOKIE), now)
    if session is None:
        raise SignInRequired(back_to)
    ledger: CaseLedger = state.ledger
    try:
        actor = ledger.people.actor(session.person_id)
    except PersonDeactivated:
        sessions_of(request).end(session.key)
        raise SignInRequired(back_to) from None
    return Visitor(actor, session, language_of(request), ledger, state.views, now, state.settings)


VisitorDep = Annotated[Visitor, Depends(visitor)]


async def posted_form(request: Request, who: VisitorDep) -> dict[str, Any]:
    """A form's fields, once its CSRF token is the session's and it came from this site."""
    form = await request.form()
    if not same_origin(request) or not same_token(_text(form.get("csrf")), who.csrf):
        raise FormRefused
    return {key: form.getlist(key) if len(form.getlist(key)) > 1 else form.get(key) for key in form}


FormDep = Annotated[dict[str, Any], Depends(posted_form)]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def same_origin(request: Request) -> bool:
    """A form posted from a page of this server: its ``Origin`` (when the browser sends one) is ours."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return origin == f"{request.url.scheme}://{request.url.netloc}"


def sign_in_url(back_to: str) -> str:
    return f"{PREFIX}/sign-in?next={quote(back_to, safe='')}"
