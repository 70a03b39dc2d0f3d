"""Live updates for the mobile tickets: one watcher thread per process turns the store's change
feed (:mod:`counter_app.adapters.db.change_feed`) into an asyncio signal every open stream awaits.

On SQLite the feed reports every commit to the file (the lookup log's too), so after each report
the watcher reads the queue's version (the newest ticket event) once and wakes the streams only
when it moved: N open phones cost one query per write, not N (an event stamped earlier than the
newest, by a PC whose clock is behind, waits for the periodic wake-up). Each stream also wakes every
``live_refresh_seconds`` (at most 5 s) on its own, so a missing or broken feed only makes updates
slower, never stops them.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import Protocol


class Feed(Protocol):
    """What the watcher needs of a change feed."""

    def wait(self, timeout: float) -> bool:
        """Block until a change or ``timeout`` seconds; True on change."""
        ...

    def close(self) -> None:
        """Release the feed."""
        ...


class ChangeSignal:
    """Wakes every waiting stream when the store changes (or the feed reconnects)."""

    def __init__(self, feed_factory: Callable[[], Feed] | None,
                 version: Callable[[], object] | None = None) -> None:
        self._feed_factory = feed_factory
        self._version = version
        self._loop: asyncio.AbstractEventLoop | None = None
        self._event: asyncio.Event | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start watching (call from the event loop, at application start-up)."""
        self._loop = asyncio.get_running_loop()
        self._event = asyncio.Event()
        if self._feed_factory is not None:
            self._thread = threading.Thread(target=self._watch, name="web-change-feed",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the watcher thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=3)

    def _watch(self) -> None:
        assert self._feed_factory is not None
        try:
            feed = self._feed_factory()
        except Exception:  # no feed (e.g. database down): the streams poll on their own
            return
        seen = self._read_version()
        try:
            while not self._stop.is_set():
                if not feed.wait(0.5) or self._loop is None:
                    continue
                now = self._read_version()
                if now is not None and now == seen:
                    continue  # a write that changed no ticket (e.g. the lookup log)
                seen = now
                with contextlib.suppress(RuntimeError):  # loop closed at shutdown
                    self._loop.call_soon_threadsafe(self._fire)
        finally:
            feed.close()

    def _read_version(self) -> object:
        """The queue's version, or None (unknown: wake the streams) without a reader or on error."""
        if self._version is None:
            return None
        try:
            return self._version()
        except Exception:
            return None

    def _fire(self) -> None:
        event, self._event = self._event, asyncio.Event()
        if event is not None:
            event.set()

    async def wait(self, timeout: float) -> bool:
        """Return True at the next change, False after ``timeout`` seconds without one."""
        if self._event is None:
            self._event = asyncio.Event()
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
        except TimeoutError:
            return False
        return True
