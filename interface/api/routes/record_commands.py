"""The routes of a record's commands (a supervision order's, a complaint's), derived from their definitions as
the case commands' are: ``POST /{records}/{number}/{path}`` with the request model of the command's fields,
business time, ``If-Match`` (the record's version) and ``Idempotency-Key``."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from application.supervision.records import Acted
from interface.api.deps import Command, CommandDep
from interface.api.routes.case_commands import request_model
from interface.api.schemas.base import Timed


class RecordOut(BaseModel):
    """What a command on a record reached (each record's model names its number)."""

    @classmethod
    def of(cls, acted: Acted) -> RecordOut:
        raise NotImplementedError


Service = Callable[[Command], Any]  # the ledger's service of the record, for a request (``handle``, ``once``)


def add_command_routes(
    router: APIRouter,
    commands: tuple[type[Any], ...],
    number: tuple[str, Any],
    service: Service,
    out: type[RecordOut],
) -> None:
    """One route per command of ``commands`` on ``router``; ``number`` is the path parameter's name and type."""
    name, annotation = number
    for command in commands:
        model = request_model(command)
        router.add_api_route(
            f"/{{{name}}}/{command.path}",
            _endpoint(command, model, name, annotation, service, out),
            methods=["POST"],
            summary=command.summary(),
            response_model=out,
        )


def _endpoint(
    command: type[Any],
    model: type[Timed],
    name: str,
    annotation: Any,
    service: Service,
    out: type[RecordOut],
) -> Callable[..., Awaitable[BaseModel]]:
    async def run(**given: Any) -> BaseModel:
        body: Timed = given["body"]
        cmd: Command = given["cmd"]
        values = {
            k: tuple(v) if isinstance(v, list) else v for k, v in body.model_dump(exclude={"occurred_at"}).items()
        }
        act = command(**values)
        records = service(cmd)

        def handle(at: datetime, version: int | None) -> Acted:
            return records.handle(given[name], act, at=at, by=cmd.user, expected_version=version)  # type: ignore[no-any-return]

        return out.of(await cmd.execute(body.occurred_at, handle, records.once))

    keyword = inspect.Parameter.KEYWORD_ONLY
    run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(name, keyword, annotation=annotation),
            inspect.Parameter("body", keyword, annotation=model),
            inspect.Parameter("cmd", keyword, annotation=CommandDep),
        ]
    )
    run.__name__ = run.__qualname__ = f"{command.__name__}"
    run.__doc__ = command.__doc__
    return run
