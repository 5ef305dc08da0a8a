"""Typed dependencies of the routes: the ledger, the authenticated user, business time, preconditions.

Dependencies that never block are ``async def``: FastAPI runs a plain ``def`` dependency in its thread
pool, and a hop to a worker thread per dependency costs more than the work itself. Only what touches
the database runs on threads: a first authentication and the queries in FastAPI's pool, the commands
on the server's own command threads (``Command.run``), which cost less per hop than the framework's.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Protocol, TypeVar

from fastapi import Depends, Header, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import State

from application.access_log import Read
from application.dto import CommandResult
from application.idempotency import IdempotencyKey
from application.ledger import CaseLedger
from application.people import Unauthenticated
from domain.case.access import AccessDenied
from domain.organisation.actors import Actor, Role
from interface.api.centres import CENTRE_HEADER, Centres
from interface.api.command_threads import CommandThreads
from interface.api.problems import ProblemError
from interface.api.schemas.views import CommandOut
from interface.composition import Views

bearer = HTTPBearer(auto_error=False, description="a token from `caseledger users add`")
CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of the server a client's business time may be
ETAG = re.compile(r'^\s*"?(\d{1,9})"?\s*$')


CentreHeader = Annotated[
    str | None, Header(alias=CENTRE_HEADER, max_length=24, description="the centre, on a server that holds several")
]
IfMatchHeader = Annotated[str | None, Header(alias="If-Match", description='the case version as an ETag, e.g. "3"')]
IdempotencyHeader = Annotated[
    str | None, Header(alias="Idempotency-Key", max_length=200, description="repeat a command safely")
]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


async def store_of(state: State, centre: str | None) -> tuple[CaseLedger, Views]:
    """The ledger and views a request works on: the server's own, or those of its ``X-Centre``."""
    centres: Centres | None = state.centres
    if centres is None:
        return state.ledger, state.views
    if centres.is_open(centre):
        return centres.get(centre)
    return await run_in_threadpool(centres.get, centre)  # opening a centre connects to the database


async def get_store(request: Request, centre: CentreHeader = None) -> tuple[CaseLedger, Views]:
    return await store_of(request.app.state, centre)


StoreDep = Annotated[tuple[CaseLedger, Views], Depends(get_store)]


async def get_ledger(store: StoreDep) -> CaseLedger:
    return store[0]


async def get_now(request: Request) -> datetime:
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


LedgerDep = Annotated[CaseLedger, Depends(get_ledger)]
NowDep = Annotated[datetime, Depends(get_now)]


async def user_of(ledger: CaseLedger, token: str | None) -> Actor:
    """The person whose bearer ``token`` this is."""
    if token is None:
        raise Unauthenticated("send 'Authorization: Bearer <token>'")
    # A token seen in the last seconds is answered here; only a fresh sign-in reads the database.
    remembered = ledger.people.signed_in(token)
    if remembered is not None:
        return remembered
    actor: Actor = await run_in_threadpool(ledger.people.authenticate, token)
    return actor


async def current_user(ledger: LedgerDep, credentials: Credentials) -> Actor:
    return await user_of(ledger, credentials.credentials if credentials else None)


UserDep = Annotated[Actor, Depends(current_user)]


def require(*roles: Role) -> Callable[[Actor], Awaitable[Actor]]:
    """A dependency admitting only ``roles``."""

    async def check(user: UserDep) -> Actor:
        if user.role not in roles:
            raise AccessDenied(
                "this needs the role {allowed}; {name} is a {role}",
                allowed=tuple(roles),
                name=user.name,
                role=user.role,
            )
        return user

    return check


AdminDep = Annotated[Actor, Depends(require(Role.ADMINISTRATOR))]


def expected_version(if_match: str | None) -> int | None:
    if if_match is None or if_match.strip() == "*":
        return None
    if if_match.strip().startswith("W/"):  # RFC 9110 13.1.1: If-Match compares strongly; a weak tag never matches
        raise ProblemError(
            412, "weak-if-match", "Weak ETag in If-Match", "'{if_match}' is weak: it never matches", if_match=if_match
        )
    match = ETAG.match(if_match)
    if match is None:
        raise ProblemError(
            422, "invalid-if-match", "Invalid If-Match", "'{if_match}' is not a case version ETag", if_match=if_match
        )
    return int(match.group(1))


@dataclass(frozen=True)
class CommandRequest:
    """What a command request says besides its body model: its headers, as the routes declare them,
    and the exact bytes an idempotency key is bound to."""

    method: str
    path: str
    body: bytes
    token: str | None
    centre: str | None
    if_match: str | None
    idempotency_key: str | None


async def command_for(state: State, request: CommandRequest, response: Response) -> Command:
    """The ``Command`` of a request: its ledger, the signed-in user, the server's time, preconditions."""
    ledger = (await store_of(state, request.centre))[0]
    user = await user_of(ledger, request.token)
    key = request.idempotency_key
    return Command(
        ledger,
        user,
        state.clock(),
        expected_version(request.if_match),
        IdempotencyKey.of(user.person_id, key, request.method, request.path, request.body) if key else None,
        response,
        state.command_threads,
    )


class Outcome(Protocol):
    """What a command of any record reached: its version (the ETag), and whether a key replayed it."""

    @property
    def version(self) -> int: ...

    @property
    def replayed(self) -> bool: ...


Acted = TypeVar("Acted", bound=Outcome)


@dataclass
class Command:
    """What every case command needs besides its body: who, when, and its preconditions."""

    ledger: CaseLedger
    user: Actor
    now: datetime
    expected_version: int | None
    idempotency: IdempotencyKey | None
    response: Response
    threads: CommandThreads

    def at(self, occurred_at: datetime | None) -> datetime:
        if occurred_at is None:
            return self.now
        if occurred_at > self.now + CLOCK_SKEW:
            raise ProblemError(
                422, "business-time-in-future", "Business time in the future", "occurred_at is after now"
            )
        return occurred_at

    async def run(
        self, occurred_at: datetime | None, command: Callable[[datetime, int | None], CommandResult]
    ) -> CommandOut:
        """Run a case command (``execute``) and answer what it reached."""
        return CommandOut.of(await self.execute(occurred_at, command, self.ledger.cases.once))

    async def execute(
        self,
        occurred_at: datetime | None,
        command: Callable[[datetime, int | None], Acted],
        once: Callable[[IdempotencyKey, Callable[[], Acted]], Acted],
    ) -> Acted:
        """Run a command of any record (a case's, an order's) on the server's command threads: it may read
        the store and waits for its group commit, while the event loop goes on serving other requests.
        ``once`` runs it under the request's idempotency key, if it has one."""
        at = self.at(occurred_at)

        def attempt() -> Acted:
            return command(at, self.expected_version)

        def perform() -> Acted:
            return once(self.idempotency, attempt) if self.idempotency else attempt()

        result = await self.threads.run(perform)
        self.response.headers["ETag"] = f'"{result.version}"'
        if result.replayed:
            self.response.headers["Idempotent-Replayed"] = "true"
        return result


async def command_context(
    request: Request,
    response: Response,
    credentials: Credentials,
    centre: CentreHeader = None,
    if_match: IfMatchHeader = None,
    key: IdempotencyHeader = None,
) -> Command:
    """What a command needs, resolved as one dependency: the framework spends more on each dependency
    than most of them do on their work (most commands take the command lane instead, ``command_lane``)."""
    body = await request.body() if key is not None else b""
    token = credentials.credentials if credentials else None
    said = CommandRequest(request.method, request.url.path, body, token, centre, if_match, key)
    return await command_for(request.app.state, said, response)


CommandDep = Annotated[Command, Depends(command_context)]


async def get_views(store: StoreDep) -> Views:
    return store[1]


ViewsDep = Annotated[Views, Depends(get_views)]


async def read_log(views: ViewsDep, user: UserDep, now: NowDep) -> Callable[[str, str], None]:
    """Records a read of a case or report by the authenticated user (the read-access log)."""
    access = views.access

    def record(action: str, subject: str) -> None:
        access.record(Read.by(user, now, action, subject))

    return record


ReadLogDep = Annotated[Callable[[str, str], None], Depends(read_log)]
AUDIT_ROLES = (Role.AUDITOR, Role.INSPECTOR)  # who reads the read-access log, backlogs and bundles
AuditorDep = Annotated[Actor, Depends(require(*AUDIT_ROLES))]
