"""A register of one kind of record (supervision orders, complaints): one row per record, kept as the view's
state too. The record's first event makes its row; each later event changes it through the view's handlers."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from application.projections.base import Context, Handlers, Projection, Recorded, ViewWriter


class Register(Projection):
    """``tables`` holds the register's one table; ``handlers`` change its row for the events after the first."""

    handlers: ClassVar[Handlers]

    @abstractmethod
    def opened(self, event: Any, recorded: Recorded) -> dict[str, Any] | None:
        """The row a record's first event makes (None for any other event)."""

    def apply(self, recorded: Recorded, view: ViewWriter, context: Context) -> None:
        event = recorded.event
        row = self.opened(event, recorded)
        if row is None:
            row = view.state(recorded.key)
            if row is None:
                return
            handler = self.handlers.get(type(event))
            if handler is not None:
                handler(row, event, recorded.at)
        [table] = self.tables
        view.set_state(recorded.key, row)
        view.upsert(table.name, {column: row[column] for column in table.column_names})
