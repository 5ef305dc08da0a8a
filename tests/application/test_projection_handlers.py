"""A projection's handlers are registered for the event classes their ``event`` parameter names, so the
type checker's view of a handler is the one it runs with."""

from __future__ import annotations

import typing
from types import ModuleType, UnionType

import pytest

from application.projections import case_list, complaints, orders, quality, responsibility
from application.projections.base import Handlers


def handler_tables(module: ModuleType) -> list[Handlers]:
    return [value for value in vars(module).values() if isinstance(value, Handlers)]


@pytest.mark.parametrize("module", [case_list, complaints, orders, quality, responsibility], ids=lambda m: m.__name__)
def test_every_handler_takes_the_classes_it_is_registered_for(module: ModuleType) -> None:
    tables = handler_tables(module)
    assert tables, f"{module.__name__} dispatches through a Handlers table"
    for table in tables:
        assert table.by_class
        for cls, handler in table.by_class.items():
            hint = typing.get_type_hints(handler, vars(module))["event"]
            named = set(typing.get_args(hint)) if isinstance(hint, UnionType) else {hint}
            assert cls in named, f"{handler.__name__} is registered for {cls.__name__} but takes {hint}"


def test_a_class_gets_one_handler() -> None:
    table = Handlers()

    @table(int)
    def first(event: int) -> None: ...

    with pytest.raises(ValueError, match="already has a handler"):

        @table(int)
        def second(event: int) -> None: ...
