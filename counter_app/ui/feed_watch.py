"""Watch the store's change feed on a worker thread and tell the GUI thread when data changed.

Screens in other processes (or on other PCs) learn about a call within a fraction of a second:
one background job blocks on :meth:`ChangeFeed.wait` for a short while, returns, and is submitted
again, so the GUI thread never waits. A failing feed (database down) is retried every few seconds
and meanwhile reported as a change, so the screen re-reads as soon as the database is back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from counter_app.domain.errors import DomainError
from counter_app.ui import theme
from counter_app.ui.qt import QtCore, Signal
from counter_app.ui.worker import Worker

_log = logging.getLogger(__name__)

WAIT_S = 0.3
RETRY_MS = 2000


class ChangeWatcher(QtCore.QObject):
    """Emits ``changed`` whenever the feed reports a change; ``stop()`` before closing."""

    changed = Signal()

    def __init__(self, open_feed: Callable[[], Any], parent: QtCore.QObject | None = None,
                 *, wait_s: float = WAIT_S) -> None:
        super().__init__(parent)
        self._open_feed = open_feed
        self._wait_s = wait_s
        self._feed: Any = None
        self._stopped = False
        self._worker = Worker(self, threads=1, name="change-feed")
        self._retry = theme.timer(self, self._next, single=True)

    def start(self) -> None:
        """Begin watching."""
        self._stopped = False
        self._next()

    def _wait(self) -> bool:
        """Runs on the watcher thread: open the feed once, then block briefly for a change."""
        if self._feed is None:
            self._feed = self._open_feed()
        return bool(self._feed.wait(self._wait_s))

    def _next(self) -> None:
        if not self._stopped:
            self._worker.submit(self._wait, self._answer, self._failed, key="wait")

    def _answer(self, changed: bool) -> None:
        if changed and not self._stopped:
            self.changed.emit()
        self._next()

    def _failed(self, error: DomainError) -> None:
        _log.warning("change feed unavailable: %s", error.message)
        feed, self._feed = self._feed, None
        if feed is not None:
            try:
                feed.close()
            except Exception:  # already broken
                pass
        if not self._stopped:
            self.changed.emit()
            self._retry.start(RETRY_MS)

    def stop(self) -> None:
        """Stop watching and release the feed's connection."""
        self._stopped = True
        self._retry.stop()
        self._worker.shutdown()
        if self._feed is not None:
            self._feed.close()
            self._feed = None


def watch_changes(parent: QtCore.QObject, open_feed: Callable[[], Any] | None,
                  on_change: Callable[[], None]) -> ChangeWatcher | None:
    """Start a watcher that calls ``on_change`` on every change, or None without a feed."""
    if open_feed is None:
        return None
    watcher = ChangeWatcher(open_feed, parent)
    watcher.changed.connect(on_change)
    watcher.start()
    return watcher
