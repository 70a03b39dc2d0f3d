"""Live updates for the mobile tickets: one watcher thread per process turns the store's change
feed (:mod:`counter_app.adapters.db.change_feed`) into an asyncio signal every open stream awaits.

Each stream also wakes every ``live_refresh_seconds`` (at most 5 s) on its own, so a missing or
broken feed only makes updates slower, never stops them.
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

    def __init__(self, feed_factory: Callable[[], Feed] | None) -> None:
        self._feed_factory = feed_factory
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
        try:
            while not self._stop.is_set():
                if feed.wait(0.5) and self._loop is not None:
                    with contextlib.suppress(RuntimeError):  # loop closed at shutdown
                        self._loop.call_soon_threadsafe(self._fire)
        finally:
            feed.close()

    def _fire(self) -> None:
        event, self._event = self._event, asyncio.Event()
        if event is not None:
            event.set()

    async def wait(self, timeout: float) -> None:
        """Return at the next change, or after ``timeout`` seconds."""
        if self._event is None:
            self._event = asyncio.Event()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), timeout)
