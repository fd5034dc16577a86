"""One suggestion per ticket, shared by the panel's part fragments.

The panel loads checklist, reply, next step, articles and SLA as separate
htmx fragments, in parallel, so a slow part never holds up the others or the
draft box. They all come from one ``suggest(ticket)``: this memo computes it
once per ticket (the first request computes, the others wait for that
answer) and keeps it for a minute, so five fragments cost one suggestion.
Failures are not kept: the next request tries again.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from typing import Generic, TypeVar

T = TypeVar("T")


def ticket_key(space: str, ticket_json: str) -> str:
    return space + ":" + hashlib.sha256(ticket_json.encode("utf-8")).hexdigest()


class SingleFlightMemo(Generic[T]):
    def __init__(self, ttl_seconds: float = 60.0, max_entries: int = 256,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.max_entries, self.clock = ttl_seconds, max_entries, clock
        self._entries: OrderedDict[str, tuple[float, Future[T]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, compute: Callable[[], T]) -> T:
        with self._lock:
            now = self.clock()
            entry = self._entries.get(key)
            owner = entry is None or now - entry[0] > self.ttl
            if owner:
                future: Future[T] = Future()
                self._entries[key] = (now, future)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
            else:
                future = entry[1]
        if owner:
            try:
                future.set_result(compute())
            except BaseException as exc:
                future.set_exception(exc)
                with self._lock:
                    if self._entries.get(key, (0, None))[1] is future:
                        del self._entries[key]
        return future.result()
