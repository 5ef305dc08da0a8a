"""What a projection is: tables it owns, the events it reads, and how one event changes its rows.

A projection reads only its own view (its rows and its per-key state), never the write model, and its
rows are written together with its tracking position in one transaction by a ``ViewStore``, so a
replay gives the same answer and a crash never duplicates a row.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, ClassVar, Protocol, TypeVar

from domain.calendar.working_days import WorkingDays
from domain.case.alerts import WarningPolicy


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text | int | real | bool | date | timestamp


@dataclass(frozen=True)
class Index:
    """An index of a view table; ``include`` adds columns that a report then reads from the index alone,
    ``where`` makes it a partial index of the rows that match (SQL both backends read alike)."""

    columns: tuple[str, ...]
    include: tuple[str, ...] = ()
    where: str = ""

    @property
    def shape(self) -> str:
        include = f"+{','.join(self.include)}" if self.include else ""
        return ",".join(self.columns) + include + (f" where {self.where}" if self.where else "")


@dataclass(frozen=True)
class Table:
    """A view table: its columns, primary key and the indexes its queries need."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    indexes: tuple[Index, ...] = ()

    @cached_property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @cached_property
    def shape(self) -> str:
        """The table's definition as text: a view whose shape changed is rebuilt."""
        columns = ",".join(f"{c.name}:{c.kind}" for c in self.columns)
        indexes = ";".join(i.shape for i in self.indexes)
        return f"{self.name}({columns}) key({','.join(self.key)}) indexes({indexes})"


def table(
    name: str, /, key: tuple[str, ...], indexes: tuple[tuple[str, ...] | Index, ...] = (), **columns: str
) -> Table:
    """A view table; each index is an ``Index`` or just its columns."""
    made = tuple(i if isinstance(i, Index) else Index(i) for i in indexes)
    return Table(name, tuple(Column(n, k) for n, k in columns.items()), key, made)


class ViewWriter(Protocol):
    """The changes one batch makes to a view, committed with its position."""

    def state(self, key: str) -> dict[str, Any] | None: ...

    def set_state(self, key: str, state: dict[str, Any]) -> None: ...

    def upsert(self, table: str, row: Mapping[str, Any]) -> None: ...

    def delete(self, table: str, key: Mapping[str, Any]) -> None: ...

    def add(self, table: str, row: Mapping[str, Any], amounts: Mapping[str, int]) -> None:
        """Add ``amounts`` to the counters of the row with ``row``'s key (made from ``row``, counters
        at 0, if there is none): totals kept as the events come."""

    def update(self, table: str, match: Mapping[str, Any], values: Mapping[str, Any]) -> None:
        """Set ``values`` on every row matching ``match`` (after this batch's upserts)."""


@dataclass(frozen=True)
class Recorded:
    """An event as the log recorded it: its position, and its aggregate's id as text. Projections
    dispatch on the event's class (``Handlers``)."""

    position: int
    event: Any
    key: str  # str(event.originator_id), made once per event rather than once per view
    at: str | None  # when it happened (``occurred_at``) as ISO text, likewise made once


@dataclass(frozen=True)
class Context:
    """What projections may consult besides their own view: the legal calendar and the thresholds."""

    calendar: WorkingDays
    policy: WarningPolicy


H = TypeVar("H", bound=Callable[..., object])


class Handlers:
    """A projection's handlers by the class of the event each takes: ``on = Handlers()``, then
    ``@on(intake.Accepted, intake.DeemedAccepted)`` over a function whose ``event`` parameter is typed
    with those classes. An event finds its handler in one dictionary lookup, by its exact class."""

    def __init__(self) -> None:
        self.by_class: dict[type, Callable[..., Any]] = {}

    def __call__(self, *classes: type) -> Callable[[H], H]:
        def register(handler: H) -> H:
            for cls in classes:
                if cls in self.by_class:
                    raise ValueError(f"{cls.__name__} already has a handler: {self.by_class[cls].__name__}")
                self.by_class[cls] = handler
            return handler

        return register

    def get(self, cls: type) -> Callable[..., Any] | None:
        return self.by_class.get(cls)


class Projection(ABC):
    """One view. ``events`` names the event classes it reads (``None``: every event)."""

    name: ClassVar[str]
    tables: ClassVar[tuple[Table, ...]]
    events: ClassVar[tuple[type, ...] | None] = None

    @cached_property
    def reads(self) -> dict[type, bool]:
        """Whether the projection reads an event of this class (decided once per class)."""
        return _Reads(self.events)

    @property
    def physical(self) -> dict[str, Table]:
        """The tables its rows are written to, by the names ``apply`` uses (a rebuild's are others)."""
        return {t.name: t for t in self.tables}

    def keys(self, batch: Iterable[Recorded]) -> set[str]:
        """The state keys a batch will touch (read ahead in one query)."""
        return {r.key for r in batch}

    @abstractmethod
    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        """Change the view's rows and state for one event."""


class _Reads(dict[type, bool]):
    def __init__(self, events: tuple[type, ...] | None) -> None:
        super().__init__()
        self.events = events

    def __missing__(self, cls: type) -> bool:
        self[cls] = read = self.events is None or issubclass(cls, self.events)
        return read


REBUILDING = "#next"  # a view's name while it is rebuilt beside the one that serves
REBUILT_TABLE = "__next"  # its tables' names meanwhile


def rebuilding(projection: Projection) -> Projection:
    """The same projection folding into tables, state and a position of its own beside the live view's,
    so that the live view serves until the rebuild is complete (then ``ViewStore.switch`` swaps them)."""
    cls = type(projection)
    tables = tuple(replace(t, name=t.name + REBUILT_TABLE) for t in cls.tables)
    physical = dict(zip((t.name for t in cls.tables), tables, strict=True))
    shadow = type(
        f"Rebuilding{cls.__name__}",
        (cls,),
        {"name": cls.name + REBUILDING, "tables": tables, "physical": property(lambda _: physical)},
    )
    made: Projection = shadow()
    return made
