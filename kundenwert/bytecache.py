"""A least-recently-used cache bounded by the bytes it holds (the app's parse cache, shared by sessions)."""

from __future__ import annotations

import threading
from collections import OrderedDict


class ByteLRU:
    """Least-recently-used cache bounded by the bytes it holds (thread-safe: sessions run in threads).

    Values are bytes (pickled tables), so the budget is exact and every hit hands out a fresh copy:
    no session ever shares mutable objects with another.
    """

    def __init__(self, budget: int):
        self.budget = budget
        self._items: OrderedDict[tuple, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            blob = self._items.get(key)
            if blob is not None:
                self._items.move_to_end(key)
            return blob

    def put(self, key: tuple, blob: bytes) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old)
            if len(blob) > self.budget:
                return
            self._items[key] = blob
            self._bytes += len(blob)
            while self._bytes > self.budget:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped)

    @property
    def size(self) -> int:
        return self._bytes

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0
