"""Setting up a store: processes that start together on a fresh PostgreSQL schema all come up."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = [pytest.mark.postgres]

SET_UP = """
import sys
from infrastructure.settings import Settings
from interface.composition import opened
with opened(Settings(database_url=sys.argv[1])) as (ledger, views):
    print(len(views.runner.statuses()))
"""


def test_processes_starting_together_on_a_fresh_schema_all_set_it_up(pg_url: str) -> None:
    # Without the set-up lock, concurrent CREATE TABLE IF NOT EXISTS fails with "tuple concurrently updated".
    starts = [
        subprocess.Popen([sys.executable, "-c", SET_UP, pg_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    outcomes = [(p.wait(timeout=120), p.communicate()) for p in starts]
    assert [code for code, _ in outcomes] == [0] * 4, [err.decode()[-800:] for _, (_, err) in outcomes]
    assert len({out for _, (out, _) in outcomes}) == 1 and int(outcomes[0][1][0]) > 0
