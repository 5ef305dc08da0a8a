"""A broken rule said in the reader's language: the problem detail of a ``DomainError``.

The domain raises each rule with a template and its values (``domain.errors``); here the template is
translated as a msgid of the catalogue, each enum value by its glossary word (``words.KIND_OF``), each
``Phrase`` as a template of its own, and the values are filled in. A translation that does not fit its
values (a catalogue mistake) falls back to the English sentence rather than failing the answer.

What a request model finds wrong (pydantic's errors) is said so too: ``request_problems``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from pydantic_core import ErrorDetails

from domain.errors import Phrase, in_english
from interface.web.words import KIND_OF, N_, Speaks, say


class Said(Protocol):
    """A message with its template and values: a ``DomainError``, or a problem of the web layer's."""

    @property
    def template(self) -> str: ...

    @property
    def values(self) -> Mapping[str, object]: ...

    @property
    def message(self) -> str: ...


# What a request model finds wrong with a field, by pydantic's error type, in the catalogue's words
# (another type is said in pydantic's English).
PROBLEMS = {
    "missing": N_("this is required"),
    "string_too_short": N_("at least {min_length} characters"),
    "string_too_long": N_("at most {max_length} characters"),
    "too_short": N_("at least {min_length} entries"),
    "too_long": N_("at most {max_length} entries"),
    "int_parsing": N_("a whole number, please"),
    "int_from_float": N_("a whole number, please"),
    "date_parsing": N_("a day such as 2025-06-30, please"),
    "date_from_datetime_parsing": N_("a day such as 2025-06-30, please"),
    "datetime_parsing": N_("a moment such as 2025-06-30T16:00, please"),
    "datetime_from_date_parsing": N_("a moment such as 2025-06-30T16:00, please"),
    "greater_than_equal": N_("at least {ge}"),
    "less_than_equal": N_("at most {le}"),
    "greater_than": N_("more than {gt}"),
    "less_than": N_("less than {lt}"),
    "enum": N_("one of {expected}"),
    "literal_error": N_("one of {expected}"),
    "string_pattern_mismatch": N_("not in the expected form"),
}


PLEASE_CORRECT = N_("please correct: {problems}")


@dataclass(frozen=True)
class Message:
    """A message said in English as ``message`` where no language is asked (as the API always said it),
    and from ``template`` and ``values`` where one is."""

    template: str
    values: Mapping[str, object]
    message: str


def request_problems(
    errors: Sequence[ErrorDetails], field: Callable[[tuple[int | str, ...]], str]
) -> tuple[Phrase, ...]:
    """What a request model found wrong (the first five), each field as ``field`` names it and each
    problem in the catalogue's words."""
    said = []
    for found in errors[:5]:
        template = PROBLEMS.get(found["type"])
        values = {k: v for k, v in (found.get("ctx") or {}).items() if isinstance(v, str | int | float)}
        try:
            problem = Phrase(template, **values) if template else found["msg"]
        except (KeyError, IndexError):  # a context without a value the words need
            problem = found["msg"]
        said.append(Phrase(N_("{field}: {problem}"), field=field(tuple(found["loc"])), problem=problem))
    return tuple(said)


def detail(error: Said, language: Speaks) -> str:
    """What ``error`` says, in ``language``."""
    return _said(error.template, error.values, language)


def _said(template: str, values: Mapping[str, object], language: Speaks) -> str:
    translated = language.gettext(template)
    if not values:
        return translated
    try:
        return translated.format_map({name: _value(value, language) for name, value in values.items()})
    except (KeyError, IndexError, ValueError):
        return in_english(template, values)


def _value(value: object, language: Speaks) -> object:
    if isinstance(value, tuple):
        return language.gettext(N_(", ")).join(str(_value(each, language)) for each in value)
    if isinstance(value, Phrase):
        return _said(value.template, value.values, language)
    if isinstance(value, enum.Enum):
        kind = KIND_OF.get(type(value))
        return say(language, kind, value.value) if kind else value.value
    return value
