"""The command lane: well-formed case commands served without the framework's per-request machinery.

Case commands are the server's busiest requests, and on each one FastAPI spent more of the worker's
time than the command itself: its routing, dependency solver, body and response handling. The lane is
the innermost layer of the application's middleware stack (every middleware outside it sees every
request, commands included). It serves the routes whose endpoints take only path parameters, one body
model, the ``Command`` and the ``Response``, and calls those same endpoint functions, so a command has
one definition and one OpenAPI description.

It takes only what it can fully check itself: a JSON body within the size limit and valid for the
route's model, path parameters valid for their declared constraints, ``Authorization: Bearer``, and
headers within their declared lengths. Anything else (an invalid or oversized body, a missing token,
an overlong header) it hands to the framework untouched, body included, so that every refusal keeps
the framework's exact answer. Domain errors from the command itself become the same problem
documents as on the framework's path, and an unexpected error the same 500.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
import typing
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, FastAPI, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, TypeAdapter, ValidationError
from starlette.types import ASGIApp, Receive, Scope, Send

from domain.errors import DomainError
from interface.api.deps import CommandDep, CommandRequest, command_for
from interface.api.problems import ProblemError, domain_problem, internal_problem, web_problem
from interface.api.request_guard import read_body, replaying

LOG = logging.getLogger(__name__)

# The command headers' declared limits (deps: CentreHeader, IdempotencyHeader): beyond them the
# framework answers, with its own 422.
HEADER_LIMITS = {b"x-centre": 24, b"idempotency-key": 200}
JSON_CONTENT_TYPE = (b"content-type", b"application/json")
JSON_TYPE = re.compile(r"^application/(?:[\w.+-]+\+)?json\s*(?:;.*)?$", re.IGNORECASE)


class FallBack(Exception):
    """The lane cannot fully check this request: the framework serves it."""


@dataclass(frozen=True)
class LaneRoute:
    """A command route as the lane calls it: the endpoint and how to fill each of its parameters."""

    route: APIRoute
    body_name: str
    body_model: type[BaseModel]
    command_name: str
    response_name: str | None
    path_params: dict[str, TypeAdapter[Any]]
    response_model: type[BaseModel]

    @property
    def endpoint(self) -> Callable[..., Awaitable[Any]]:
        return self.route.endpoint

    @classmethod
    def of(cls, route: APIRoute) -> LaneRoute | None:
        """The lane's view of ``route``, or None when its endpoint takes anything else."""
        if not inspect.iscoroutinefunction(route.endpoint) or not _is_model(route.response_model):
            return None
        hints = typing.get_type_hints(route.endpoint, include_extras=True)
        body: dict[str, type[BaseModel]] = {}
        command = response = None
        path_params: dict[str, TypeAdapter[Any]] = {}
        for name in inspect.signature(route.endpoint).parameters:
            hint = hints.get(name)
            if hint == CommandDep:
                command = name
            elif hint is Response:
                response = name
            elif name in route.param_convertors and hint is not None:
                path_params[name] = TypeAdapter(hint)
            elif _is_model(hint):
                body[name] = hint
            else:
                return None
        if command is None or len(body) != 1 or set(path_params) != set(route.param_convertors):
            return None
        [(body_name, body_model)] = body.items()
        return cls(route, body_name, body_model, command, response, path_params, route.response_model)


def _is_model(hint: Any) -> typing.TypeGuard[type[BaseModel]]:
    return isinstance(hint, type) and issubclass(hint, BaseModel)


class CommandLane:
    """ASGI middleware serving ``api``'s command routes itself (see the module's docstring); ``app`` (the
    rest of the stack: the router) serves everything else, and ``max_body_bytes`` is the body limit it
    checks again (the request guard outside it has already answered a larger body with a 413)."""

    def __init__(self, app: ASGIApp, api: FastAPI, routers: Sequence[APIRouter], max_body_bytes: int) -> None:
        self.app, self.api, self.max_body_bytes = app, api, max_body_bytes
        self.routes: dict[str, list[LaneRoute]] = {}
        for router in routers:  # included in ``api`` as they are, without a prefix of their own
            for route in router.routes:
                if isinstance(route, APIRoute) and (lane := LaneRoute.of(route)) is not None:
                    for method in route.methods or ():
                        self.routes.setdefault(method, []).append(lane)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for lane in self.routes.get(scope["method"], ()):
            match = lane.route.path_regex.match(scope["path"])
            if match is not None:
                await self._serve(lane, match.groupdict(), scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _serve(self, lane: LaneRoute, path: dict[str, str], scope: Scope, receive: Receive, send: Send) -> None:
        read = await read_body(receive, self.max_body_bytes)
        if read is None:
            return  # the client went away
        body, complete = read
        try:
            if not complete:
                raise FallBack  # over the limit: the framework answers 413
            said, arguments = _read(lane, path, scope, body)
        except FallBack:
            await self.app(scope, replaying(body, complete, receive), send)
            return
        instance = scope["path"]
        sub_response = Response()  # the headers and status the endpoint sets, as the framework gives it
        del sub_response.headers["content-length"]
        sub_response.status_code = None  # type: ignore[assignment] # unset unless the endpoint sets it
        try:
            arguments[lane.command_name] = await command_for(self.api.state, said, sub_response)
            if lane.response_name:
                arguments[lane.response_name] = sub_response
            result = await lane.endpoint(**arguments)
        except DomainError as error:
            await domain_problem(error, instance, _accept_language(scope))(scope, receive, send)
            return
        except ProblemError as error:
            await web_problem(error, instance, _accept_language(scope))(scope, receive, send)
            return
        except Exception:  # a bug: answered as the framework answers one, and logged
            LOG.exception("%s %s failed", scope["method"], instance)
            await internal_problem(instance)(scope, receive, send)
            return
        model = lane.response_model
        if type(result) is not model:
            result = model.model_validate(result, from_attributes=True)
        # Sent as the framework's JSON response would be (same headers, in the same order), without
        # building a second response object for it.
        body = result.model_dump_json(by_alias=True).encode()
        headers = [(b"content-length", b"%d" % len(body)), JSON_CONTENT_TYPE, *sub_response.headers.raw]
        status = sub_response.status_code or lane.route.status_code or 200
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _read(lane: LaneRoute, path: dict[str, str], scope: Scope, body: bytes) -> tuple[CommandRequest, dict[str, Any]]:
    """The request as the command and the endpoint take it; ``FallBack`` if any part fails a check."""
    headers: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        headers.setdefault(name, value)  # the first of repeated headers, as the framework reads them
    if not JSON_TYPE.match(headers.get(b"content-type", b"").decode("latin-1")) or not body:
        raise FallBack
    if any(len(headers.get(name, b"")) > limit for name, limit in HEADER_LIMITS.items()):
        raise FallBack
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise FallBack
    try:
        arguments: dict[str, Any] = {
            name: adapter.validate_python(path[name]) for name, adapter in lane.path_params.items()
        }
        arguments[lane.body_name] = lane.body_model.model_validate(json.loads(body))
    except (ValidationError, ValueError):  # ValueError: not JSON at all
        raise FallBack from None

    def header(name: bytes) -> str | None:
        value = headers.get(name)
        return value.decode("latin-1") if value is not None else None

    said = CommandRequest(
        scope["method"],
        scope["path"],
        body,
        token,
        header(b"x-centre"),
        header(b"if-match"),
        header(b"idempotency-key"),
    )
    return said, arguments


def _accept_language(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"accept-language":
            return bytes(value).decode("latin-1")
    return None
