"""Reading the log one page ahead: every page once, in order; errors reach the reader; closing stops it."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from application.projections.read_ahead import Fetch, read_ahead


@dataclass(frozen=True)
class Note:
    id: int


def pages_of(log: list[int], size: int, fetched: list[int] | None = None) -> Fetch:
    def fetch(after: int) -> Sequence[Note]:
        if fetched is not None:
            fetched.append(after)
        return [Note(i) for i in log if i > after][:size]

    return fetch


def test_every_page_once_in_log_order() -> None:
    log = list(range(1, 24))
    with read_ahead(pages_of(log, 5), 0, 23) as pages:
        got = [[n.id for n in page] for page in pages]
    assert [i for page in got for i in page] == log and all(len(p) <= 5 for p in got)


def test_an_empty_page_ends_the_reading_before_the_head() -> None:
    with read_ahead(pages_of([1, 2], 5), 0, 10) as pages:
        assert [[n.id for n in page] for page in pages] == [[1, 2], []]


def test_an_error_while_reading_is_raised_in_the_reader() -> None:
    def fetch(after: int) -> Sequence[Note]:
        if after >= 4:
            raise RuntimeError("connection lost")
        return [Note(after + 1), Note(after + 2)]

    with pytest.raises(RuntimeError, match="connection lost"), read_ahead(fetch, 0, 100) as pages:
        for _ in pages:
            pass


def test_closing_early_stops_the_reading_thread() -> None:
    fetched: list[int] = []

    def readers() -> int:  # by name: other tests' threads may come and go meanwhile
        return sum(1 for t in threading.enumerate() if t.name == "caseledger-read-ahead")

    before = readers()
    with read_ahead(pages_of(list(range(1, 1000)), 1, fetched), 0, 999) as pages:
        next(iter(pages))
        assert readers() == before + 1
    assert readers() == before
    assert len(fetched) < 10  # it read a few pages ahead, not the whole log
