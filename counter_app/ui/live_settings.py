"""Pick up changes the admin makes while a public screen runs, without a restart.

:class:`LiveReader` re-reads something small (the board's display settings, the kiosk's priority
categories and counters) on the window's worker when poked — by the change feed or a timer —
at most once per ``delay_ms``, and hands it to ``apply`` on the GUI thread only when it changed.
A failed read is ignored (the next poke tries again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from counter_app.ui.qt import QtCore
from counter_app.ui.theme import timer
from counter_app.ui.worker import Worker

DELAY_MS = 1500


class LiveReader(QtCore.QObject):
    """Reads with ``read()`` after a poke and calls ``apply(value)`` when the value changed."""

    def __init__(self, parent: QtCore.QObject, read: Callable[[], Any],
                 apply: Callable[[Any], None], *, current: Any = None,
                 delay_ms: int = DELAY_MS) -> None:
        super().__init__(parent)
        self._read, self._apply, self.current = read, apply, current
        self._delay = delay_ms
        self.worker = Worker(self, threads=1, name="live-settings")
        self._timer = timer(self, self._fetch, single=True)

    def poke(self) -> None:
        """Something may have changed: read again soon (pokes in a burst read once)."""
        if not self._timer.isActive():
            self._timer.start(self._delay)

    def _fetch(self) -> None:
        self.worker.submit(self._read, self._got, lambda _e: None, key="read")

    def _got(self, value: Any) -> None:
        if value != self.current:
            self.current = value
            self._apply(value)

    def stop(self) -> None:
        """Stop reading."""
        self._timer.stop()
        self.worker.shutdown()
