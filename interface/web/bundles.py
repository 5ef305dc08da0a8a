"""Bundle exports started from the console: each runs on a thread of its own and writes its file while
the page that started it shows how far it has got (lines written, of how many cases)."""

from __future__ import annotations

import secrets
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

KEPT = 20  # finished exports kept for download, the oldest forgotten first


@dataclass
class Export:
    """One bundle being written (or written): whose it is, its cases, how far it has got."""

    job: str
    person_id: str
    cases: int
    lines: int = 0
    done: bool = False
    error: str | None = None
    path: Path | None = None
    started: float = 0.0

    @property
    def state(self) -> str:
        return "failed" if self.error else "done" if self.done else "running"


@dataclass
class Exports:
    """The bundle exports of this server process (a restart forgets them; the bundles are re-made)."""

    _folder: Path | None = None  # made at the first export: most servers never write one
    _jobs: dict[str, Export] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, person_id: str, cases: int, lines: Callable[[], Iterable[str]]) -> Export:
        """Write the bundle ``lines`` make on a thread of its own; the export, to follow it."""
        export = Export(secrets.token_hex(8), person_id, cases)
        with self._lock:
            self._jobs[export.job] = export
            for old in list(self._jobs)[:-KEPT]:
                gone = self._jobs.pop(old)
                if gone.path:
                    gone.path.unlink(missing_ok=True)
        threading.Thread(target=self._write, args=(export, lines), daemon=True, name=f"bundle-{export.job}").start()
        return export

    def _write(self, export: Export, lines: Callable[[], Iterable[str]]) -> None:
        path = self.folder() / f"{export.job}.jsonl"
        try:
            with path.open("w", encoding="utf-8") as out:
                for line in lines():
                    out.write(line)
                    export.lines += 1
            export.path = path
        except Exception as error:
            export.error = f"{type(error).__name__}: {error}"
        export.done = True

    def folder(self) -> Path:
        with self._lock:
            if self._folder is None:
                self._folder = Path(tempfile.mkdtemp(prefix="caseledger-bundles-"))
            return self._folder

    def get(self, job: str, person_id: str) -> Export | None:
        """The export ``job``, if ``person_id`` started it (no one follows another's export)."""
        found = self._jobs.get(job)
        return found if found is not None and found.person_id == person_id else None
