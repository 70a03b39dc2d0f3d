"""Background chores every staff window runs while open: the daily backup and the day close.

Every few minutes a job on the window's worker asks the backup service whether today's automatic
backup is due (it makes at most one per day after the configured hour and keeps the last N) and
the day-close service whether the day should be closed automatically. Both decide for themselves;
several windows asking at once is harmless. A failure is logged, never shown to the citizen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from counter_app.domain.errors import DomainError
from counter_app.ui.qt import QtCore, Signal
from counter_app.ui.theme import timer
from counter_app.ui.worker import Worker

_log = logging.getLogger(__name__)

INTERVAL_MS = 5 * 60 * 1000
FIRST_MS = 20_000


class Housekeeping(QtCore.QObject):
    """Runs ``chores`` (callables returning a result or None) every ``interval_ms``.

    ``done(name, result)`` fires for each chore that did something (returned non-None).
    """

    done = Signal(str, object)

    def __init__(self, chores: dict[str, Callable[[], Any]], parent: QtCore.QObject,
                 *, interval_ms: int = INTERVAL_MS, first_ms: int = FIRST_MS) -> None:
        super().__init__(parent)
        self.chores = dict(chores)
        self.worker = Worker(self, threads=1, name="housekeeping")
        self._timer = timer(self, self.run_now)
        self._first = timer(self, self.run_now, single=True)
        self._timer.start(interval_ms)
        self._first.start(first_ms)

    def run_now(self) -> None:
        """Ask each chore once (skipped while its previous run is still going)."""
        for name, chore in self.chores.items():
            self._submit(name, chore)

    def _submit(self, name: str, chore: Callable[[], Any]) -> None:
        def finished(result: Any) -> None:
            self._finished(name, result)

        def failed(error: DomainError) -> None:
            self._failed(name, error)

        self.worker.submit(chore, finished, failed, key=name)

    def _finished(self, name: str, result: Any) -> None:
        if result is not None:
            _log.info("housekeeping %s: %s", name, result)
            self.done.emit(name, result)

    def _failed(self, name: str, error: DomainError) -> None:
        _log.warning("housekeeping %s failed: %s", name, error.message)

    def stop(self) -> None:
        """Stop the timers and drop pending chores."""
        self._timer.stop()
        self._first.stop()
        self.worker.shutdown()


def standard_chores(services: Any) -> dict[str, Callable[[], Any]]:
    """The daily backup and the automatic day close of ``services`` (when it offers them).

    The services are looked up when a chore first runs (on the worker, 20 s after start), not
    here: building the day close loads the PDF library, which a window must not wait for.
    """
    chores: dict[str, Callable[[], Any]] = {}
    def offers(name: str) -> bool:  # without building it (a cached property runs on access)
        return hasattr(type(services), name) or name in getattr(services, "__dict__", {})

    if offers("backups"):
        chores["daily-backup"] = lambda: services.backups.run_daily_if_due()
    if offers("day_close"):
        chores["auto-day-close"] = lambda: services.day_close.auto_close_if_due()
    return chores
