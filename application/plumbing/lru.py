"""Small bounded mappings that forget the least recently used entries (and, one of them, old ones)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class LRU(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def update(self, items: dict[K, V]) -> None:
        with self._lock:
            for key, value in items.items():
                self._items[key] = value
                self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def discard(self, key: K) -> None:
        with self._lock:
            self._items.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class ExpiringLRU(Generic[K, V]):
    """An ``LRU`` whose entries are used for ``seconds`` at most: what another process changes meanwhile
    is seen here once its entry expires."""

    def __init__(self, size: int, seconds: float) -> None:
        self.seconds = seconds
        self._entries: LRU[K, tuple[float, V]] = LRU(size)

    def lookup(self, key: K) -> tuple[bool, V | None]:
        """Whether a fresh entry is kept for ``key``, and its value (which may itself be None)."""
        entry = self._entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            return False, None
        return True, entry[1]

    def get(self, key: K) -> V | None:
        return self.lookup(key)[1]

    def update(self, items: dict[K, V]) -> None:
        until = time.monotonic() + self.seconds
        self._entries.update({key: (until, value) for key, value in items.items()})

    def discard(self, key: K) -> None:
        self._entries.discard(key)

    def clear(self) -> None:
        self._entries.clear()
