"""The console's forms, derived from the commands' own definitions (``application.cases.commands``):
each field's input from the check its annotation names, and what is posted read through the API's own
request model, so a form accepts exactly what the API accepts."""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

import annotated_types
from pydantic import BaseModel, ValidationError

from application.cases.commands import (
    Accept,
    CaseCommand,
    Code,
    CompleteStep,
    GiveGuidance,
    HandOff,
    Items,
    JoinSteps,
    Range,
    ReceiveHandOff,
    RequestSupplement,
    ReturnStep,
    SignJoinedStep,
    Words,
)
from domain.errors import InvalidValue, Phrase
from interface.api.routes.case_commands import request_model
from interface.web import rules
from interface.web.words import KIND_OF, N_

# The acts a window clerk and the back office do every day, offered on a case's page.
EVERYDAY: tuple[type[CaseCommand], ...] = (
    Accept,
    RequestSupplement,
    HandOff,
    ReceiveHandOff,
    CompleteStep,
    ReturnStep,
    GiveGuidance,
    JoinSteps,
    SignJoinedStep,
)
# The acts only a case in a green channel is offered (its steps run jointly).
GREEN_CHANNEL: frozenset[type[CaseCommand]] = frozenset({GiveGuidance, JoinSteps, SignJoinedStep})
BY_PATH = {command.path: command for command in EVERYDAY}
# Each field's label, by its name in the commands.
LABELS = {
    "root_cause": N_("Root cause"),
    "action": N_("Action"),
    "owner_department": N_("Owning department"),
    "due_on": N_("Due on"),
    "effective": N_("Effective"),
    "evidence": N_("Evidence"),
    "title": N_("Title"),
    "nonconformities": N_("Nonconformities (one a line)"),
    "notice_no": N_("Notice number"),
    "missing": N_("Missing materials (one a line)"),
    "materials": N_("Materials (one a line)"),
    "to_person_id": N_("Hand to"),
    "note": N_("Note"),
    "opinion": N_("Opinion"),
    "answer": N_("Answer"),
    "guidance": N_("Guidance given"),
    "step_index": N_("Step number"),
    "reason": N_("Reason"),
    "reasons": N_("Reasons"),
    "remedies": N_("Remedies"),
    "document_no": N_("Document number"),
    "outcome": N_("Outcome"),
    "subject": N_("Subject"),
    "department": N_("Department"),
    "rule_id": N_("Rule"),
    "warning_type": N_("Warning type"),
    "content": N_("Content"),
    "case_no": N_("Case number"),
    "reference": N_("Reference"),
    "source": N_("Source"),
    "kind": N_("Kind of complaint"),
    "person_id": N_("Person"),
    "finding": N_("Finding"),
    "conclusion": N_("Conclusion"),
    "report": N_("The correction made"),
    "granted": N_("Extension granted"),
    "new_due_on": N_("New due date"),
    "verification": N_("Verification"),
    "measures": N_("Measures"),
    "satisfaction": N_("Satisfaction"),
}


@dataclass(frozen=True)
class Field:
    """One input of a form."""

    name: str
    label: str  # a msgid
    kind: str  # text, lines, person, number, date, checkbox or select
    required: bool
    max_length: int = 2000
    low: int | None = None
    high: int | None = None
    options: tuple[str, ...] = ()  # a select's values
    words: str = ""  # the kind of word a select's values are said with (``words.WORDS``)


def fields_of(command: type[Any]) -> tuple[Field, ...]:
    hints = typing.get_type_hints(command, include_extras=True)
    return tuple(_field(f.name, hints[f.name], f.default is dataclasses.MISSING) for f in dataclasses.fields(command))


def _checked(name: str, label: str, mark: object, without_default: bool) -> Field | None:
    """The input of a field whose annotation names its check (``Words``, ``Code``, ``Items``, ``Range``)."""
    if isinstance(mark, Words):
        return Field(name, label, "text", mark.required, mark.max_length)
    if isinstance(mark, Code):
        return Field(name, label, "person", True, 64)
    if isinstance(mark, Items):
        return Field(name, label, "lines", mark.min_items > 0)
    if isinstance(mark, Range):
        return Field(name, label, "number", without_default, low=mark.low, high=mark.high)
    return None


def _field(name: str, hint: Any, without_default: bool) -> Field:
    label = LABELS.get(name, name)
    base, *marks = typing.get_args(hint) if typing.get_origin(hint) is Annotated else (hint,)
    for mark in marks:
        if checked := _checked(name, label, mark, without_default):
            return checked
    if base is bool:
        return Field(name, label, "checkbox", False)
    if base is date:
        return Field(name, label, "date", without_default)
    if isinstance(base, type) and issubclass(base, enum.Enum):
        options = tuple(str(member.value) for member in base)
        return Field(name, label, "select", without_default, options=options, words=KIND_OF.get(base, ""))
    return Field(name, label, "text", without_default)


def read(command: type[Any], posted: dict[str, Any]) -> Any:
    """The command a form asks for, checked by the API's request model for it (``InvalidValue`` names
    what is wrong)."""
    values: dict[str, Any] = {}
    for field in fields_of(command):
        given = posted.get(field.name)
        text = given if isinstance(given, str) else ""
        if field.kind == "lines":
            values[field.name] = [line.strip() for line in text.splitlines() if line.strip()]
        elif field.kind == "checkbox":
            values[field.name] = given is not None
        elif text.strip() or field.required:
            values[field.name] = text
    try:
        model = request_model(command).model_validate(values)
    except ValidationError as error:
        raise refused(error) from None
    checked = model.model_dump(exclude={"occurred_at"})
    return command(**{k: tuple(v) if isinstance(v, list) else v for k, v in checked.items()})


def version_of(posted: dict[str, Any]) -> int:
    """The version of the record a form was filled in on (a form sent twice, or after someone else
    acted, is refused by it: 412)."""
    given = posted.get("version")
    if not isinstance(given, str) or not given.isdigit() or len(given) > 9:
        raise InvalidValue("the form does not say which version of the record it was filled in on")
    return int(given)


def refused(error: ValidationError) -> InvalidValue:
    """What a request model found wrong with a form, as the rule it breaks (422), each field by its
    label and each problem in the catalogue's words."""

    def label(where: tuple[int | str, ...]) -> Phrase:
        name = str(where[-1]) if where else ""
        return Phrase(LABELS.get(name, name))

    return InvalidValue("please correct: {problems}", problems=rules.request_problems(error.errors(), label))


def model_fields(model: type[BaseModel]) -> tuple[Field, ...]:
    """The inputs of a request model's form (a record's step: a corrective action's, say; opening a
    record). The business time is the console's own (now), never a field."""
    found = []
    for name, info in model.model_fields.items():
        if name == "occurred_at":
            continue
        label, required = LABELS.get(name, name), info.is_required()
        hint = _without_none(info.annotation)
        if hint is bool:
            found.append(Field(name, label, "checkbox", False))
        elif hint is date:
            found.append(Field(name, label, "date", required))
        elif typing.get_origin(hint) is list:
            found.append(Field(name, label, "lines", required))
        elif isinstance(hint, type) and issubclass(hint, enum.Enum):
            options = tuple(str(member.value) for member in hint)
            found.append(Field(name, label, "select", required, options=options, words=KIND_OF.get(hint, "")))
        else:
            longest = next((m.max_length for m in info.metadata if isinstance(m, annotated_types.MaxLen)), 2000)
            found.append(Field(name, label, "text", required, longest))
    return tuple(found)


def _without_none(hint: Any) -> Any:
    """``X`` of ``X | None`` (and of ``Annotated[X, ...]``)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        rest = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        hint = rest[0] if len(rest) == 1 else hint
    return typing.get_args(hint)[0] if typing.get_origin(hint) is Annotated else hint


Model = typing.TypeVar("Model", bound=BaseModel)


def read_model(model: type[Model], posted: dict[str, Any]) -> Model:
    """A form as ``model`` reads it (``InvalidValue`` names what is wrong)."""
    values: dict[str, Any] = {}
    for field in model_fields(model):
        given = posted.get(field.name)
        text = given.strip() if isinstance(given, str) else ""
        if field.kind == "lines":
            values[field.name] = [line.strip() for line in text.splitlines() if line.strip()]
        elif field.kind == "checkbox":
            values[field.name] = given is not None
        elif text or field.required:
            values[field.name] = text
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise refused(error) from None
