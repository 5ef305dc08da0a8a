"""Server workers and the command line settle their processes after start-up (``interface.runtime``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from interface.runtime import YOUNG_GENERATION

PROBE = "import gc; print(gc.get_threshold()[0], gc.get_freeze_count() > 0)"


def _python(code: str, tmp_path: Path) -> str:
    env = {**os.environ, "CASELEDGER_DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.sqlite'}"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, check=True
    )
    return done.stdout.split("\n")[-2]


def test_a_server_worker_freezes_its_start_up_and_collects_less_often(tmp_path: Path) -> None:
    code = f"from interface.api.app import app_from_env; app_from_env(); {PROBE}"
    assert _python(code, tmp_path) == f"{YOUNG_GENERATION} True"


def test_the_command_line_settles_before_it_runs_a_command(tmp_path: Path) -> None:
    code = (
        "import sys; from interface.cli import main as cli; sys.argv = ['caseledger', 'calendar', 'show', '2026'];"
        f"cli.main = lambda: print('ran') or 0; cli.run(); {PROBE}"
    )
    assert _python(code, tmp_path) == f"{YOUNG_GENERATION} True"


def test_without_settling_a_process_keeps_the_default_collector(tmp_path: Path) -> None:
    assert _python(PROBE, tmp_path) == "700 False"
