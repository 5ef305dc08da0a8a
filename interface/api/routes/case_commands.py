"""The case commands' routes, derived from their definitions (``application.cases.commands``).

For each command: ``POST /cases/{case_no}/{path}``, a request model (``<Command>In``: the command's
fields with the checks their annotations name, and ``occurred_at``), the summary and example from the
command, tagged with its phase. The endpoint builds the command from the body and runs it like every
other (``Command.run``: business time, expected version, idempotency key, the server's command threads).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import Field, StringConstraints, create_model

from application.cases.commands import CASE_COMMANDS, CaseCommand, Code, Items, Range, Words
from interface.api.deps import Command, CommandDep
from interface.api.problems import COMMAND_PROBLEMS
from interface.api.routes.paths import CaseNo
from interface.api.schemas.base import Code as CodeText
from interface.api.schemas.base import Required, Timed
from interface.api.schemas.views import CommandOut

router = APIRouter(prefix="/cases", responses=COMMAND_PROBLEMS)


def field_type(hint: Any) -> Any:
    """The request model's type for a command field: its checks (``Words``, ``Code``, ``Items``, ``Range``)
    as pydantic constraints; enums, booleans and numbers as they are."""
    if typing.get_origin(hint) is not Annotated:
        return hint
    base, *marks = typing.get_args(hint)
    for mark in marks:
        if isinstance(mark, Words):
            text = StringConstraints(
                min_length=1 if mark.required else 0, max_length=mark.max_length, strip_whitespace=True
            )
            return Annotated[str, text]
        if isinstance(mark, Code):
            return CodeText
        if isinstance(mark, Items):
            return Annotated[list[Required], Field(min_length=mark.min_items, max_length=mark.max_items)]
        if isinstance(mark, Range):
            return Annotated[int, Field(ge=mark.low, le=mark.high)]
    return base


def request_model(command: type[Any]) -> type[Timed]:
    """``<Command>In``: a command's fields (a case's or another record's), checked, with ``occurred_at``."""
    hints = typing.get_type_hints(command, include_extras=True)
    fields: dict[str, Any] = {}
    for field in dataclasses.fields(command):
        if field.default is not dataclasses.MISSING:
            default: Any = list(field.default) if isinstance(field.default, tuple) else field.default
            fields[field.name] = (field_type(hints[field.name]), Field(default=default))
        else:
            fields[field.name] = (field_type(hints[field.name]), ...)
    model: type[Timed] = create_model(
        f"{command.__name__}In",
        __base__=Timed,
        __doc__=command.__doc__,
        **fields,
    )
    if command.example:
        model.model_config["json_schema_extra"] = {"examples": [command.example]}
    return model


def endpoint(command: type[CaseCommand], model: type[Timed]) -> Callable[..., Awaitable[CommandOut]]:
    """The route's endpoint: the command built from the body, run for the authenticated person."""

    async def run(case_no: str, body: Timed, cmd: Command) -> CommandOut:
        values = {
            name: tuple(value) if isinstance(value, list) else value
            for name, value in body.model_dump(exclude={"occurred_at"}).items()
        }
        act = command(**values)
        return await cmd.run(
            body.occurred_at,
            lambda at, version: cmd.ledger.cases.handle(case_no, act, at=at, by=cmd.user, expected_version=version),
        )

    # The framework (and the command lane) read the parameters' real types from the annotations.
    run.__annotations__ = {"case_no": CaseNo, "body": model, "cmd": CommandDep, "return": CommandOut}
    run.__name__ = run.__qualname__ = _snake(command.__name__)
    run.__doc__ = command.__doc__
    return run


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


for _command in CASE_COMMANDS:
    _model = request_model(_command)
    router.add_api_route(
        f"/{{case_no}}/{_command.path}",
        endpoint(_command, _model),
        methods=["POST"],
        summary=_command.summary(),
        tags=[_command.phase],
        response_model=CommandOut,
    )
