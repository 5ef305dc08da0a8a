"""Every benchmark runs end to end on a tiny scale and prints the JSON keys it promises (no timing is
asserted here: speed is measured by the benchmarks themselves)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow]

KEYS = {
    "write": {"bench", "concurrency", "ledger_per_s", "raw_per_s", "plain_per_s", "ratio_raw", "ratio_plain"}
    | {"p50_ms", "p99_ms", "ledger_cpu_us", "raw_cpu_us"},
    "http": {"bench", "concurrency", "http_per_s", "app_per_s", "ratio_app", "p50_ms", "p99_ms", "server_peak_rss_mb"},
    "project": {"bench", "events", "parts", "events_per_s", "decode_per_s", "ratio_decode", "peak_rss_mb"},
    "query": {"bench", "events", "query", "p50_ms", "p99_ms", "p99_vs_smallest", "peak_rss_mb"},
    "pages": {"bench", "events", "page", "p50_ms", "p95_ms", "p95_vs_pk_read", "under_target", "peak_rss_mb"},
}
TINY = {
    "write": ["--concurrency", "2", "--seconds", "0.3"],
    "http": ["--concurrency", "2", "--seconds", "0.5", "--workers", "1"],
    "project": ["--events", "1500"],
    "query": ["--sizes", "3000", "--sizes", "5000", "--samples", "3"],
    "pages": ["--sizes", "3000", "--samples", "2"],
}


def _run(name: str, database_url: str) -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", name, *TINY[name]],
        env={**os.environ, "CASELEDGER_DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


@pytest.mark.parametrize("name", ["write", "project", "query", "pages"])
def test_a_benchmark_runs_on_sqlite(name: str, tmp_path: Path) -> None:
    rows = _run(name, f"sqlite:///{tmp_path}/bench.sqlite")
    assert rows and all(KEYS[name] <= set(row) for row in rows)
    assert all(row["backend"] == "sqlite" for row in rows)


@pytest.mark.postgres
@pytest.mark.parametrize("name", ["write", "http", "project", "query"])
def test_a_benchmark_runs_on_postgres(name: str, pg_url: str) -> None:
    rows = _run(name, pg_url)
    assert rows and all(KEYS[name] <= set(row) for row in rows)
    rates = [row[k] for row in rows for k in ("ledger_per_s", "http_per_s", "events_per_s") if k in row]
    assert all(isinstance(rate, float) and rate > 0 for rate in rates)
    if name == "write":  # the CPU the ledger's processes and the raw baseline's spent
        assert all(row["ledger_cpu_us"] > 0 and row["raw_cpu_us"] > 0 for row in rows)
    if name == "project":  # in one part, and in two on the two-process default of this test's machine
        assert [row["parts"] for row in rows] == sorted({1, os.cpu_count() or 1})
    if name == "query":
        assert {row["query"] for row in rows} == {"pk_read", "history", "as_of", "queue", "responsibility"}
        assert len({row["events"] for row in rows}) == 2  # two sizes
