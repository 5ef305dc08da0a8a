"""The SQL view store: a batch reads back the states of its keys, on both backends."""

from __future__ import annotations

from datetime import date

import pytest

from application.projections.case_list import CaseListView
from application.projections.responsibility import CUSTODY, ResponsibilityView
from infrastructure.settings import Settings
from infrastructure.views.factory import open_view_store


def test_a_batch_reads_back_the_states_of_its_keys_and_only_those(stored_database_url: str) -> None:
    store = open_view_store(Settings(database_url=stored_database_url))
    view = CaseListView()
    store.ensure(view)
    keys = [f"case-{n:04d}" for n in range(1200)]  # more than one IN list on SQLite
    first = store.writer(view, set(keys), 0)
    for n, key in enumerate(keys):
        first.set_state(key, {"n": n, "note": "受理"})
    first.commit(10)
    wanted = {*keys[::7], "never-seen"}
    later = store.writer(view, wanted, 10)
    assert {key: later.state(key) for key in wanted} == {
        **{key: {"n": keys.index(key), "note": "受理"} for key in keys[::7]},
        "never-seen": None,
    }
    assert later.state(keys[1]) is None  # not asked for: not read
    store.close()


@pytest.mark.postgres
def test_the_view_sessions_run_without_jit(pg_url: str) -> None:
    store = open_view_store(Settings(database_url=pg_url))
    assert store.rows("SHOW jit", {}) == [{"jit": "off"}]
    store.close()


def test_a_period_of_days_starts_at_midnight_in_the_centres_time_zone(stored_database_url: str) -> None:
    store = open_view_store(Settings(database_url=stored_database_url))
    view = ResponsibilityView()
    store.ensure(view)
    writer = store.writer(view, set(), 0)
    for seq, start in enumerate(("2025-12-31T23:30:00+08:00", "2026-01-01T07:00:00+08:00"), start=1):
        row = dict.fromkeys(CUSTODY.column_names) | {"case_no": "C-1", "seq": seq, "from_at": start}
        writer.upsert(CUSTODY.name, row)
    writer.commit(1)
    # 07:00 on 1 January in Shanghai is 23:00 on 31 December in UTC: still the new year's.
    found = store.rows("SELECT seq FROM view_custody WHERE from_at >= :day", {"day": date(2026, 1, 1)})
    assert found == [{"seq": 2}]
    store.close()
