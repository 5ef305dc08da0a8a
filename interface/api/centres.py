"""Several centres on one server: each request names its centre, whose ledger lives in its own schema.

A province runs many county centres on one PostgreSQL primary. Each centre keeps its own event table,
views, users and keys in a schema of its own (``Settings.for_centre``); a request says which with the
``X-Centre`` header. A centre's ledger is opened on its first request and kept for the server's life.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from application.ledger import CaseLedger
from infrastructure.settings import Settings
from interface.api.problems import ProblemError
from interface.composition import Views

CENTRE_HEADER = "X-Centre"


class Centres:
    def __init__(self, settings: Settings, open_centre: Callable[[Settings], tuple[CaseLedger, Views]]) -> None:
        self.settings, self.codes = settings, frozenset(settings.centres)
        self._open_centre = open_centre
        self._opened: dict[str, tuple[CaseLedger, Views]] = {}
        self._lock = threading.Lock()

    def get(self, code: str | None) -> tuple[CaseLedger, Views]:
        """The ledger and views of centre ``code``, opened on first use."""
        if not code:
            raise ProblemError(
                400,
                "centre-required",
                "Centre required",
                "this server holds several centres: send {header}",
                header=CENTRE_HEADER,
            )
        if code not in self.codes:
            raise ProblemError(
                404, "unknown-centre", "Unknown centre", "this server holds no centre '{code}'", code=code
            )
        opened = self._opened.get(code)
        if opened is None:
            with self._lock:  # one opening per centre, however many requests arrive at once
                opened = self._opened.get(code)
                if opened is None:
                    opened = self._opened[code] = self._open_centre(self.settings.for_centre(code))
        return opened

    def is_open(self, code: str | None) -> bool:
        return code in self._opened

    def close(self) -> None:
        with self._lock:
            for ledger, views in self._opened.values():
                views.close()
                ledger.close()
            self._opened.clear()
