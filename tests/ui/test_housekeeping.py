"""Staff windows run the daily backup and the automatic day close on a timer, off the GUI thread."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from counter_app.domain.errors import DomainError
from counter_app.ui.common import ensure_app
from counter_app.ui.housekeeping import Housekeeping, standard_chores
from counter_app.ui.qt import QtCore


class _Backups:
    def __init__(self) -> None:
        self.threads: list[str] = []

    def run_daily_if_due(self) -> str | None:
        self.threads.append(threading.current_thread().name)
        return "backup-1.sqlite3" if len(self.threads) == 1 else None  # once a day


class _DayClose:
    def auto_close_if_due(self) -> None:
        raise DomainError("CSDL không phản hồi.")


class _Services:
    backups = _Backups()
    day_close = _DayClose()


def test_chores_run_off_the_gui_thread_repeatedly_and_survive_failures(qtbot: QtBot) -> None:
    ensure_app()
    services = _Services()
    owner = QtCore.QObject()
    chores = Housekeeping(standard_chores(services), owner, interval_ms=30, first_ms=0)
    done: list[tuple[str, object]] = []
    chores.done.connect(lambda name, result: done.append((name, result)))
    qtbot.waitUntil(lambda: len(services.backups.threads) >= 3, timeout=5_000)
    chores.stop()
    assert done == [("daily-backup", "backup-1.sqlite3")]
    assert threading.main_thread().name not in services.backups.threads
    assert set(standard_chores(object())) == set()
