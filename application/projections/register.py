"""A register of one kind of record (supervision orders, complaints): one row per record, kept as the view's
state too. The record's first event makes its row; each later event changes it through the view's handlers."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from application.projections.base import Context, Handlers, Projection, Recorded, Table, ViewWriter


class Register(Projection):
    """``table`` is the register's one table (and ``tables`` holds it); ``handlers`` change its row for the
    events after the first. Rows are written under the table's own name, which a rebuild maps to the table
    it folds into (``base.rebuilding`` renames ``tables``, not ``table``)."""

    table: ClassVar[Table]
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
        view.set_state(recorded.key, row)
        view.upsert(self.table.name, {column: row[column] for column in self.table.column_names})
