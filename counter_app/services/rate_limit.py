"""A per-key sliding-window request limit kept in memory (the web service's per-address limit).

In memory on purpose: it is checked on every request, so it must cost no database write, and a
restart that forgets it harms no one. The per-code limit on failed lookups, which guards the
secret, lives in the database instead (:mod:`counter_app.services.web_lookup`).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

MAX_KEYS = 50_000  # addresses tracked at once; the quietest are forgotten first


class RequestLimiter:
    """At most ``limit`` requests per ``window_s`` seconds per key; thread-safe."""

    def __init__(self, limit: int, window_s: float = 60.0, *,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_KEYS) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}
        self._refused: set[str] = set()
        self._lock = threading.Lock()

    def hit(self, key: str) -> tuple[int, bool]:
        """Count a request of ``key``; return (seconds to wait, first refusal of this spell).

        ``(0, False)`` means the request may go ahead. A refused request is not counted, so a
        client that keeps knocking is let in again once its oldest counted request ages out.
        """
        now = self._clock()
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= self._max_keys:
                    self._forget(now)
                hits = self._hits[key] = deque()
            while hits and now - hits[0] >= self.window_s:
                hits.popleft()
            if len(hits) >= self.limit:
                first = key not in self._refused
                self._refused.add(key)
                return max(1, math.ceil(self.window_s - (now - hits[0]))), first
            self._refused.discard(key)
            hits.append(now)
            return 0, False

    def _forget(self, now: float) -> None:
        """Drop keys with no request in the window; if none, the oldest half."""
        idle = [k for k, d in self._hits.items() if not d or now - d[-1] >= self.window_s]
        if not idle:
            idle = sorted(self._hits, key=lambda k: self._hits[k][-1])[: len(self._hits) // 2]
        for k in idle:
            del self._hits[k]
            self._refused.discard(k)
