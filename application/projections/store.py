"""The port a view store implements (SQLite or PostgreSQL tables beside the events)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from application.projections.base import Projection, ViewWriter


@dataclass(frozen=True)
class ViewStatus:
    """Where a view stands: its position in the log, and whether it stopped on a poison event."""

    name: str
    position: int
    stopped: bool
    error: str | None
    updated_at: datetime | None


class ViewMoved(Exception):
    """Another runner committed this view first; the batch was not written (and will not be counted)."""


class BatchWriter(ViewWriter, Protocol):
    start: int  # the view's position when the batch began

    def commit(self, position: int | None) -> None:
        """Write the batch's rows, state and the new position in one transaction (no position: the view
        is held by a rebuild in parts, and only its rows and state are written)."""


class ViewStore(Protocol):
    def ensure(self, projection: Projection) -> None:
        """Create the view's tables if they are missing; a view whose tables changed shape since it was
        built is emptied, to be rebuilt from the start of the log."""

    def reset(self, projection: Projection, *, held: str | None = None) -> None:
        """Empty the view and set its position to zero; ``held``: and hold it stopped with that reason (a
        view being rebuilt beside the live one), in the same transaction, its indexes left for ``switch``."""

    def switch(self, live: Projection, rebuilt: Projection, held: str, position: int) -> str | None:
        """Put a view rebuilt beside the live one (``rebuilding``) in its place at ``position``, in one
        transaction; None when switched, else why not (the live view then stays as it was)."""

    def hold_states(self, name: str) -> None:
        """While this process folds a held view, keep its most recent states here rather than writing
        each batch's (it is their only writer); they are written when pushed out and by
        ``write_held_states``."""

    def write_held_states(self, name: str) -> None: ...

    def status(self, name: str) -> ViewStatus: ...

    def writer(self, projection: Projection, keys: set[str], start: int) -> BatchWriter:
        """A writer for one batch read after ``start``, with the state of ``keys`` read ahead; its commit
        fails with ``ViewMoved`` unless the view still stands at ``start``."""

    def analyze(self, projection: Projection) -> None:
        """After bulk writes: refresh the statistics of the view's tables (good plans) and, on PostgreSQL,
        their visibility maps (reports read covering indexes alone)."""

    def refuses(self, error: BaseException) -> bool:
        """Whether ``error`` says the store will not take this data (rather than that it is unavailable)."""

    def stop(self, name: str, position: int, error: str) -> None:
        """Mark the view stopped at ``position`` because of ``error`` (it never advances past it)."""

    def rows(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run a read-only query over the views (``:name`` parameters)."""

    def close(self) -> None: ...
