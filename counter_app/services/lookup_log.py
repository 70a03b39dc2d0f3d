"""The public lookup log written off the request path: lines are queued and one thread appends them
in batches (one transaction per batch), so a successful lookup costs a read, not a write.

A line waits at most ``flush_every`` seconds (0.2 s) in memory; :meth:`LookupLogWriter.close`
writes what is left. When the database is unreachable the batch is kept and retried; past
``max_pending`` lines the oldest are dropped and the drop is counted (never blocking a citizen's
page on the log). Failed lookups do not come through here: they are logged in the same
transaction that counts the failure against the code.
"""

from __future__ import annotations

import collections
import threading
import time

from counter_app.services.ports.lifecycle import LookupLogEntry
from counter_app.services.unit_of_work import UnitOfWorkFactory

FLUSH_EVERY = 0.2
MAX_BATCH = 1000
MAX_PENDING = 100_000


class LookupLogWriter:
    """Batches lookup-log lines into the store from a background thread (thread-safe)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, *, flush_every: float = FLUSH_EVERY,
                 max_pending: int = MAX_PENDING) -> None:
        self.uow_factory = uow_factory
        self.flush_every = flush_every
        self.dropped = 0
        self._pending: collections.deque[LookupLogEntry] = collections.deque(maxlen=max_pending)
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, entry: LookupLogEntry) -> None:
        """Queue one line (written within ``flush_every`` seconds, or at once if not started)."""
        with self._lock:
            if len(self._pending) == self._pending.maxlen:
                self.dropped += 1
            self._pending.append(entry)
        if self._thread is None:
            self.flush()

    def start(self) -> None:
        """Start the writer thread."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="lookup-log", daemon=True)
            self._thread.start()

    def close(self) -> int:
        """Stop the thread and write what is left; return how many lines could not be written
        (the store is gone), never raising: the service is stopping either way."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        try:
            self.flush()
        except Exception:
            with self._lock:
                return len(self._pending)
        return 0

    def flush(self) -> None:
        """Write every queued line now (raises if the store cannot take them)."""
        with self._write_lock:
            while True:
                with self._lock:
                    batch = [self._pending.popleft()
                             for _ in range(min(MAX_BATCH, len(self._pending)))]
                if not batch:
                    return
                try:
                    with self.uow_factory(immediate=True) as uow:
                        uow.lifecycle.log_lookups(batch)
                        uow.commit()
                except Exception:
                    with self._lock:
                        self._pending.extendleft(reversed(batch))
                    raise

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.flush_every)
            self._wake.clear()
            try:
                self.flush()
            except Exception:  # store unreachable: keep the lines, try again shortly
                time.sleep(1.0)
