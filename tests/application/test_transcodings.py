"""The ledger's transcoder writes exactly the library's JSON, only faster, and reads it back."""

from __future__ import annotations

import decimal
import enum
import math
import sys
import tracemalloc
import uuid
from collections import namedtuple
from datetime import date, datetime
from itertools import islice
from typing import Any

import pytest
from eventsourcing.persistence import JSONTranscoder, TranscodingNotRegisteredError

from application.ledger import CaseLedger
from application.plumbing.transcodings import ENUMS, LedgerTranscoder
from domain.business_time import SHANGHAI
from domain.clocks import TimeLimit, TimeUnit
from domain.errors import InvalidValue
from domain.organisation.actors import Role
from infrastructure.views.sql_store import _state_json
from tests.application.helpers import simulate_year


def library_json(transcoder: LedgerTranscoder, state: Any) -> bytes:
    """What the library's own JSON transcoder writes for ``state`` with the same transcodings."""
    return JSONTranscoder.encode(transcoder, state)


def test_every_event_of_a_simulated_year_is_written_as_the_library_writes_it(ledger: CaseLedger) -> None:
    simulate_year(ledger, seed=7, cases=150)
    transcoder = ledger.store.mapper.transcoder
    assert isinstance(transcoder, LedgerTranscoder)
    stored = ledger.store.recorder.select_notifications(None, 100_000)
    seen: set[str] = set()
    for event in ledger.store.domain_events(stored):
        state = {k: v for k, v in vars(event).items() if k not in ("originator_id", "originator_version")}
        encoded, expected = transcoder.encode(state), library_json(transcoder, state)
        assert encoded == expected, type(event).__name__  # sealing is deterministic (a synthetic nonce)
        assert transcoder.decode(encoded) == state
        seen.update(_type_names(encoded))
    # the year's events carry most of the registered value types, each checked above
    assert {"actor", "clock_v1", "due_date", "item_terms", "step", "datetime_iso"} <= seen
    assert {"role", "channel", "clock", "time_unit", "date"} <= seen
    assert {"applicant" if transcoder.sealed is None else "applicant_sealed"} <= seen


def _type_names(encoded: bytes) -> set[str]:
    text = encoded.decode()
    return {part.split('"', 1)[0] for part in text.split('"_type_":"')[1:]}


class Shade(enum.StrEnum):  # a subclass of a JSON type the ledger has no transcoding for
    DARK = "dark"


Point = namedtuple("Point", "x y")


@pytest.mark.parametrize(
    "value",
    [
        '文字 with "quotes", \\ and \n newline \u2028 \x00',
        [1, -2, 3.5, 1e16, 2.5e-7, -0.0, float("nan"), float("-inf"), True, False, None, 2**62],
        {"nested": {"list": [(1, 2), ("a",)], "empty": {}}},
        {1: "an int key", "2": "a str key"},
        uuid.UUID("12345678-1234-5678-1234-567812345678"),
        decimal.Decimal("12.50"),
        frozenset({"b", "a", "c"}),
        date(2024, 2, 29),
        datetime(2026, 10, 1, 9, 30, tzinfo=SHANGHAI),
        Shade.DARK,
        Point(1, "y"),
        *(member for cls in ENUMS.values() for member in islice(cls, 2)),
    ],
    ids=lambda value: repr(
        sorted(value) if isinstance(value, frozenset) else value
    ),  # a set's order is the hash seed's
)
def test_each_kind_of_value_is_written_as_the_library_writes_it(value: Any) -> None:
    transcoder = LedgerTranscoder()
    state = {"value": value, "inside": [value, {"again": value}]}
    assert transcoder.encode(state) == library_json(transcoder, state)


def test_an_unregistered_type_is_refused_with_the_library_error() -> None:
    class Unknown:
        pass

    with pytest.raises(TranscodingNotRegisteredError):
        LedgerTranscoder().encode({"value": [Unknown()]})


def test_each_kind_of_value_reads_back_as_written() -> None:
    transcoder = LedgerTranscoder()
    state = {
        "nested": {"list": [[1, 2], {"again": date(2024, 2, 29)}]},
        "many": [TimeLimit(3), (Role.HANDLER, "x")],
        "set": frozenset({"a", "b"}),
        "not_a_number": float("nan"),  # written as the library writes it; only Python's JSON reads it
    }
    decoded = transcoder.decode(transcoder.encode(state))
    assert decoded["nested"] == {"list": [[1, 2], {"again": date(2024, 2, 29)}]}  # lists inside a dict stay lists
    assert decoded["many"] == (TimeLimit(3), (Role.HANDLER, "x"))  # the state's own lists become tuples
    assert decoded["set"] == frozenset({"a", "b"})
    assert math.isnan(decoded["not_a_number"])


def test_typed_values_in_a_list_at_the_top_read_back_as_the_library_reads_them() -> None:
    transcoder = LedgerTranscoder()
    encoded = transcoder.encode([date(2024, 2, 29), {"limit": TimeLimit(3)}])
    assert transcoder.decode(encoded) == JSONTranscoder.decode(transcoder, encoded)
    assert transcoder.decode(encoded) == [date(2024, 2, 29), {"limit": TimeLimit(3)}]


def test_a_stored_value_object_of_an_older_shape_gets_the_defaults_of_today() -> None:
    older = b'{"limit":{"_type_":"time_limit","_data_":{"value":5}}}'  # before the unit was a field
    assert LedgerTranscoder().decode(older) == {"limit": TimeLimit(5, TimeUnit.WORKING_DAY)}


def test_a_recorded_value_loads_even_if_todays_rules_would_refuse_it() -> None:
    recorded = (
        b'{"limit":{"_type_":"time_limit","_data_":{"value":-1,"unit":{"_type_":"time_unit","_data_":"calendar_day"}}}}'
    )
    with pytest.raises(InvalidValue):
        TimeLimit(-1, TimeUnit.CALENDAR_DAY)
    limit = LedgerTranscoder().decode(recorded)["limit"]
    assert (limit.value, limit.unit) == (-1, TimeUnit.CALENDAR_DAY)


def test_an_encoded_state_takes_the_room_of_its_bytes_only() -> None:
    """An in-memory ledger keeps every stored state, a rebuild thousands of view states: orjson's own
    result keeps the room of its buffer (kB for a small state), so both are copied to their size."""
    transcoder = LedgerTranscoder()
    state = {"opinion": "同意" * 50, "limit": TimeLimit(3)}
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = [transcoder.encode(state) for _ in range(1_000)] + [_state_json({"n": n}) for n in range(1_000)]
        used = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert used < 2 * sum(sys.getsizeof(b) for b in kept) + 20_000
