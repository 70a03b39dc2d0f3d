"""Client-side deadline for PostgreSQL round trips: a frozen server must not freeze the app.

``statement_timeout`` is enforced by the server, so it does nothing when the server process is
stopped or the cable is pulled: the kernel may still acknowledge packets while no answer ever
comes, and libpq waits forever. The :class:`Watchdog` keeps one deadline per connection that is
waiting on the server; a single daemon thread shuts the socket down (``shutdown(2)``, not
``close``, so the descriptor stays valid for its owner) when a deadline passes. The blocked call
then fails at once with a disconnect error, which the engine reports as
:class:`~counter_app.domain.errors.StoreUnavailable` and the pool discards the connection.
"""

from __future__ import annotations

import itertools
import os
import socket
import threading
import time


class Watchdog:
    """Deadlines keyed by token; an expired deadline shuts its socket down."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._armed: dict[int, tuple[float, int]] = {}
        self._tokens = itertools.count(1)
        self._thread: threading.Thread | None = None
        self._wake_at = 0.0
        self.fired = 0

    def arm(self, fileno: int, seconds: float) -> int:
        """Start a deadline of ``seconds`` for the socket ``fileno``; return its token."""
        with self._lock:
            token = next(self._tokens)
            deadline = time.monotonic() + seconds
            self._armed[token] = (deadline, fileno)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="db-watchdog",
                                                daemon=True)
                self._thread.start()
            elif deadline < self._wake_at:  # the thread sleeps past it: wake it up
                self._lock.notify()
            return token

    def disarm(self, token: int | None) -> None:
        """Cancel the deadline ``token`` (no effect if it already fired or is None)."""
        if token is None:
            return
        with self._lock:
            self._armed.pop(token, None)

    def _run(self) -> None:
        while True:
            with self._lock:
                now = time.monotonic()
                due = [t for t, (deadline, _fd) in self._armed.items() if deadline <= now]
                expired = [self._armed.pop(t)[1] for t in due]
                if not expired:
                    self._wake_at = min((d for d, _fd in self._armed.values()),
                                        default=now + 60)
                    self._lock.wait(max(0.01, self._wake_at - now))
                    continue
            for fileno in expired:
                _shutdown(fileno)
                self.fired += 1


def _shutdown(fileno: int) -> None:
    """Shut down the socket behind ``fileno`` without closing its owner's descriptor."""
    try:
        dup = os.dup(fileno)
    except OSError:
        return
    try:
        sock = socket.socket(fileno=dup)
    except OSError:
        os.close(dup)
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.close()


WATCHDOG = Watchdog()
