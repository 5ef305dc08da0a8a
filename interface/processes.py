"""Running the ledger's own commands as child processes: API servers and workers.

Used by the end-to-end tests and the HTTP benchmark, which drive real server processes the way
production runs them (see "Production layout" in the README).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def spawn(database_url: str, *args: str, output: IO[bytes] | None = None, **env: str) -> subprocess.Popen[bytes]:
    """``caseledger ARGS`` in a child process on ``database_url``; its output goes to ``output`` or nowhere.

    Never to a pipe nobody reads: a chatty server blocks once the pipe's buffer is full.
    """
    sink: IO[bytes] | int = output if output is not None else subprocess.DEVNULL
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module, arguments from our callers
        [sys.executable, "-m", "interface.cli.main", *args],
        env={**os.environ, "CASELEDGER_DATABASE_URL": database_url, **env},
        stdout=sink,
        stderr=subprocess.STDOUT if output is not None else subprocess.DEVNULL,
    )


@dataclass(frozen=True)
class RunningServer:
    url: str  # the base URL, e.g. http://127.0.0.1:8123
    pid: int  # the server's process (its uvicorn workers are its children)


@contextmanager
def api_server(database_url: str, *, workers: int = 1, timeout: float = 60.0, **env: str) -> Iterator[RunningServer]:
    """A running ``caseledger serve`` on a free port, stopped afterwards."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        process = spawn(database_url, "serve", "--port", str(port), "--workers", str(workers), output=log, **env)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(url, process, log, timeout)
            yield RunningServer(url, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: IO[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            output = log.read().decode(errors="replace")
            raise RuntimeError(f"the server exited with {process.returncode}:\n{output[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/openapi.json", timeout=10) as response:  # noqa: S310 - http only
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not come up within {timeout:.0f} s")
