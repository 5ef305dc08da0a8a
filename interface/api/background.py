"""Projections and the deadline watcher in a thread of the server (the embedded SQLite set-up)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

from interface.composition import Views

log = logging.getLogger("caseledger.background")
POLL_SECONDS = 0.5
WATCH_SECONDS = 30.0


class BackgroundViews:
    def __init__(self, views: Views, clock: Callable[[], datetime]) -> None:
        self.views, self.clock = views, clock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="caseledger-views", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        last_watch = 0.0
        while not self._stop.is_set():
            try:
                self.views.runner.catch_up()
                if time.monotonic() - last_watch > WATCH_SECONDS:
                    self.views.watcher.run_once(self.clock())
                    last_watch = time.monotonic()
            except Exception:  # keep serving; the view status shows a stopped view
                log.exception("background projections failed; retrying")
            self._stop.wait(POLL_SECONDS)
