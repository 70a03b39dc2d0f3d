"""Background jobs for windows: run a callable on a thread pool, get the answer on the GUI thread.

Database and printer I/O never run on the GUI thread. A window owns a :class:`Worker`; it submits
a callable and two callbacks. The callable runs on the worker's own :class:`QThreadPool`; its
result (or the :class:`DomainError` it raised) comes back through a queued signal, so the callbacks
run on the GUI thread and may touch widgets. Any other exception is logged with its traceback and
delivered as a DomainError with a plain Vietnamese message, so a window never dies of a bug in a
background job. A ``key`` makes a job exclusive: while one job with that key is pending, another
is skipped (the board's once-a-second refresh never piles up behind a slow database).

Losing the database is not a bug: a job that fails with
:class:`~counter_app.domain.errors.StoreUnavailable` (directly or as the cause of another error)
delivers that one Vietnamese line, and the worker's ``online(bool)`` signal reports the change of
connection state once (False at the first failure, True at the next job that succeeds), so a window
can show it in its status line instead of repeating an error.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from counter_app.domain.errors import DomainError, StoreUnavailable
from counter_app.ui.qt import QtCore, Signal

_log = logging.getLogger(__name__)
_T = TypeVar("_T")

UNEXPECTED = "Đã xảy ra lỗi không mong đợi. Vui lòng thử lại hoặc báo quản trị hệ thống."


class _Relay(QtCore.QObject):
    """Lives on the GUI thread; pool threads emit on it and Qt queues the call across."""

    finished = Signal(int, bool, object)


class Worker(QtCore.QObject):
    """Runs jobs on a private thread pool and calls back on the GUI thread.

    Signals: ``failed(DomainError)`` for jobs submitted without ``on_error``; ``idle()`` when the
    last pending job has been delivered.
    """

    failed = Signal(object)
    idle = Signal()
    online = Signal(bool)

    def __init__(self, parent: QtCore.QObject | None = None, *, threads: int = 2,
                 name: str = "worker") -> None:
        super().__init__(parent)
        self._pool = QtCore.QThreadPool(self)
        self._pool.setMaxThreadCount(max(1, threads))
        self._pool.setObjectName(name)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)
        self._ids = itertools.count(1)
        self._jobs: dict[int, tuple[str | None, Callable[[Any], None] | None,
                                    Callable[[DomainError], None] | None]] = {}
        self.is_online = True

    @property
    def pending(self) -> int:
        """Jobs submitted whose callbacks have not run yet."""
        return len(self._jobs)

    def busy(self, key: str) -> bool:
        """True while a job submitted with ``key`` is pending."""
        return any(k == key for k, _d, _e in self._jobs.values())

    def submit(
        self,
        fn: Callable[[], _T],
        on_done: Callable[[_T], None] | None = None,
        on_error: Callable[[DomainError], None] | None = None,
        *,
        key: str | None = None,
    ) -> bool:
        """Run ``fn`` off the GUI thread; return False (and do nothing) if ``key`` is busy."""
        if key is not None and self.busy(key):
            return False
        job_id = next(self._ids)
        self._jobs[job_id] = (key, on_done, on_error)
        relay = self._relay

        def task() -> None:
            ok = False
            value: object
            try:
                value = fn()
                ok = True
            except DomainError as exc:
                value = exc
            except Exception as exc:
                lost = _store_unavailable(exc)
                if lost is not None:
                    value = lost
                else:
                    _log.exception("background job failed")
                    value = DomainError(f"{UNEXPECTED} ({type(exc).__name__}: {exc})")
            try:
                relay.finished.emit(job_id, ok, value)
            except RuntimeError:  # the window (and its relay) is gone: nobody to tell
                pass

        self._pool.start(task)
        return True

    def _deliver(self, job_id: int, ok: bool, value: object) -> None:
        key_done_err = self._jobs.pop(job_id, None)
        if key_done_err is None:
            return
        _key, on_done, on_error = key_done_err
        self._track_connection(ok, value)
        try:
            if ok:
                if on_done is not None:
                    on_done(value)
            else:
                assert isinstance(value, DomainError)
                if on_error is not None:
                    on_error(value)
                else:
                    self.failed.emit(value)
        finally:
            if not self._jobs:
                self.idle.emit()

    def _track_connection(self, ok: bool, value: object) -> None:
        """Emit ``online`` when a job shows the connection was lost or is back."""
        if not ok and isinstance(value, StoreUnavailable) and value.offline:
            if self.is_online:
                self.is_online = False
                self.online.emit(False)
        elif ok and not self.is_online:
            self.is_online = True
            self.online.emit(True)

    def wait(self, timeout_ms: int = 10_000) -> bool:
        """Block until every job has run and been delivered (for tests and shutdown)."""
        deadline = QtCore.QDeadlineTimer(timeout_ms)
        while self._jobs and not deadline.hasExpired():
            self._pool.waitForDone(50)
            QtCore.QCoreApplication.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 50)
        return not self._jobs

    def shutdown(self, timeout_ms: int = 3_000) -> None:
        """Drop queued jobs and wait briefly for running ones; callbacks are not run any more."""
        self._pool.clear()
        self._jobs.clear()
        self._pool.waitForDone(timeout_ms)


def _store_unavailable(exc: BaseException) -> StoreUnavailable | None:
    """Return the StoreUnavailable in ``exc``'s cause chain, if any."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return None
        if isinstance(seen, StoreUnavailable):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None
