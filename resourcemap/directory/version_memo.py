"""Answers kept in this process for one data version (resourcemap.directory.version).

An answer that depends only on the public data (the articles grounding a category, the count
and first page of a broad search) is worked out once per data version and process, and
forgotten as soon as the data changes. The stamp is the version row's number and the time of
its last bump: the number alone could recur after a rolled-back transaction (a test's
savepoint), the pair cannot.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

from resourcemap.directory.version import read_version

Value = TypeVar("Value")
Stamp = tuple[int, int]


def data_stamp() -> Stamp:
    """(number, change time in microseconds) of the data this request reads (read once per request)."""
    return read_version()


class VersionMemo(Generic[Value]):
    """At most `size` answers (least recently used go first), all of one data stamp."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, Value] = OrderedDict()
        self._stamp: Stamp | None = None
        self._lock = threading.Lock()  # a threaded server shares the module between requests

    def get(self, stamp: Stamp, key: Hashable) -> Value | None:
        with self._lock:
            if stamp != self._stamp:
                self._entries.clear()  # the data changed: every kept answer may be wrong
                self._stamp = stamp
                return None
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, stamp: Stamp, key: Hashable, value: Value) -> None:
        with self._lock:
            if stamp != self._stamp:
                return  # worked out while the data moved on: nobody will ask for that stamp again
            self._entries[key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._stamp = None
